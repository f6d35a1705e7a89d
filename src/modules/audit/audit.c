#include "modules/audit/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/hex.h"

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Length-prefixed fields, so no value can imitate a separator. */
static void field(crypto_hash_sha256_state *st, const char *s)
{
    char len[24];
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)n);
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void field_int(crypto_hash_sha256_state *st, int64_t v)
{
    char s[24];
    snprintf(s, sizeof s, "%lld", (long long)v);
    field(st, s);
}

static void row_hash(int64_t seq, int64_t at, int64_t city, int64_t user, const char *action,
                     const char *entity, int64_t entity_id, const char *detail, const char *prev,
                     char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    field_int(&st, seq);
    field_int(&st, at);
    field_int(&st, city);
    field_int(&st, user);
    field(&st, action);
    field(&st, entity);
    field_int(&st, entity_id);
    field(&st, detail);
    field(&st, prev);
    unsigned char h[32];
    crypto_hash_sha256_final(&st, h);
    hex_encode(h, sizeof h, out);
}

int audit_append(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                 const char *entity, int64_t entity_id, json_t *detail)
{
    /* Taking the head row's lock first serialises concurrent appends on both engines. */
    if (db_exec(c, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1", DB_NOARGS, NULL) != DB_OK)
        return -1;
    db_rows *r = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", DB_NOARGS);
    if (!r) return -1;
    int64_t seq = 0;
    char prev[65] = "";
    if (db_next(r)) {
        seq = db_int(r, 0);
        snprintf(prev, sizeof prev, "%s", db_text(r, 1));
    }
    if (db_rows_close(r) != DB_OK || !seq) return -1;
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
    if (!d) return -1;
    int64_t at = clock_now_us();
    char h[65];
    row_hash(seq, at, city_id, user_id, action, entity, entity_id, d, prev, h);
    db_rc rc = db_exec(c,
                       "INSERT INTO audit_log (seq, at, city_id, user_id, action, entity, "
                       "entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       DB_ARGS(DB_INT(seq), DB_INT(at), city_id ? DB_INT(city_id) : DB_NULL,
                               user_id ? DB_INT(user_id) : DB_NULL, DB_TEXT(action),
                               DB_TEXT(entity), entity_id ? DB_INT(entity_id) : DB_NULL, DB_TEXT(d),
                               DB_TEXT(prev), DB_TEXT(h)),
                       NULL);
    free(d);
    if (rc != DB_OK) return -1;
    return db_exec(c, "UPDATE audit_head SET hash = ? WHERE id = 1", DB_ARGS(DB_TEXT(h)), NULL) ==
                   DB_OK
               ? 0
               : -1;
}

int audit_verify(db_conn *c, int64_t *rows, int64_t *bad_seq, char *why, size_t whylen)
{
    *rows = 0;
    *bad_seq = 0;
    db_rows *r = db_query(c,
                          "SELECT seq, at, COALESCE(city_id, 0), COALESCE(user_id, 0), action, "
                          "entity, COALESCE(entity_id, 0), detail, prev_hash, hash "
                          "FROM audit_log ORDER BY seq",
                          DB_NOARGS);
    if (!r) {
        snprintf(why, whylen, "cannot read the audit log: %s", db_errmsg(c));
        return -1;
    }
    char prev[65];
    memcpy(prev, GENESIS, sizeof prev);
    int64_t expect = 1;
    int rc = 0;
    while (db_next(r)) {
        int64_t seq = db_int(r, 0);
        char h[65];
        if (seq != expect) {
            snprintf(why, whylen, "row %lld is missing", (long long)expect);
            *bad_seq = expect;
            rc = -1;
            break;
        }
        if (strcmp(db_text(r, 8), prev) != 0) {
            snprintf(why, whylen, "row %lld does not follow the previous row's hash",
                     (long long)seq);
            *bad_seq = seq;
            rc = -1;
            break;
        }
        row_hash(seq, db_int(r, 1), db_int(r, 2), db_int(r, 3), db_text(r, 4), db_text(r, 5),
                 db_int(r, 6), db_text(r, 7), prev, h);
        if (strcmp(h, db_text(r, 9)) != 0) {
            snprintf(why, whylen, "row %lld was altered: its content does not match its hash",
                     (long long)seq);
            *bad_seq = seq;
            rc = -1;
            break;
        }
        memcpy(prev, h, sizeof prev);
        expect++;
        (*rows)++;
    }
    db_rows_close(r);
    if (rc) return rc;
    /* Rows cut from the end leave the head pointing past the last row. */
    db_rows *head = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", DB_NOARGS);
    if (head && db_next(head)) {
        if (db_int(head, 0) != expect - 1 || strcmp(db_text(head, 1), prev) != 0) {
            snprintf(why, whylen, "rows after %lld were removed (the head records row %lld)",
                     (long long)(expect - 1), (long long)db_int(head, 0));
            *bad_seq = expect;
            rc = -1;
        }
    }
    db_rows_close(head);
    return rc;
}

json_t *audit_recent(db_conn *c, int n)
{
    return db_query_json(c,
                         "SELECT a.seq, a.at, a.action, a.entity, COALESCE(a.entity_id, 0) AS "
                         "entity_id, u.email AS user FROM audit_log a LEFT JOIN users u "
                         "ON u.id = a.user_id ORDER BY a.seq DESC LIMIT ?",
                         DB_ARGS(DB_INT(n)));
}

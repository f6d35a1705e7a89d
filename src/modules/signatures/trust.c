/* The trusted anchors and CRLs, in the settings table so that every instance uses the same. */
#include <stdlib.h>
#include <string.h>

#include "modules/audit/audit.h"
#include "modules/signatures/signatures.h"

static const char *const KEYS[2] = {"signature_trust_anchors", "signature_trust_crls"};
static const char LIST_KEY[] = "signature_trust_list";

int sig_trust_load(db_conn *c, char **anchors_pem, char **crls_pem)
{
    char *texts[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        db_rows *r =
            db_query(c, "SELECT value FROM settings WHERE key = ?", DB_ARGS(DB_TEXT(KEYS[i])));
        if (!r) goto fail;
        texts[i] = strdup(db_next(r) ? db_text(r, 0) : "");
        db_rows_close(r);
        if (!texts[i]) goto fail;
    }
    *anchors_pem = texts[0];
    *crls_pem = texts[1];
    return 0;
fail:
    free(texts[0]);
    free(texts[1]);
    return -1;
}

static int put(db_conn *c, const char *key, const char *value)
{
    return db_exec(c,
                   "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                   "SET value = excluded.value",
                   DB_ARGS(DB_TEXT(key), DB_TEXT(value)), NULL) == DB_OK
               ? 0
               : -1;
}

int sig_trust_save(db_conn *c, const char *anchors_pem, const char *crls_pem, int64_t by_user)
{
    sig_trust check = {anchors_pem, crls_pem};
    json_t *d = sig_trust_describe(&check);
    if (!d) return 1;
    const char *texts[2] = {anchors_pem, crls_pem};
    for (int i = 0; i < 2; i++) {
        if (texts[i] && put(c, KEYS[i], texts[i]) != 0) {
            json_decref(d);
            return -1;
        }
    }
    /* Anchors given by hand are no longer the trusted list's. */
    if (anchors_pem && db_exec(c, "DELETE FROM settings WHERE key = ?", DB_ARGS(DB_TEXT(LIST_KEY)),
                               NULL) != DB_OK) {
        json_decref(d);
        return -1;
    }
    int au = audit_append(c, 0, by_user, "signature_trust", "settings", 0, d);
    json_decref(d);
    return au ? -1 : 0;
}

int sig_trust_list_save(db_conn *c, json_t *list, const char *anchors_pem, int64_t by_user)
{
    char *text = json_dumps(list, JSON_COMPACT);
    int rc = text && put(c, LIST_KEY, text) == 0 && put(c, KEYS[0], anchors_pem) == 0 &&
                     audit_append(c, 0, by_user, "signature_trust_list", "settings", 0, list) == 0
                 ? 0
                 : -1;
    free(text);
    return rc;
}

json_t *sig_trust_list_load(db_conn *c)
{
    db_rows *r =
        db_query(c, "SELECT value FROM settings WHERE key = ?", DB_ARGS(DB_TEXT(LIST_KEY)));
    if (!r) return NULL;
    json_t *list = db_next(r) ? json_loads(db_text(r, 0), 0, NULL) : NULL;
    db_rows_close(r);
    return list ? list : json_null();
}

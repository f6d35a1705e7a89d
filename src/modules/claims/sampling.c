/* Sampled on-the-spot checks: a draw anyone can repeat from its seed. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "modules/audit/audit.h"
#include "modules/claims/claims.h"

typedef struct keyed {
    char key[65];
    int64_t id;
} keyed;

static int by_key(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

size_t sample_order(const char *seed, int64_t *ids, size_t n, int64_t rate_bp)
{
    if (n == 0) return 0;
    keyed *k = calloc(n, sizeof *k);
    if (!k) return 0;
    for (size_t i = 0; i < n; i++) {
        char text[160];
        int len = snprintf(text, sizeof text, "%s:%lld", seed, (long long)ids[i]);
        sha256_hex(text, (size_t)len, k[i].key);
        k[i].id = ids[i];
    }
    qsort(k, n, sizeof *k, by_key);
    for (size_t i = 0; i < n; i++) ids[i] = k[i].id;
    free(k);
    /* Rounded up: a rate never yields an empty sample from a non-empty population. */
    size_t take = (size_t)(((int64_t)n * rate_bp + 9999) / 10000);
    return take ? take : 1;
}

static json_t *ids_json(const int64_t *ids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, json_integer(ids[i]));
    return a;
}

static db_rc store_json(db_conn *c, const char *sql, json_t *v, int64_t id)
{
    char *text = json_dumps(v, JSON_COMPACT);
    db_rc d = text ? db_exec(c, sql, DB_ARGS(DB_TEXT(text), DB_INT(id)), NULL) : DB_ERROR;
    free(text);
    return d;
}

claim_rc sample_draw(db_conn *c, int64_t city_id, int64_t rate_bp, const char *seed,
                     int64_t user_id, int64_t now, int64_t *draw_id)
{
    char random_seed[33];
    if (!seed || !*seed) {
        unsigned char raw[16];
        randombytes_buf(raw, sizeof raw);
        hex_encode(raw, sizeof raw, random_seed);
        seed = random_seed;
    }
    json_t *rows = db_query_json(c,
                                 "SELECT e.id FROM expense_claims e "
                                 "JOIN agreements g ON g.id = e.agreement_id "
                                 "WHERE g.city_id = ? AND e.state IN ('submitted', 'checked') "
                                 "AND e.id NOT IN (SELECT claim_id FROM spot_checks) ORDER BY e.id",
                                 DB_ARGS(DB_INT(city_id)));
    size_t n = json_array_size(rows);
    if (!rows || n == 0) {
        json_decref(rows);
        return rows ? CLAIM_NOTHING_DUE : CLAIM_ERROR;
    }
    int64_t *ids = calloc(n, sizeof *ids);
    if (!ids) {
        json_decref(rows);
        return CLAIM_ERROR;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = json_integer_value(json_object_get(json_array_get(rows, i), "id"));
    json_decref(rows);
    json_t *population = ids_json(ids, n);
    size_t take = sample_order(seed, ids, n, rate_bp);
    json_t *selected = ids_json(ids, take);
    claim_rc rc = CLAIM_OK;
    if (db_query_int(
            c,
            "INSERT INTO sample_draws (city_id, seed, rate_bp, population, selected, "
            "drawn_by, drawn_at) VALUES (?, ?, ?, '', '', ?, ?) RETURNING id",
            DB_ARGS(DB_INT(city_id), DB_TEXT(seed), DB_INT(rate_bp), DB_INT(user_id), DB_INT(now)),
            draw_id) != DB_OK ||
        store_json(c, "UPDATE sample_draws SET population = ? WHERE id = ?", population,
                   *draw_id) != DB_OK ||
        store_json(c, "UPDATE sample_draws SET selected = ? WHERE id = ?", selected, *draw_id) !=
            DB_OK)
        rc = CLAIM_ERROR;
    for (size_t i = 0; i < take && rc == CLAIM_OK; i++)
        if (db_exec(c, "INSERT INTO spot_checks (claim_id, draw_id) VALUES (?, ?)",
                    DB_ARGS(DB_INT(ids[i]), DB_INT(*draw_id)), NULL) != DB_OK)
            rc = CLAIM_ERROR;
    free(ids);
    json_decref(population);
    json_decref(selected);
    if (rc == CLAIM_OK &&
        audit_append(c, city_id, user_id, "sample_draw", "sample_draw", *draw_id, NULL))
        rc = CLAIM_ERROR;
    return rc;
}

claim_rc spot_check_record(db_conn *c, int64_t city_id, int64_t claim_id, const char *outcome,
                           const char *visited_on, const char *note, int64_t user_id)
{
    int64_t agreement = 0, changed = 0;
    db_query_int(c,
                 "SELECT e.agreement_id FROM spot_checks s JOIN expense_claims e ON e.id = "
                 "s.claim_id JOIN agreements g ON g.id = e.agreement_id "
                 "WHERE s.claim_id = ? AND g.city_id = ?",
                 DB_ARGS(DB_INT(claim_id), DB_INT(city_id)), &agreement);
    if (!agreement) return CLAIM_NOT_FOUND;
    if (claims_manages(c, agreement, user_id)) return CLAIM_SEPARATION;
    if (db_exec(c,
                "UPDATE spot_checks SET outcome = ?, visited_on = ?, note = ?, checked_by = ? "
                "WHERE claim_id = ? AND outcome = 'pending'",
                DB_ARGS(DB_TEXT(outcome), DB_TEXT(visited_on), DB_TEXT(note), DB_INT(user_id),
                        DB_INT(claim_id)),
                &changed) != DB_OK)
        return CLAIM_ERROR;
    if (!changed) return CLAIM_WRONG_STATE;
    return audit_append(c, city_id, user_id, "spot_check", "expense_claim", claim_id, NULL)
               ? CLAIM_ERROR
               : CLAIM_OK;
}

json_t *controls_overview(db_conn *c, int64_t city_id)
{
    json_t *queue = db_query_json(
        c,
        "SELECT e.id, e.label, e.state, e.submitted_at, g.id AS agreement_id, o.name AS "
        "organisation, (SELECT COUNT(*) FROM expense_lines l WHERE l.claim_id = e.id "
        "AND l.decision = 'pending') AS pending_lines "
        "FROM expense_claims e JOIN agreements g ON g.id = e.agreement_id "
        "JOIN organisations o ON o.id = g.organisation_id "
        "WHERE g.city_id = ? AND e.state = 'submitted' ORDER BY e.submitted_at, e.id",
        DB_ARGS(DB_INT(city_id)));
    json_t *draws = db_query_json(c,
                                  "SELECT d.id, d.seed, d.rate_bp, d.population, d.selected, "
                                  "d.drawn_at, u.name AS drawn_by FROM sample_draws d "
                                  "JOIN users u ON u.id = d.drawn_by WHERE d.city_id = ? "
                                  "ORDER BY d.id DESC",
                                  DB_ARGS(DB_INT(city_id)));
    size_t i;
    json_t *d;
    json_array_foreach(draws, i, d)
    {
        /* Stored as JSON text; given back as arrays. */
        const char *keys[] = {"population", "selected"};
        for (int k = 0; k < 2; k++) {
            json_t *v = json_loads(json_string_value(json_object_get(d, keys[k])), 0, NULL);
            json_object_set_new(d, keys[k], v ? v : json_array());
        }
        json_object_set_new(
            d, "population_n",
            json_integer((json_int_t)json_array_size(json_object_get(d, "population"))));
    }
    json_t *spots = db_query_json(c,
                                  "SELECT s.claim_id, s.draw_id, s.outcome, s.note, s.visited_on, "
                                  "e.label, o.name AS organisation FROM spot_checks s "
                                  "JOIN expense_claims e ON e.id = s.claim_id "
                                  "JOIN agreements g ON g.id = e.agreement_id "
                                  "JOIN organisations o ON o.id = g.organisation_id "
                                  "WHERE g.city_id = ? ORDER BY s.draw_id DESC, s.claim_id",
                                  DB_ARGS(DB_INT(city_id)));
    return json_pack("{s:o,s:o,s:o}", "queue", queue ? queue : json_array(), "draws",
                     draws ? draws : json_array(), "spot_checks", spots ? spots : json_array());
}

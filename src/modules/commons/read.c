/* Reading pacts: the city's list with its deadlines, one pact with its people and balance,
 * and the open data. */
#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "modules/commons/commons.h"
#include "modules/protocol/protocol.h"

json_t *pacts_list(db_conn *c, int64_t city_id, const char *state, const char *today)
{
    json_t *rows = db_query_json(
        c,
        "SELECT p.id, p.title, p.proposer_kind, p.proposer_name, p.state, p.answer_due, "
        "p.starts_on, p.ends_on, p.is_open, g.id AS good_id, g.name AS good_name, "
        "g.neighbourhood, CASE WHEN p.state = 'proposed' AND p.answer_due < ? THEN 1 ELSE 0 END "
        "AS is_overdue, CASE WHEN p.state = 'active' AND p.ends_on < ? THEN 1 ELSE 0 END AS "
        "is_expired, (SELECT COUNT(*) FROM pact_signatories s WHERE s.pact_id = p.id AND "
        "s.left_at IS NULL) AS signatories FROM pacts p JOIN commons_goods g ON g.id = p.good_id "
        "WHERE p.city_id = ? AND (? = '' OR p.state = ?) ORDER BY p.id DESC",
        DB_ARGS(DB_TEXT(today), DB_TEXT(today), DB_INT(city_id), DB_TEXT(state ? state : ""),
                DB_TEXT(state ? state : "")));
    return rows;
}

json_t *pact_get(db_conn *c, int64_t id, const char *today)
{
    json_t *p = db_query_object(
        c,
        "SELECT p.id, p.city_id, p.kind, p.title, p.activities, p.proposer_kind, "
        "p.proposer_name, p.proposer_user_id, p.months, p.is_open, p.state, p.submitted_at, "
        "CASE WHEN p.renewals > 0 THEN 1 ELSE 0 END AS has_renewals, "
        "p.answer_due, p.published_at, p.comments_until, p.starts_on, p.ends_on, p.renewals, "
        "p.reason, p.decided_at, g.id AS good_id, g.name AS good_name, g.address AS good_address, "
        "g.neighbourhood, e.year AS protocol_year, e.number AS protocol_number, CASE WHEN "
        "p.state = 'proposed' AND p.answer_due < ? THEN 1 ELSE 0 END AS is_overdue, CASE WHEN "
        "p.state = 'active' AND p.ends_on < ? THEN 1 ELSE 0 END AS is_expired, CASE WHEN "
        "p.state = 'published' AND p.comments_until >= ? THEN 1 ELSE 0 END AS is_commenting "
        "FROM pacts p JOIN commons_goods g ON g.id = p.good_id LEFT JOIN protocol_entries e ON "
        "e.id = p.protocol_entry_id WHERE p.id = ?",
        DB_ARGS(DB_TEXT(today), DB_TEXT(today), DB_TEXT(today), DB_INT(id)));
    if (!p) return NULL;
    json_t *one = json_array();
    json_array_append(one, p);
    protocol_label_each(one, "protocol_year", "protocol_number", "protocol_label");
    json_decref(one);
    json_t *people = db_query_json(c,
                                   "SELECT s.user_id, u.name, s.role, s.joined_at FROM "
                                   "pact_signatories s JOIN users u ON u.id = s.user_id WHERE "
                                   "s.pact_id = ? AND s.left_at IS NULL ORDER BY s.joined_at, s.id",
                                   DB_ARGS(DB_INT(id)));
    json_t *comments = db_query_json(c,
                                     "SELECT m.text, m.created_at, u.name FROM pact_comments m "
                                     "JOIN users u ON u.id = m.user_id WHERE m.pact_id = ? ORDER "
                                     "BY m.created_at, m.id",
                                     DB_ARGS(DB_INT(id)));
    json_t *ledger =
        db_query_json(c,
                      "SELECT side, kind, description, hours_centi, value_cents, "
                      "on_date FROM pact_ledger WHERE pact_id = ? ORDER BY on_date, id",
                      DB_ARGS(DB_INT(id)));
    /* The community balance: what each side put in, in euro and in hours. */
    json_t *balance = db_query_object(
        c,
        "SELECT COALESCE(SUM(CASE WHEN side = 'city' THEN value_cents END), 0) AS city_cents, "
        "COALESCE(SUM(CASE WHEN side = 'citizens' THEN value_cents END), 0) AS citizens_cents, "
        "COALESCE(SUM(CASE WHEN side = 'city' THEN hours_centi END), 0) AS city_hours_centi, "
        "COALESCE(SUM(CASE WHEN side = 'citizens' THEN hours_centi END), 0) AS "
        "citizens_hours_centi FROM pact_ledger WHERE pact_id = ?",
        DB_ARGS(DB_INT(id)));
    /* Hours are typed whole and kept in hundredths. */
    size_t i;
    json_t *x;
    json_array_foreach(ledger, i, x)
    {
        json_object_set_new(
            x, "hours", json_integer(json_integer_value(json_object_get(x, "hours_centi")) / 100));
    }
    json_object_set_new(
        balance, "city_hours",
        json_integer(json_integer_value(json_object_get(balance, "city_hours_centi")) / 100));
    json_object_set_new(
        balance, "citizens_hours",
        json_integer(json_integer_value(json_object_get(balance, "citizens_hours_centi")) / 100));
    json_object_set_new(p, "signatories", people ? people : json_array());
    json_object_set_new(p, "comments", comments ? comments : json_array());
    json_object_set_new(p, "ledger", ledger ? ledger : json_array());
    json_object_set_new(p, "balance", balance ? balance : json_object());
    return p;
}

static void cents_text(int64_t cents, char out[32])
{
    snprintf(out, 32, "%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

int pacts_csv(db_conn *c, int64_t city_id, buf *out)
{
    /* Like Bologna's dataset: one line per pact; a resident proposer is not named. */
    db_rows *r = db_query(
        c,
        "SELECT p.id, p.title, g.name, g.kind, g.address, g.neighbourhood, g.latitude_e6, "
        "g.longitude_e6, p.proposer_kind, CASE WHEN p.proposer_kind = 'resident' THEN '' ELSE "
        "p.proposer_name END, p.state, p.answer_due, p.starts_on, p.ends_on, p.renewals, "
        "(SELECT COUNT(*) FROM pact_signatories s WHERE s.pact_id = p.id AND s.left_at IS NULL), "
        "(SELECT COALESCE(SUM(value_cents), 0) FROM pact_ledger l WHERE l.pact_id = p.id AND "
        "l.side = 'city'), (SELECT COALESCE(SUM(value_cents), 0) FROM pact_ledger l WHERE "
        "l.pact_id = p.id AND l.side = 'citizens'), (SELECT COALESCE(SUM(hours_centi), 0) FROM "
        "pact_ledger l WHERE l.pact_id = p.id AND l.side = 'citizens'), e.year, e.number FROM "
        "pacts p JOIN commons_goods g ON g.id = p.good_id LEFT JOIN protocol_entries e ON e.id = "
        "p.protocol_entry_id WHERE p.city_id = ? ORDER BY p.id",
        DB_ARGS(DB_INT(city_id)));
    if (!r) return -1;
    static const char *const HEAD[] = {"id",
                                       "titolo",
                                       "bene",
                                       "tipo_bene",
                                       "indirizzo",
                                       "quartiere",
                                       "latitudine",
                                       "longitudine",
                                       "proponente_tipo",
                                       "proponente",
                                       "stato",
                                       "risposta_entro",
                                       "inizio",
                                       "fine",
                                       "rinnovi",
                                       "firmatari",
                                       "apporto_comune_euro",
                                       "apporto_cittadini_euro",
                                       "ore_cittadini",
                                       "protocollo"};
    enum { NCOLS = sizeof HEAD / sizeof *HEAD };
    for (int i = 0; i < NCOLS; i++) {
        if (i) buf_append(out, ",", 1);
        csv_put_text(out, HEAD[i], ',');
    }
    buf_append(out, "\r\n", 2);
    while (db_next(r)) {
        char num[32];
        for (int i = 0; i < 20; i++) {
            if (i) buf_append(out, ",", 1);
            if (i == 6 || i == 7) { /* coordinates in degrees */
                if (!db_isnull(r, i)) {
                    int64_t e6 = db_int(r, i);
                    snprintf(num, sizeof num, "%s%lld.%06lld", e6 < 0 ? "-" : "",
                             (long long)(e6 < 0 ? -e6 : e6) / 1000000,
                             (long long)(e6 < 0 ? -e6 : e6) % 1000000);
                    csv_put_number(out, num, ',');
                }
            } else if (i == 16 || i == 17 || i == 18) {
                cents_text(db_int(r, i), num);
                csv_put_number(out, num, ',');
            } else if (i == 19) {
                if (!db_isnull(r, 19)) {
                    char label[24];
                    protocol_label(db_int(r, 19), db_int(r, 20), label);
                    csv_put_text(out, label, ',');
                }
            } else if (i == 0 || i == 14 || i == 15) {
                snprintf(num, sizeof num, "%lld", (long long)db_int(r, i));
                csv_put_number(out, num, ',');
            } else {
                const char *t = db_text(r, i);
                csv_put_text(out, t ? t : "", ',');
            }
        }
        buf_append(out, "\r\n", 2);
    }
    return db_rows_close(r) == DB_OK ? 0 : -1;
}

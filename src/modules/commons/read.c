/* Reading pacts: the city's list with its deadlines, one pact with its people and balance,
 * and the open data. */
#include <stdio.h>
#include <string.h>

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
        "p.reason, p.decided_at, p.notice_id, p.merged_into, p.giunta_act, p.giunta_on, CASE "
        "WHEN p.kind = 'complex' THEN 1 ELSE 0 END AS is_complex, n.title AS notice_title, CASE "
        "WHEN p.kind = 'complex' AND p.state = 'proposed' AND p.giunta_act IS NULL AND "
        "n.proposals_until < ? THEN 1 ELSE 0 END AS is_awaiting_giunta, g.id AS good_id, g.name AS "
        "good_name, g.address AS good_address, "
        "g.neighbourhood, e.year AS protocol_year, e.number AS protocol_number, CASE WHEN "
        "p.state = 'proposed' AND p.answer_due < ? THEN 1 ELSE 0 END AS is_overdue, CASE WHEN "
        "p.state = 'active' AND p.ends_on < ? THEN 1 ELSE 0 END AS is_expired, CASE WHEN "
        "p.state = 'published' AND p.comments_until >= ? THEN 1 ELSE 0 END AS is_commenting "
        "FROM pacts p JOIN commons_goods g ON g.id = p.good_id LEFT JOIN protocol_entries e ON "
        "e.id = p.protocol_entry_id LEFT JOIN pact_notices n ON n.id = p.notice_id WHERE p.id = "
        "?",
        DB_ARGS(DB_TEXT(today), DB_TEXT(today), DB_TEXT(today), DB_TEXT(today), DB_INT(id)));
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

/* The social service's figures for the city, each a grouped count made by the database. */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/pathways/pathways.h"

json_t *pathways_report(db_conn *c, int64_t city_id, const char *today)
{
    json_t *totals = db_query_object(
        c,
        "SELECT (SELECT COUNT(*) FROM people WHERE city_id = ? AND merged_into IS NULL) AS known, "
        "(SELECT COUNT(*) FROM pathways WHERE city_id = ? AND state = 'open') AS in_charge, "
        "(SELECT COUNT(*) FROM pathways WHERE city_id = ? AND state = 'open' AND next_review_on "
        ">= ?) AS reviews_on_time, (SELECT COUNT(*) FROM pathways WHERE city_id = ? AND state = "
        "'open' AND next_review_on < ?) AS reviews_late, (SELECT COUNT(*) FROM pathways WHERE "
        "city_id = ? AND state = 'open' AND acknowledged_at IS NOT NULL) AS plans_acknowledged, "
        "(SELECT COUNT(*) FROM registered_addresses WHERE city_id = ? AND state = 'granted') AS "
        "registered, (SELECT COUNT(*) FROM registered_addresses WHERE city_id = ? AND state = "
        "'requested') AS registration_waiting, (SELECT COUNT(*) FROM mail_items WHERE city_id = "
        "? AND handed_at IS NULL) AS mail_waiting, (SELECT COUNT(*) FROM placements WHERE "
        "city_id = ? AND state = 'moved_in') AS housed_now",
        DB_ARGS(DB_INT(city_id), DB_INT(city_id), DB_INT(city_id), DB_TEXT(today), DB_INT(city_id),
                DB_TEXT(today), DB_INT(city_id), DB_INT(city_id), DB_INT(city_id), DB_INT(city_id),
                DB_INT(city_id)));
    if (!totals) return NULL;
    json_object_set_new(
        totals, "by_ethos",
        db_query_json(c,
                      "SELECT COALESCE(p.ethos, '') AS ethos, COUNT(*) AS known, COUNT(w.id) AS "
                      "in_charge FROM people p LEFT JOIN pathways w ON w.person_id = p.id AND "
                      "w.state = 'open' WHERE p.city_id = ? AND p.merged_into IS NULL GROUP BY "
                      "COALESCE(p.ethos, '') ORDER BY COALESCE(p.ethos, '')",
                      DB_ARGS(DB_INT(city_id))));
    json_object_set_new(totals, "outcomes",
                        db_query_json(c,
                                      "SELECT outcome, COUNT(*) AS pathways FROM pathways WHERE "
                                      "city_id = ? AND state = 'closed' GROUP BY outcome ORDER "
                                      "BY outcome",
                                      DB_ARGS(DB_INT(city_id))));
    json_object_set_new(totals, "referrals",
                        db_query_json(c,
                                      "SELECT state, COUNT(*) AS referrals FROM referrals WHERE "
                                      "city_id = ? GROUP BY state ORDER BY state",
                                      DB_ARGS(DB_INT(city_id))));
    json_object_set_new(totals, "sustainment",
                        placements_sustainment(c, city_id, date_day_number(today)));
    /* Households counted once each, by the situation they left (family pathways). */
    json_object_set_new(
        totals, "households",
        db_query_json(c,
                      "SELECT context, COUNT(*) AS households, SUM(size) AS people, SUM(in_charge) "
                      "AS in_charge, SUM(housed) AS housed FROM (SELECT h.context, (SELECT "
                      "COUNT(*) FROM household_members m WHERE m.household_id = h.id AND "
                      "m.left_at IS NULL) AS size, CASE WHEN EXISTS (SELECT 1 FROM pathways w "
                      "WHERE w.person_id = r.person_id AND w.state = 'open') THEN 1 ELSE 0 END AS "
                      "in_charge, CASE WHEN EXISTS (SELECT 1 FROM placements x WHERE x.person_id "
                      "= r.person_id AND x.state = 'moved_in') THEN 1 ELSE 0 END AS housed FROM "
                      "households h JOIN household_members r ON r.household_id = h.id AND "
                      "r.relation = 'reference' AND r.left_at IS NULL WHERE h.city_id = ?) t "
                      "GROUP BY context ORDER BY context",
                      DB_ARGS(DB_INT(city_id))));
    return totals;
}

json_t *stays_by_ethos(db_conn *c, int64_t city_id, const char *from, const char *to)
{
    return db_query_json(
        c,
        "SELECT x.ethos, COUNT(*) AS stays, COUNT(DISTINCT x.person_id) AS people FROM (SELECT "
        "l.person_id, COALESCE((SELECT e.ethos FROM person_ethos e WHERE e.person_id = "
        "l.person_id AND e.since <= h.held_at ORDER BY e.since DESC, e.id DESC LIMIT 1), '') AS "
        "ethos FROM place_holds h JOIN places p ON p.id = h.place_id LEFT JOIN person_links l ON "
        "l.hold_id = h.id WHERE h.city_id = ? AND h.state = 'checked_in' AND p.kind = 'bed' AND "
        "h.night BETWEEN ? AND ?) x GROUP BY x.ethos ORDER BY x.ethos",
        DB_ARGS(DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
}

/* The period's instants in Rome's time: from's first minute, and the first minute after to. */
bool report_period_instants(const char *from, const char *to, int64_t *start, int64_t *end)
{
    char next[11], first[20], past[20];
    date_from_day_number(date_day_number(to) + 1, next);
    snprintf(first, sizeof first, "%sT00:00", from);
    snprintf(past, sizeof past, "%sT00:00", next);
    return !time_parse_local(first, start) && !time_parse_local(past, end);
}

json_t *figures_by_service(db_conn *c, int64_t city_id, const char *from, const char *to)
{
    int64_t start = 0, end = 0;
    if (!report_period_instants(from, to, &start, &end)) return NULL;
    /* Per service of the network: places used (checked in) in the period, the nights among
     * them, the distinct people they were linked to, those not linked, and the people linked
     * who had a pathway open at some time in the period. */
    return db_query_json(
        c,
        "SELECT s.id, s.name, s.kind, COUNT(*) AS used, SUM(CASE WHEN p.kind = 'bed' THEN 1 ELSE "
        "0 END) AS nights, COUNT(DISTINCT l.person_id) AS people, SUM(CASE WHEN l.person_id IS "
        "NULL THEN 1 ELSE 0 END) AS unlinked, COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM "
        "pathways w WHERE w.person_id = l.person_id AND w.opened_at < ? AND (w.closed_at IS NULL "
        "OR w.closed_at >= ?)) THEN l.person_id END) AS in_charge FROM place_holds h JOIN places "
        "p ON p.id = h.place_id JOIN services s ON s.id = p.service_id LEFT JOIN person_links l "
        "ON l.hold_id = h.id WHERE h.city_id = ? AND h.state = 'checked_in' AND h.night BETWEEN "
        "? AND ? GROUP BY s.id, s.name, s.kind ORDER BY s.name, s.id",
        DB_ARGS(DB_INT(end), DB_INT(start), DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
}

json_t *referrals_by_body(db_conn *c, int64_t city_id, const char *from, const char *to)
{
    int64_t start = 0, end = 0;
    if (!report_period_instants(from, to, &start, &end)) return NULL;
    return db_query_json(
        c,
        "SELECT o.id, o.name, COUNT(*) AS sent, SUM(CASE WHEN r.state = 'sent' THEN 1 ELSE 0 END) "
        "AS waiting, SUM(CASE WHEN r.state = 'accepted' THEN 1 ELSE 0 END) AS accepted, "
        "SUM(CASE WHEN r.state = 'declined' THEN 1 ELSE 0 END) AS declined, SUM(CASE WHEN "
        "r.state = 'completed' THEN 1 ELSE 0 END) AS completed FROM referrals r JOIN "
        "organisations o ON o.id = r.organisation_id WHERE r.city_id = ? AND r.sent_at >= ? AND "
        "r.sent_at < ? GROUP BY o.id, o.name ORDER BY o.name, o.id",
        DB_ARGS(DB_INT(city_id), DB_INT(start), DB_INT(end)));
}

/* Reports of the low-threshold network over a period of nights: occupancy night by night
 * against the beds there were (a winter plan's only on its nights), stays (bed-nights),
 * no-shows (holds that ran out), turn-aways; per service; and the use of each winter plan. */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/services/services.h"

/* The nights of a service within [from, to]: all of them, or those of its winter plan. */
static int64_t nights_open(int64_t from, int64_t to, const char *starts, const char *ends)
{
    int64_t a = from, b = to;
    if (starts && *starts) {
        int64_t s = date_day_number(starts), e = date_day_number(ends);
        if (s > a) a = s;
        if (e < b) b = e;
    }
    return b >= a ? b - a + 1 : 0;
}

json_t *services_report(db_conn *c, int64_t city_id, const char *from, const char *to)
{
    int64_t first = date_day_number(from), last = date_day_number(to);
    if (first == INT64_MIN || last == INT64_MIN || last < first ||
        last - first >= REPORT_NIGHTS_MAX)
        return NULL;
    /* Per service: its beds, the plan it belongs to, stays, no-shows and turn-aways. */
    json_t *services = db_query_json(
        c,
        "SELECT s.id, s.name, s.kind, wp.name AS plan, COALESCE(wp.starts_on, '') AS starts_on, "
        "COALESCE(wp.ends_on, '') AS ends_on, (SELECT COUNT(*) FROM places p WHERE p.service_id = "
        "s.id AND p.kind = 'bed' AND p.active = 1) AS beds, (SELECT COUNT(*) FROM place_holds h "
        "JOIN places p ON p.id = h.place_id WHERE p.service_id = s.id AND p.kind = 'bed' AND "
        "h.state = 'checked_in' AND h.night BETWEEN ? AND ?) AS stays, (SELECT COUNT(*) FROM "
        "place_holds h JOIN places p ON p.id = h.place_id WHERE p.service_id = s.id AND h.state = "
        "'expired' AND h.night BETWEEN ? AND ?) AS no_shows, (SELECT COUNT(*) FROM turnaways t "
        "WHERE t.service_id = s.id AND t.night BETWEEN ? AND ?) AS turnaways FROM services s LEFT "
        "JOIN winter_plan_services w ON w.service_id = s.id LEFT JOIN winter_plans wp ON wp.id = "
        "w.plan_id WHERE s.city_id = ? AND EXISTS (SELECT 1 FROM places p WHERE p.service_id = "
        "s.id AND p.kind = 'bed') ORDER BY s.kind, s.name",
        DB_ARGS(DB_TEXT(from), DB_TEXT(to), DB_TEXT(from), DB_TEXT(to), DB_TEXT(from), DB_TEXT(to),
                DB_INT(city_id)));
    /* Night by night, across the city. */
    json_t *held = db_query_json(
        c,
        "SELECT h.night, SUM(CASE WHEN h.state = 'checked_in' AND p.kind = 'bed' THEN 1 ELSE 0 "
        "END) AS stays, SUM(CASE WHEN h.state = 'expired' THEN 1 ELSE 0 END) AS no_shows FROM "
        "place_holds h JOIN places p ON p.id = h.place_id WHERE h.city_id = ? AND h.night BETWEEN "
        "? AND ? GROUP BY h.night ORDER BY h.night",
        DB_ARGS(DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
    json_t *turned = db_query_json(c,
                                   "SELECT night, COUNT(*) AS n FROM turnaways WHERE city_id = ? "
                                   "AND night BETWEEN ? AND ? GROUP BY night ORDER BY night",
                                   DB_ARGS(DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
    if (!services || !held || !turned) {
        json_decref(services);
        json_decref(held);
        json_decref(turned);
        return NULL;
    }
    json_t *nights = json_array();
    size_t hi = 0, ti = 0, i;
    json_t *s;
    int64_t total_stays = 0, total_capacity = 0, total_no_shows = 0, total_turned = 0;
    for (int64_t d = first; d <= last; d++) {
        char night[11];
        date_from_day_number(d, night);
        int64_t beds = 0, stays = 0, no_shows = 0, n_turned = 0;
        json_array_foreach(services, i, s)
        {
            if (nights_open(d, d, json_string_value(json_object_get(s, "starts_on")),
                            json_string_value(json_object_get(s, "ends_on"))))
                beds += json_integer_value(json_object_get(s, "beds"));
        }
        json_t *h = json_array_get(held, hi);
        if (h && strcmp(json_string_value(json_object_get(h, "night")), night) == 0) {
            stays = json_integer_value(json_object_get(h, "stays"));
            no_shows = json_integer_value(json_object_get(h, "no_shows"));
            hi++;
        }
        json_t *t = json_array_get(turned, ti);
        if (t && strcmp(json_string_value(json_object_get(t, "night")), night) == 0) {
            n_turned = json_integer_value(json_object_get(t, "n"));
            ti++;
        }
        json_array_append_new(nights, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "night", night, "beds",
                                                (json_int_t)beds, "stays", (json_int_t)stays,
                                                "no_shows", (json_int_t)no_shows, "turnaways",
                                                (json_int_t)n_turned, "occupancy_pct",
                                                (json_int_t)(beds ? stays * 100 / beds : 0)));
        total_stays += stays;
        total_capacity += beds;
        total_no_shows += no_shows;
        total_turned += n_turned;
    }
    json_decref(held);
    json_decref(turned);
    /* Each service's occupancy over the nights it was open; the winter plans' use. */
    json_t *plans = json_object();
    json_array_foreach(services, i, s)
    {
        int64_t open = nights_open(first, last, json_string_value(json_object_get(s, "starts_on")),
                                   json_string_value(json_object_get(s, "ends_on")));
        int64_t capacity = open * json_integer_value(json_object_get(s, "beds"));
        int64_t stays = json_integer_value(json_object_get(s, "stays"));
        json_object_set_new(s, "nights_open", json_integer(open));
        json_object_set_new(s, "occupancy_pct",
                            json_integer(capacity ? stays * 100 / capacity : 0));
        const char *plan = json_string_value(json_object_get(s, "plan"));
        if (!plan) continue;
        json_t *p = json_object_get(plans, plan);
        if (!p) {
            p = json_pack("{s:s,s:O,s:O,s:i,s:i,s:i,s:i}", "name", plan, "starts_on",
                          json_object_get(s, "starts_on"), "ends_on", json_object_get(s, "ends_on"),
                          "services", 0, "beds", 0, "stays", 0, "capacity", 0);
            json_object_set_new(plans, plan, p);
        }
        json_object_set_new(p, "services",
                            json_integer(json_integer_value(json_object_get(p, "services")) + 1));
        json_object_set_new(p, "beds",
                            json_integer(json_integer_value(json_object_get(p, "beds")) +
                                         json_integer_value(json_object_get(s, "beds"))));
        json_object_set_new(p, "stays",
                            json_integer(json_integer_value(json_object_get(p, "stays")) + stays));
        json_object_set_new(
            p, "capacity",
            json_integer(json_integer_value(json_object_get(p, "capacity")) + capacity));
    }
    json_t *plan_list = json_array();
    const char *k;
    json_t *p;
    json_object_foreach(plans, k, p)
    {
        int64_t cap = json_integer_value(json_object_get(p, "capacity"));
        json_object_set_new(
            p, "occupancy_pct",
            json_integer(cap ? json_integer_value(json_object_get(p, "stays")) * 100 / cap : 0));
        json_array_append(plan_list, p);
    }
    json_decref(plans);
    return json_pack("{s:s,s:s,s:o,s:o,s:o,s:{s:I,s:I,s:I,s:I,s:I}}", "from", from, "to", to,
                     "nights", nights, "services", services, "plans", plan_list, "totals", "stays",
                     (json_int_t)total_stays, "capacity", (json_int_t)total_capacity, "no_shows",
                     (json_int_t)total_no_shows, "turnaways", (json_int_t)total_turned,
                     "occupancy_pct",
                     (json_int_t)(total_capacity ? total_stays * 100 / total_capacity : 0));
}

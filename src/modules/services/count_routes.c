/* HTTP handlers of the network's figures: the night count (the city's counts, one count's
 * zones, pairs and tallies as they come in, its report per zone and for the city with the
 * people sheltered that night from the stays) and the report of occupancy over a period. */
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/accounts/accounts.h"
#include "modules/services/routes.h"
#include "modules/services/services.h"
#include "view/svg.h"
#include "web/input.h"

static int fail(req *r, svc_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case SVC_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case SVC_BAD_STATE:
        return req_error(r, 409, "services.count_closed");
    case SVC_DUPLICATE:
        req_field_error(r, "night", "services.count_taken");
        return req_error(r, 409, "services.count_taken");
    default:
        return -1;
    }
}

int counts_index(req *r)
{
    int64_t city = services_staff_city(r);
    json_t *counts = night_counts(r->db, city);
    req_label_each(r, counts, "state", "services.count_state", "state_label");
    req_date_texts(r, counts, "night");
    char night[11];
    services_night(clock_now_us(), night);
    r->view = json_pack("{s:o,s:s,s:b}", "counts", counts ? counts : json_array(), "tonight", night,
                        "edit", req_city_for(r, ROLE_OFFICER) == city);
    r->template = "services/counts";
    r->title_key = "services.counts_title";
    return 0;
}

int counts_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    const char *night = in_date(r, "night", IN_REQUIRED);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "services.count_incomplete");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = count_create(r->db, city, r->user->id, night, name, clock_now_us(), &id);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : SVC_ERROR);
    r->view = json_pack("{s:I}", "count_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/services/counts/%lld", (long long)id),
                        "services.count_created");
}

/* Adds each code's label to the totals of a report. */
static void label_totals(req *r, json_t *count, const char *key, const char *prefix)
{
    req_label_each(r, json_object_get(count, key), "code", prefix, "label");
}

int counts_show(req *r)
{
    int64_t city = services_staff_city(r), id = req_param_id(r, "id");
    json_t *n = id > 0 ? night_count_get(r->db, city, id) : NULL;
    if (!n) return req_error(r, 404, "error.not_found");
    label_totals(r, n, "by_ethos", "services.ethos");
    label_totals(r, n, "by_gender", "services.gender");
    label_totals(r, n, "by_age_band", "services.age_band");
    req_label_each(r, json_object_get(n, "sheltered"), "kind", "services.kind", "kind_label");
    int64_t street = 0, sheltered = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(n, "zones"), i, x) street +=
        json_integer_value(json_object_get(x, "people"));
    json_array_foreach(json_object_get(n, "sheltered"), i, x) sheltered +=
        json_integer_value(json_object_get(x, "people"));
    json_object_set_new(n, "street_total", json_integer(street));
    json_object_set_new(n, "sheltered_total", json_integer(sheltered));
    json_object_set_new(n, "total", json_integer(street + sheltered));
    bool open = strcmp(json_string_value(json_object_get(n, "state")), "open") == 0;
    json_object_set_new(n, "is_open", json_boolean(open));
    json_t *one = json_pack("[O]", n);
    req_date_texts(r, one, "night");
    json_decref(one);
    json_object_set_new(n, "state_label",
                        json_string(req_t_code(r, "services.count_state",
                                               json_string_value(json_object_get(n, "state")))));
    r->view = json_pack("{s:o,s:o,s:o,s:o,s:b}", "count", n, "ethos",
                        req_choices(r, ETHOS_LIGHT, "services.ethos", NULL), "genders",
                        req_choices(r, COUNT_GENDERS, "services.gender", NULL), "age_bands",
                        req_choices(r, AGE_BANDS, "services.age_band", NULL), "edit",
                        open && req_city_for(r, ROLE_OFFICER) == city);
    r->title_text = arena_strdup(&r->mem, json_string_value(json_object_get(n, "name")));
    r->template = "services/count";
    r->title_key = "services.counts_title";
    return 0;
}

int counts_pair(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER), id = req_param_id(r, "id");
    int64_t zone = in_int(r, "zone_id", 1, INT64_MAX, IN_REQUIRED);
    const char *a = in_text(r, "volunteer_a", 120, IN_REQUIRED);
    const char *b = in_text(r, "volunteer_b", 120, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "services.pair_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = count_pair_add(r->db, city, r->user->id, id, zone, a, b);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : SVC_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/services/counts/%lld#pairs", (long long)id),
                        "services.pair_added");
}

int counts_tally(req *r)
{
    int64_t city = services_staff_city(r), id = req_param_id(r, "id");
    int64_t zone = in_int(r, "zone_id", 1, INT64_MAX, IN_REQUIRED);
    count_cell cell = {
        .ethos = in_choice(r, "ethos", ETHOS_LIGHT, IN_REQUIRED),
        .gender = in_choice(r, "gender", COUNT_GENDERS, IN_REQUIRED),
        .age_band = in_choice(r, "age_band", AGE_BANDS, IN_REQUIRED),
        .people = in_int(r, "people", 1, 1000, IN_REQUIRED),
    };
    if (req_has_errors(r)) return req_error(r, 422, "services.tally_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = count_tally(r->db, city, r->user->id, id, zone, &cell, 1, clock_now_us());
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : SVC_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/services/counts/%lld#tally", (long long)id),
                        "services.tally_added");
}

int counts_close(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER), id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = count_close(r->db, city, r->user->id, id, clock_now_us());
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : SVC_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/services/counts/%lld", (long long)id),
                        "services.count_closed_now");
}

/* The network's report over a period of nights (the last 30 by default): night by night with
 * its chart, per service, per winter plan. */
bool services_report_period(req *r, const char **from, const char **to)
{
    char tonight[11], month_ago[11];
    services_night(clock_now_us(), tonight);
    date_from_day_number(date_day_number(tonight) - 29, month_ago);
    *from = in_date(r, "from", IN_OPTIONAL);
    *to = in_date(r, "to", IN_OPTIONAL);
    if (!*from) *from = arena_strdup(&r->mem, month_ago);
    if (!*to) *to = arena_strdup(&r->mem, tonight);
    int64_t span = date_day_number(*to) - date_day_number(*from);
    if (!req_has_errors(r) && (span < 0 || span >= REPORT_NIGHTS_MAX))
        req_field_error(r, "to", "services.report_period");
    if (!req_has_errors(r)) return true;
    req_error(r, 422, "services.report_period");
    return false;
}

int services_reports(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER | ROLE_AUDITOR);
    const char *from, *to;
    if (!services_report_period(r, &from, &to)) return 0;
    json_t *rep = services_report(r->db, city, from, to);
    if (!rep) return -1;
    req_label_each(r, json_object_get(rep, "services"), "kind", "services.kind", "kind_label");
    req_date_texts(r, json_object_get(rep, "nights"), "night");
    req_date_texts(r, json_object_get(rep, "plans"), "starts_on");
    req_date_texts(r, json_object_get(rep, "plans"), "ends_on");
    json_t *bars = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rep, "nights"), i, x)
    {
        json_array_append_new(
            bars, json_pack("{s:O,s:O,s:O}", "label", json_object_get(x, "night_text"), "planned",
                            json_object_get(x, "beds"), "achieved", json_object_get(x, "stays")));
    }
    buf svg;
    buf_init(&svg, 1u << 20);
    int rc = svg_bars(bars, req_t(r, "services.report_chart"), &svg);
    json_decref(bars);
    if (!r->want_json)
        json_object_set_new(rep, "chart", json_string(rc || !svg.data ? "" : svg.data));
    buf_free(&svg);
    r->view = rep;
    r->template = "services/reports";
    r->title_key = "services.reports_title";
    return 0;
}

#include "modules/services/routes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/hours.h"
#include "base/timefmt.h"
#include "modules/cities/cities.h"
#include "modules/services/hsds.h"
#include "modules/services/services.h"
#include "modules/cities/routes.h"
#include "web/input.h"
#include "web/render.h"

int64_t services_staff_city(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    return city ? city : req_city_for(r, ROLE_ETS);
}

/* Rome's weekday (1 Monday .. 7 Sunday) and minute of the day at now. */
static void rome_now(int64_t now, int *weekday, int *minute)
{
    struct tm tm;
    time_rome(now / 1000000, &tm);
    *weekday = tm.tm_wday ? tm.tm_wday : 7;
    *minute = tm.tm_hour * 60 + tm.tm_min;
}

/* Metres between two points (micro-degrees), on a sphere: enough to sort by what is nearer. */
static double metres(int64_t lat1, int64_t lon1, int64_t lat2, int64_t lon2)
{
    const double rad = M_PI / 180e6, earth = 6371000.0;
    double p1 = (double)lat1 * rad, p2 = (double)lat2 * rad;
    double dp = p2 - p1, dl = (double)(lon2 - lon1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    return 2 * earth * atan2(sqrt(a), sqrt(1 - a));
}

static int by_distance(const void *a, const void *b)
{
    double x = json_real_value(json_object_get(*(json_t *const *)a, "metres"));
    double y = json_real_value(json_object_get(*(json_t *const *)b, "metres"));
    return (x > y) - (x < y);
}

const char *services_code_labels(req *r, const char *codes, const char *prefix)
{
    buf b;
    buf_init(&b, 1024);
    for (const char *l = codes ? codes : ""; *l;) {
        size_t n = strcspn(l, ",");
        char code[32];
        snprintf(code, sizeof code, "%.*s", (int)(n < 31 ? n : 31), l);
        if (b.len) buf_puts(&b, ", ");
        buf_puts(&b, req_t_code(r, prefix, code));
        l += n;
        while (*l == ',' || *l == ' ') l++;
    }
    const char *out = arena_strdup(&r->mem, b.data ? b.data : "");
    buf_free(&b);
    return out ? out : "";
}

/* Each site made readable: its hours as people write them, open now, who it is for, its
 * labels, and the distance from the place chosen. */
static void describe_sites(req *r, json_t *sites, int64_t now, const json_t *from)
{
    int weekday, minute;
    rome_now(now, &weekday, &minute);
    size_t i;
    json_t *x;
    json_array_foreach(sites, i, x)
    {
        week_period p[HOURS_MAX_PERIODS];
        const char *typed = json_string_value(json_object_get(x, "hours"));
        int n = hours_parse(typed ? typed : "", p, HOURS_MAX_PERIODS);
        char hours[1024] = "";
        if (n > 0) hours_summary(p, n, r->lang, hours, sizeof hours);
        json_object_set_new(x, "hours_text", json_string(hours));
        /* Today's periods alone, for a card on a phone: "9:00-12:30 14:00-18:00". */
        char today[256];
        hours_day(p, n > 0 ? n : 0, weekday, today, sizeof today);
        json_object_set_new(x, "today_hours", json_string(today));
        json_object_set_new(
            x, "languages_text",
            json_string(services_code_labels(r, json_string_value(json_object_get(x, "languages")),
                                             "services.lang")));
        json_object_set_new(x, "is_open_now",
                            json_boolean(n > 0 && hours_open_at(p, n, weekday, minute)));
        json_object_set_new(x, "kind_label",
                            json_string(req_t_code(r, "services.kind",
                                                   json_string_value(json_object_get(x, "kind")))));
        bool en = strcmp(r->lang, "en") == 0;
        const char *name_en = json_string_value(json_object_get(x, "name_en"));
        if (en && name_en && *name_en) json_object_set(x, "name", json_object_get(x, "name_en"));
        const char *desc_en = json_string_value(json_object_get(x, "description_en"));
        if (en && desc_en && *desc_en)
            json_object_set(x, "description", json_object_get(x, "description_en"));
        if (from) {
            double m = metres(json_integer_value(json_object_get(from, "latitude_e6")),
                              json_integer_value(json_object_get(from, "longitude_e6")),
                              json_integer_value(json_object_get(x, "latitude_e6")),
                              json_integer_value(json_object_get(x, "longitude_e6")));
            json_object_set_new(x, "metres", json_real(m));
            char *d = arena_printf(&r->mem, m < 1000 ? "%.0f m" : "%.1f km",
                                   m < 1000 ? round(m / 10) * 10 : m / 1000);
            char *dot = d && strcmp(r->lang, "en") != 0 ? strchr(d, '.') : NULL;
            if (dot) *dot = ','; /* "2,3 km" in Italian */
            json_object_set_new(x, "distance", json_string(d ? d : ""));
        }
    }
}

/* Keeps the sites that pass the filters. */
static json_t *filtered(json_t *sites, const char *who, bool open_now)
{
    json_t *out = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(sites, i, x)
    {
        if (open_now && !json_is_true(json_object_get(x, "is_open_now"))) continue;
        if (who) {
            char col[32];
            snprintf(col, sizeof col, strcmp(who, "accessible") == 0 ? "is_%s" : "is_for_%s", who);
            if (!json_integer_value(json_object_get(x, col))) continue;
        }
        json_array_append(out, x);
    }
    return out;
}

/* The choices of a select, each with its label and whether it is the one chosen. */
int services_index(req *r)
{
    const char *kind = in_choice(r, "kind", SERVICE_KINDS, IN_OPTIONAL);
    const char *who = in_choice(r, "who", SERVICE_FOR, IN_OPTIONAL);
    bool open_now = in_flag(r, "open_now");
    int64_t near = in_int(r, "near", 0, INT64_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "services.bad_filter");
    int64_t city = cities_public(r);
    int64_t now = clock_now_us();
    json_t *sites = services_sites(r->db, city, kind, now);
    if (!sites) return -1;
    json_t *places = services_locations(r->db, city);
    json_t *from = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(places, i, x)
    {
        bool chosen = json_integer_value(json_object_get(x, "id")) == near;
        json_object_set_new(x, "selected", json_boolean(chosen));
        if (chosen) from = x;
    }
    describe_sites(r, sites, now, from);
    json_t *shown = filtered(sites, who, open_now);
    json_decref(sites);
    if (from) {
        /* jansson keeps no array we may sort in place: sort a copy of the pointers. */
        size_t n = json_array_size(shown);
        json_t **v = arena_alloc(&r->mem, sizeof(json_t *) * (n ? n : 1));
        for (i = 0; v && i < n; i++) v[i] = json_array_get(shown, i);
        if (v) qsort(v, n, sizeof(json_t *), by_distance);
        json_t *sorted = json_array();
        for (i = 0; v && i < n; i++) json_array_append(sorted, v[i]);
        json_decref(shown);
        shown = sorted;
    }
    char night[11];
    services_night(now, night);
    r->view = json_pack("{s:o,s:o,s:o,s:o,s:b,s:I,s:s}", "sites", shown, "kinds",
                        req_choices(r, SERVICE_KINDS, "services.kind", kind), "whos",
                        req_choices(r, SERVICE_FOR, "services.for", who), "places", places,
                        "open_now", open_now, "near", (json_int_t)near, "night", night);
    /* A winter plan that is on is news for everyone; officers see those to come too. */
    json_t *plans = winter_plans(r->db, city, now);
    req_date_texts(r, plans, "starts_on");
    req_date_texts(r, plans, "ends_on");
    json_object_set_new(r->view, "plans", plans);
    /* The operations room, for those who work the places. */
    if (req_city_for(r, ROLE_OFFICER) == city || req_city_for(r, ROLE_ETS) == city)
        json_object_set_new(r->view, "board_link", json_true());
    /* The city's officers keep the directory from here. */
    if (req_city_for(r, ROLE_OFFICER) == city) {
        json_object_set_new(r->view, "bodies", services_bodies(r->db, city));
        json_object_set_new(r->view, "new_kinds",
                            req_choices(r, SERVICE_KINDS, "services.kind", NULL));
        json_object_set_new(r->view, "edit", json_true());
    }
    r->template = "services/index";
    r->title_key = "services.title";
    return 0;
}

/* Whether the person works the places of this service: the city's officers, the bodies of
 * its city (street teams, the body running it). */
static bool works_places(req *r, int64_t service_city)
{
    return req_city_for(r, ROLE_OFFICER) == service_city ||
           req_city_for(r, ROLE_ETS) == service_city;
}

int services_show(req *r)
{
    int64_t id = req_param_id(r, "id");
    int64_t city = 0, org = 0;
    if (id <= 0 || !service_owner(r->db, id, &city, &org))
        return req_error(r, 404, "error.not_found");
    int64_t now = clock_now_us();
    json_t *s = service_get(r->db, city, id, now);
    if (!s) return req_error(r, 404, "error.not_found");
    json_t *sites = json_object_get(s, "sites");
    describe_sites(r, sites, now, NULL);
    json_t *first = json_array_get(sites, 0);
    json_object_set(s, "name", json_object_get(first, "name"));
    r->title_text = arena_strdup(&r->mem, json_string_value(json_object_get(first, "name")));
    json_object_set(s, "description", json_object_get(first, "description"));
    json_object_set(s, "kind_label", json_object_get(first, "kind_label"));
    json_object_set(s, "languages_text", json_object_get(first, "languages_text"));
    req_label_each(r, json_object_get(s, "free_by_kind"), "kind", "services.place", "kind_label");
    char night[11];
    services_night(now, night);
    json_t *view = json_pack("{s:o,s:s,s:s}", "service", s, "night", night, "night_text",
                             req_date_text(r, night));
    if (req_city_for(r, ROLE_OFFICER) == city || req_org_for(r, ROLE_ETS) == org) {
        json_object_set_new(view, "keeps", json_true());
        json_object_set_new(view, "statuses",
                            req_choices(r, SERVICE_STATUSES, "services.status",
                                        json_string_value(json_object_get(s, "status"))));
        json_object_set_new(view, "new_place_kinds",
                            req_choices(r, PLACE_KINDS, "services.place", NULL));
    }
    if (works_places(r, city)) {
        json_t *places = service_places_tonight(r->db, id, now);
        req_label_each(r, places, "kind", "services.place", "kind_label");
        req_label_each(r, places, "hold_state", "services.hold_state", "hold_state_label");
        json_object_set_new(view, "places", places ? places : json_array());
        json_object_set_new(view, "place_kinds",
                            req_choices(r, PLACE_KINDS, "services.place", NULL));
        json_object_set_new(view, "staff", json_true());
    }
    r->view = view;
    r->template = "services/show";
    r->title_key = "services.title";
    return 0;
}

static int fail(req *r, svc_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case SVC_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case SVC_NO_PLACE:
        return req_error(r, 409, "services.no_place");
    case SVC_BAD_STATE:
        return req_error(r, 409, "services.hold_over");
    case SVC_CLOSED:
        return req_error(r, 409, "services.not_active");
    default:
        return -1;
    }
}

/* The service named by the path, when the person works its places: its city in *city. */
static int64_t service_for_staff(req *r, int64_t *city)
{
    int64_t id = req_param_id(r, "id"), org = 0;
    if (id <= 0 || !service_owner(r->db, id, city, &org)) {
        req_error(r, 404, "error.not_found");
        return 0;
    }
    if (!works_places(r, *city)) {
        req_error(r, 403, "error.forbidden");
        return 0;
    }
    return id;
}

int services_hold(req *r)
{
    int64_t city = 0, id = service_for_staff(r, &city);
    if (!id) return 0;
    const char *kind = in_choice(r, "kind", PLACE_KINDS, IN_REQUIRED);
    const char *person = in_text(r, "person", 120, IN_REQUIRED);
    place_needs needs = {in_flag(r, "women_only"), in_flag(r, "accessible"), in_flag(r, "family"),
                         in_flag(r, "pets")};
    if (req_has_errors(r)) return req_error(r, 422, "services.hold_incomplete");
    int64_t hold = 0, place = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc =
        place_hold(r->db, id, kind, &needs, person, r->user->id, clock_now_us(), &hold, &place);
    if (rc != SVC_OK) return fail(r, rc);
    if (db_commit(r->db) != DB_OK) return -1;
    r->view = json_pack("{s:I,s:I}", "hold_id", (json_int_t)hold, "place_id", (json_int_t)place);
    return req_redirect(r, arena_printf(&r->mem, "/services/%lld#places", (long long)id),
                        "services.held");
}

/* Check-in and release: the hold's service must be one whose places the person works. */
static int move_hold(req *r, svc_rc (*move)(db_conn *, int64_t, int64_t, int64_t),
                     const char *flash)
{
    int64_t hold = req_param_id(r, "id");
    int64_t service = hold > 0 ? place_hold_service(r->db, hold) : 0, city = 0, org = 0;
    if (!service || !service_owner(r->db, service, &city, &org))
        return req_error(r, 404, "error.not_found");
    if (!works_places(r, city)) return req_error(r, 403, "error.forbidden");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = move(r->db, hold, r->user->id, clock_now_us());
    if (rc != SVC_OK) return fail(r, rc);
    if (db_commit(r->db) != DB_OK) return -1;
    return req_redirect(r, arena_printf(&r->mem, "/services/%lld#places", (long long)service),
                        flash);
}

int holds_check_in(req *r)
{
    return move_hold(r, place_check_in, "services.checked_in");
}

int holds_release(req *r)
{
    return move_hold(r, place_release, "services.released");
}

int services_turnaway(req *r)
{
    int64_t city = 0, id = service_for_staff(r, &city);
    if (!id) return 0;
    const char *kind = in_choice(r, "kind", PLACE_KINDS, IN_REQUIRED);
    const char *note = in_text(r, "note", 500, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "services.turnaway_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = turnaway_record(r->db, city, id, kind, note, r->user->id, clock_now_us());
    if (rc != SVC_OK) return fail(r, rc);
    if (db_commit(r->db) != DB_OK) return -1;
    return req_redirect(r, arena_printf(&r->mem, "/services/%lld#places", (long long)id),
                        "services.turnaway_recorded");
}

/* ---- the city's officers keep the directory; a body keeps its own services' places ---- */

static int fail_edit(req *r, svc_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case SVC_BAD_ORG:
        req_field_error(r, "organisation_id", "input.bad_choice");
        return req_error(r, 422, "input.bad_choice");
    case SVC_BAD_LOCATION:
        req_field_error(r, "location_id", "input.bad_choice");
        return req_error(r, 422, "input.bad_choice");
    case SVC_BAD_PLAN:
        req_field_error(r, "winter_plan_id", "services.bad_plan");
        return req_error(r, 422, "services.bad_plan");
    default:
        return fail(r, rc);
    }
}

int services_locations_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    location_in in = {
        .name = in_text(r, "name", 200, IN_REQUIRED),
        .address = in_text(r, "address", 300, IN_REQUIRED),
        .postal_code = in_text(r, "postal_code", 10, IN_OPTIONAL),
        .neighbourhood = in_text(r, "neighbourhood", 120, IN_OPTIONAL),
        .accessibility = in_text(r, "accessibility", 500, IN_OPTIONAL),
        .latitude_e6 = in_coord(r, "latitude", true, IN_REQUIRED),
        .longitude_e6 = in_coord(r, "longitude", false, IN_REQUIRED),
    };
    if (req_has_errors(r)) return req_error(r, 422, "services.location_incomplete");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = location_create(r->db, city, r->user->id, &in, clock_now_us(), &id);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail_edit(r, rc ? rc : SVC_ERROR);
    r->view = json_pack("{s:I}", "location_id", (json_int_t)id);
    return req_redirect(r, "/services#new", "services.location_created");
}

int services_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    service_in in = {
        .organisation_id = in_int(r, "organisation_id", 1, INT64_MAX, IN_REQUIRED),
        .location_id = in_int(r, "location_id", 1, INT64_MAX, IN_REQUIRED),
        .hold_minutes = in_int(r, "hold_minutes", 5, 1440, IN_OPTIONAL),
        .winter_plan_id = in_int(r, "winter_plan_id", 0, INT64_MAX, IN_OPTIONAL),
        .kind = in_choice(r, "kind", SERVICE_KINDS, IN_REQUIRED),
        .name = in_text(r, "name", 200, IN_REQUIRED),
        .name_en = in_text(r, "name_en", 200, IN_OPTIONAL),
        .description = in_text(r, "description", 2000, IN_OPTIONAL),
        .description_en = in_text(r, "description_en", 2000, IN_OPTIONAL),
        .documents = in_text(r, "documents", 500, IN_OPTIONAL),
        .languages = in_text(r, "languages", 100, IN_OPTIONAL),
        .fees = in_text(r, "fees", 200, IN_OPTIONAL),
        .phone = in_text(r, "phone", 40, IN_OPTIONAL),
        .email = in_text(r, "email", 254, IN_OPTIONAL),
        .hours = in_text(r, "hours", 4000, IN_OPTIONAL),
    };
    for (int i = 0; SERVICE_FOR[i]; i++)
        in.for_[i] = in_flag(r, arena_printf(&r->mem, "for_%s", SERVICE_FOR[i]));
    if (!in.hold_minutes) in.hold_minutes = 90;
    if (!*in.languages) in.languages = "it";
    week_period p[HOURS_MAX_PERIODS];
    if (hours_parse(in.hours, p, HOURS_MAX_PERIODS) < 0)
        req_field_error(r, "hours", "hubs.bad_hours");
    if (req_has_errors(r)) return req_error(r, 422, "services.service_incomplete");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = service_create(r->db, city, r->user->id, &in, clock_now_us(), &id);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail_edit(r, rc ? rc : SVC_ERROR);
    r->view = json_pack("{s:I}", "service_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/services/%lld", (long long)id),
                        "services.service_created");
}

/* The service of the path, when the person keeps it: the city's officers, or the body that
 * runs it. */
static int64_t service_kept_by(req *r)
{
    int64_t id = req_param_id(r, "id"), city = 0, org = 0;
    if (id <= 0 || !service_owner(r->db, id, &city, &org)) {
        req_error(r, 404, "error.not_found");
        return 0;
    }
    if (req_city_for(r, ROLE_OFFICER) != city && req_org_for(r, ROLE_ETS) != org) {
        req_error(r, 403, "error.forbidden");
        return 0;
    }
    return id;
}

int services_places_add(req *r)
{
    int64_t id = service_kept_by(r);
    if (!id) return 0;
    const char *kind = in_choice(r, "kind", PLACE_KINDS, IN_REQUIRED);
    int count = (int)in_int(r, "count", 1, 500, IN_REQUIRED);
    place_needs a = {in_flag(r, "women_only"), in_flag(r, "accessible"), in_flag(r, "family"),
                     in_flag(r, "pets")};
    bool seasonal = in_flag(r, "seasonal");
    if (req_has_errors(r)) return req_error(r, 422, "services.places_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = places_add(r->db, id, r->user->id, kind, count, &a, seasonal);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail_edit(r, rc ? rc : SVC_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/services/%lld#places", (long long)id),
                        "services.places_added");
}

int services_status(req *r)
{
    int64_t id = service_kept_by(r);
    if (!id) return 0;
    const char *status = in_choice(r, "status", SERVICE_STATUSES, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "input.bad_choice");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = service_set_status(r->db, id, r->user->id, status, clock_now_us());
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail_edit(r, rc ? rc : SVC_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/services/%lld", (long long)id),
                        "services.status_saved");
}

/* The pocket guide, like the paper ones cities hand out: every service of the city (or of one
 * neighbourhood), by kind, with its place, today's and the week's hours, whom it is for and its
 * phone; the social emergency number first. A PDF to print or keep on a phone. */
int services_guide(req *r)
{
    const char *area = in_text(r, "neighbourhood", 120, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "services.bad_filter");
    int64_t city = cities_public(r), now = clock_now_us();
    json_t *sites = services_sites(r->db, city, NULL, now);
    if (!sites) return -1;
    describe_sites(r, sites, now, NULL);
    json_t *blocks = json_array();
    const char *kind = "";
    size_t i;
    json_t *x;
    json_array_foreach(sites, i, x)
    {
        const char *hood = json_string_value(json_object_get(x, "neighbourhood"));
        bool emergency =
            strcmp(json_string_value(json_object_get(x, "kind")), "social_emergency") == 0;
        if (*area && !emergency && (!hood || strcmp(hood, area) != 0)) continue;
        const char *k = json_string_value(json_object_get(x, "kind"));
        if (strcmp(k, kind) != 0) {
            kind = k;
            json_array_append_new(blocks,
                                  json_pack("{s:O}", "heading", json_object_get(x, "kind_label")));
        }
        buf b;
        buf_init(&b, 4096);
        buf_printf(&b, "%s\n%s, %s (%s)", json_string_value(json_object_get(x, "name")),
                   json_string_value(json_object_get(x, "location")),
                   json_string_value(json_object_get(x, "address")), hood ? hood : "");
        const char *phone = json_string_value(json_object_get(x, "phone"));
        if (phone && *phone) buf_printf(&b, " · %s %s", req_t(r, "services.phone"), phone);
        const char *hours = json_string_value(json_object_get(x, "hours_text"));
        buf_printf(&b, "\n%s: %s", req_t(r, "services.hours"),
                   hours && *hours ? hours : req_t(r, "services.no_hours"));
        const char *docs = json_string_value(json_object_get(x, "documents"));
        buf_printf(&b, "\n%s: %s", req_t(r, "services.documents"),
                   docs && *docs ? docs : req_t(r, "services.no_documents"));
        buf_printf(&b, "\n%s: %s", req_t(r, "services.languages"),
                   json_string_value(json_object_get(x, "languages_text")));
        json_array_append_new(blocks, json_pack("{s:s}", "text", b.data ? b.data : ""));
        buf_free(&b);
    }
    json_decref(sites);
    char day[11];
    time_t t = (time_t)(now / 1000000);
    struct tm tm;
    time_rome(t, &tm);
    strftime(day, sizeof day, "%d/%m/%Y", &tm);
    const char *title = req_t(r, "services.guide_title");
    json_t *doc = json_pack("{s:s,s:s,s:o}", "title", title, "subtitle",
                            arena_printf(&r->mem, "%s%s%s %s", area, *area ? " · " : "",
                                         req_t(r, "services.guide_of"), day),
                            "blocks", blocks);
    return render_pdf(r, doc, *area ? "guida-servizi-quartiere.pdf" : "guida-servizi.pdf", true);
}

/* The board of the city as of now, stamp being the board's stamp read before it. */
static json_t *board_make(req *r, int64_t city, int64_t now, int64_t stamp)
{
    json_t *board = services_board(r->db, city, now);
    if (!board) return NULL;
    req_label_each(r, json_object_get(board, "rows"), "place_kind", "services.place", "kind_label");
    req_label_each(r, json_object_get(board, "expiring"), "kind", "services.place", "kind_label");
    int64_t free = 0, total = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(board, "rows"), i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "place_kind")), "bed") != 0) continue;
        free += json_integer_value(json_object_get(x, "free"));
        total += json_integer_value(json_object_get(x, "total"));
    }
    json_object_set_new(board, "beds_free", json_integer(free));
    json_object_set_new(board, "beds_total", json_integer(total));
    json_object_set_new(board, "as_of_at", json_integer(now));
    json_object_set_new(board, "stamp", json_integer(stamp));
    /* The alerts still open, late first, and the teams on duty now. */
    json_t *open = alerts_of_city(r->db, city, now, true);
    req_label_each(r, open, "state", "services.alert_state", "state_label");
    json_object_set_new(board, "alerts", open);
    json_t *duty = json_array();
    for (int k = 0; k < 2; k++) {
        json_t *sites = services_sites(r->db, city, k ? "social_emergency" : "street_unit", now);
        describe_sites(r, sites, now, NULL);
        json_array_foreach(sites, i, x) if (json_is_true(json_object_get(x, "is_open_now")))
            json_array_append(duty, x);
        json_decref(sites);
    }
    json_object_set_new(board, "on_duty", duty);
    json_object_set_new(
        board, "night_text",
        json_string(req_date_text(r, json_string_value(json_object_get(board, "night")))));
    return board;
}

/* The operations room and the street teams: tonight's places across the city, at a glance.
 * Made again only when the stamp moved or the minute turned (kept.c): a room of watchers costs
 * one board a change, not one a request. The stamp is read now, not as kept for the polls: the
 * page may be kept for its reader under the data version read before it (web/personcache.h),
 * so it must not be older than that. */
int services_board_page(req *r)
{
    int64_t city = services_staff_city(r);
    int64_t now = clock_now_us(), stamp = board_stamp(r->db, city);
    if (stamp < 0) return -1;
    const char *key = arena_printf(&r->mem, "board|%s|%lld|%lld|%lld", r->lang, (long long)city,
                                   (long long)stamp, (long long)(now / 60000000));
    json_t *board = key ? kept_json(key) : NULL;
    if (!board) {
        board = board_make(r, city, now, stamp);
        if (!board) return -1;
        if (key) kept_json_put(key, board);
    }
    /* Without a script, the page refreshes itself while the person asks it to. */
    if (in_flag(r, "auto")) {
        req_add_header(r, "Refresh", "30; url=/services/board?auto=1");
        json_object_set_new(board, "auto", json_true());
    }
    r->view = board;
    r->template = "services/board";
    r->title_key = "services.board";
    return 0;
}

/* The city declares a cold-weather emergency: its nights, from one to another. */
int services_winter_declare(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    const char *from = in_date(r, "starts_on", IN_REQUIRED);
    const char *to = in_date(r, "ends_on", IN_REQUIRED);
    char night[11];
    services_night(clock_now_us(), night);
    if (from && to && strcmp(to, from) < 0)
        req_field_error(r, "ends_on", "services.plan_backwards");
    else if (to && strcmp(to, night) < 0)
        req_field_error(r, "ends_on", "services.plan_over");
    if (req_has_errors(r)) return req_error(r, 422, "services.plan_incomplete");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = winter_plan_declare(r->db, city, r->user->id, name, from, to, clock_now_us(), &id);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) return fail_edit(r, rc ? rc : SVC_ERROR);
    r->view = json_pack("{s:I}", "winter_plan_id", (json_int_t)id);
    return req_redirect(r, "/services#new", "services.plan_declared");
}

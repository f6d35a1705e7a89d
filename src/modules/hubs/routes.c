#include "modules/hubs/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/audit/audit.h"
#include "modules/events/routes.h"
#include "modules/housing/housing.h"
#include "modules/hubs/hubs.h"
#include "modules/spaces/spaces.h"
#include "web/input.h"

enum { MAX_BUILDINGS = 500 };

int hubs_index(req *r)
{
    resident_place at = {0};
    if (req_has_role(r, ROLE_RESIDENT)) resident_place_of(r->db, r->user->id, &at);
    json_t *view = json_pack("{s:o}", "hubs", hubs_list(r->db, at.building_id, at.neighbourhood));
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (city) {
        json_object_set_new(view, "agreements", hub_agreements_open(r->db, city));
        json_object_set_new(view, "spaces", spaces_names(r->db, city));
    }
    r->view = view;
    r->template = "hubs/index";
    r->title_key = "hubs.title";
    return 0;
}

static int fail(req *r, hub_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case HUB_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case HUB_BAD_AGREEMENT:
        req_field_error(r, "agreement_id", "hubs.bad_agreement");
        return req_error(r, 422, "hubs.bad_agreement");
    case HUB_BAD_SPACE:
        req_field_error(r, "space_id", "input.bad_choice");
        return req_error(r, 422, "input.bad_choice");
    case HUB_BAD_BUILDING:
        req_field_error(r, "buildings", "hubs.bad_building");
        return req_error(r, 422, "hubs.bad_building");
    default:
        return -1;
    }
}

int hubs_create(req *r)
{
    hub_in in = {
        .agreement_id = in_int(r, "agreement_id", 1, INT64_MAX, IN_REQUIRED),
        .space_id = in_int(r, "space_id", 0, INT64_MAX, IN_OPTIONAL),
        .name = in_text(r, "name", 200, IN_REQUIRED),
        .neighbourhood = in_text(r, "neighbourhood", 120, IN_REQUIRED),
        .address = in_text(r, "address", 300, IN_REQUIRED),
        .phone = in_text(r, "phone", 40, IN_OPTIONAL),
        .email = in_text(r, "email", 254, IN_OPTIONAL),
    };
    const char **codes = NULL;
    int n = in_codes(r, "buildings", MAX_BUILDINGS, &codes);
    if (n < 0) req_field_error(r, "buildings", "hubs.too_many_buildings");
    if (req_has_errors(r)) return req_error(r, 422, "hubs.invalid");
    int64_t city = req_city_for(r, ROLE_OFFICER), id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    hub_rc rc = hub_create(r->db, city, &in, clock_now_us(), &id);
    if (rc == HUB_OK) rc = hub_set_buildings(r->db, id, codes, n);
    if (rc == HUB_OK && audit_append(r->db, city, r->user->id, "hub_create", "hub", id, NULL))
        rc = HUB_ERROR;
    if (rc != HUB_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : HUB_ERROR);
    r->view = json_pack("{s:I}", "hub_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/hubs/%lld", (long long)id), "hubs.created");
}

/* Who may change a hub: the officers of its city, and its own body (but only the city decides
 * which buildings it serves). */
static bool may_edit(req *r, int64_t id, bool *is_city)
{
    int64_t city = 0, org = 0;
    if (!hub_owner(r->db, id, &city, &org)) return false;
    *is_city = req_city_for(r, ROLE_OFFICER) == city;
    for (int i = 0; r->user && i < r->user->nmemberships; i++)
        if (r->user->memberships[i].role == ROLE_ETS &&
            r->user->memberships[i].organisation_id == org)
            return true;
    return *is_city;
}

static void hours_text(req *r, json_t *hub)
{
    week_period p[HOURS_MAX_PERIODS];
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(hub, "hours"), i, x)
    {
        if (n == HOURS_MAX_PERIODS) break;
        p[n++] = (week_period){(int)json_integer_value(json_object_get(x, "weekday")),
                               (int)json_integer_value(json_object_get(x, "opens")),
                               (int)json_integer_value(json_object_get(x, "closes"))};
    }
    char text[2048];
    hours_format(p, n, r->lang, text, sizeof text);
    json_object_set_new(hub, "hours_text", json_string(text));
    req_lines(r, hub, "hours_text");
}

int hubs_show(req *r)
{
    const char *p = req_param(r, "id");
    char *end = NULL;
    int64_t id = p ? strtoll(p, &end, 10) : 0;
    bool ics = end && strcmp(end, ".ics") == 0;
    if (id <= 0 || (!ics && end && *end)) return req_error(r, 404, "error.not_found");
    json_t *hub = hub_get(r->db, id);
    if (!hub) return req_error(r, 404, "error.not_found");
    if (ics) {
        const char *name = arena_strdup(&r->mem, json_string_value(json_object_get(hub, "name")));
        int64_t org = json_integer_value(json_object_get(hub, "organisation_id"));
        json_decref(hub);
        return events_ics_of_organisation(r, org, name);
    }
    hours_text(r, hub);
    bool is_city = false, can_edit = r->user && may_edit(r, id, &is_city);
    json_t *codes = json_array();
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(hub, "buildings"), i, b)
    {
        json_array_append(codes, json_object_get(b, "code"));
    }
    char *joined = arena_strdup(&r->mem, "");
    json_array_foreach(codes, i, b)
    {
        joined = arena_printf(&r->mem, "%s%s%s", joined, i ? ", " : "", json_string_value(b));
    }
    json_decref(codes);
    r->view = json_pack("{s:o,s:b,s:b,s:s}", "hub", hub, "can_edit", can_edit, "is_city", is_city,
                        "building_codes", joined);
    r->template = "hubs/show";
    r->title_key = "hubs.hub";
    return 0;
}

/* 404 for no such hub, 403 for someone else's. */
static int refuse(req *r, int64_t id)
{
    int64_t city, org;
    if (!hub_owner(r->db, id, &city, &org)) return req_error(r, 404, "error.not_found");
    return req_error(r, 403, "hubs.not_yours");
}

int hubs_update(req *r)
{
    int64_t id = req_param_id(r, "id");
    bool is_city;
    if (!may_edit(r, id, &is_city)) return refuse(r, id);
    const char *phone = in_text(r, "phone", 40, IN_OPTIONAL);
    const char *email = in_text(r, "email", 254, IN_OPTIONAL);
    week_period hours[HOURS_MAX_PERIODS];
    int n = hours_parse(in_text(r, "hours", 4000, IN_OPTIONAL), hours, HOURS_MAX_PERIODS);
    if (n < 0) req_field_error(r, "hours", "hubs.bad_hours");
    if (req_has_errors(r)) return req_error(r, 422, "hubs.bad_hours");
    if (db_begin(r->db) != DB_OK) return -1;
    hub_rc rc = hub_update(r->db, id, phone, email, hours, n);
    if (rc != HUB_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : HUB_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/hubs/%lld", (long long)id), "hubs.saved");
}

int hubs_service_add(req *r)
{
    int64_t id = req_param_id(r, "id");
    bool is_city;
    if (!may_edit(r, id, &is_city)) return refuse(r, id);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    const char *audience = in_text(r, "audience", 500, IN_OPTIONAL);
    const char *schedule = in_text(r, "schedule", 500, IN_OPTIONAL);
    const char *access = in_text(r, "access", 1000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "hubs.service_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    hub_rc rc = hub_add_service(r->db, id, name, audience, schedule, access, clock_now_us());
    if (rc != HUB_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : HUB_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/hubs/%lld", (long long)id),
                        "hubs.service_added");
}

int hubs_buildings(req *r)
{
    int64_t id = req_param_id(r, "id");
    bool is_city;
    if (!may_edit(r, id, &is_city)) return refuse(r, id);
    if (!is_city) return req_error(r, 403, "hubs.city_decides");
    const char **codes = NULL;
    int n = in_codes(r, "buildings", MAX_BUILDINGS, &codes);
    if (n < 0) req_field_error(r, "buildings", "hubs.too_many_buildings");
    if (req_has_errors(r)) return req_error(r, 422, "hubs.too_many_buildings");
    if (db_begin(r->db) != DB_OK) return -1;
    hub_rc rc = hub_set_buildings(r->db, id, codes, n);
    if (rc == HUB_OK && audit_append(r->db, req_city_for(r, ROLE_OFFICER), r->user->id,
                                     "hub_buildings", "hub", id, NULL))
        rc = HUB_ERROR;
    if (rc != HUB_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : HUB_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/hubs/%lld", (long long)id), "hubs.saved");
}

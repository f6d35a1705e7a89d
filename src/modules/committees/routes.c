#include "modules/committees/routes.h"

#include "base/clock.h"
#include "modules/audit/audit.h"
#include "modules/committees/committees.h"
#include "modules/tickets/tickets.h"
#include "web/input.h"

enum { MAX_BUILDINGS = 500 };

int committees_index(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    r->view = json_pack("{s:o,s:b}", "committees", committees_list(r->db, city, r->user->id),
                        "is_officer", city != 0);
    r->template = "committees/index";
    r->title_key = "committees.title";
    return 0;
}

static int fail(req *r, committee_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case COMMITTEE_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case COMMITTEE_NAME_TAKEN:
        req_field_error(r, "name", "committees.name_taken");
        return req_error(r, 409, "committees.name_taken");
    case COMMITTEE_BAD_BUILDING:
        req_field_error(r, "buildings", "hubs.bad_building");
        return req_error(r, 422, "hubs.bad_building");
    case COMMITTEE_NOT_RESIDENT:
        req_field_error(r, "email", "committees.not_resident");
        return req_error(r, 422, "committees.not_resident");
    case COMMITTEE_ALREADY:
        return req_error(r, 409, "committees.already");
    default:
        return -1;
    }
}

int committees_create(req *r)
{
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    const char **codes = NULL;
    int n = in_codes(r, "buildings", MAX_BUILDINGS, &codes);
    if (n < 0) req_field_error(r, "buildings", "hubs.too_many_buildings");
    if (req_has_errors(r)) return req_error(r, 422, "committees.invalid");
    int64_t city = req_city_for(r, ROLE_OFFICER), id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    committee_rc rc =
        committee_create(r->db, city, name, codes, n, r->user->id, clock_now_us(), &id);
    if (rc == COMMITTEE_OK &&
        audit_append(r->db, city, r->user->id, "committee_create", "committee", id, NULL))
        rc = COMMITTEE_ERROR;
    if (rc != COMMITTEE_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : COMMITTEE_ERROR);
    r->view = json_pack("{s:I}", "committee_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/committees/%lld", (long long)id),
                        "committees.created");
}

int committees_show(req *r)
{
    int64_t id = req_param_id(r, "id");
    int64_t city = committee_city(r->db, id);
    bool officer = city && req_city_for(r, ROLE_OFFICER) == city;
    bool member = city && committee_member(r->db, id, r->user->id);
    /* Who sits on a committee is for the city and the members to know. */
    if (!officer && !member) return req_error(r, 404, "error.not_found");
    json_t *k = committee_get(r->db, id, true);
    if (!k) return req_error(r, 404, "error.not_found");
    json_t *tickets = tickets_of_committee(r->db, id);
    req_label_each(r, tickets, "state", "tickets.state", "state_label");
    r->view = json_pack("{s:o,s:o,s:o,s:b,s:b}", "committee", k, "tickets", tickets, "categories",
                        ticket_categories(r->db, city), "is_officer", officer, "is_member", member);
    r->template = "committees/show";
    r->title_key = "committees.committee";
    return 0;
}

int committees_member_add(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *email = in_text(r, "email", 254, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "committees.not_resident");
    int64_t city = req_city_for(r, ROLE_OFFICER), uid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    committee_rc rc = committee_add_member(r->db, id, city, email, clock_now_us(), &uid);
    if (rc == COMMITTEE_OK &&
        audit_append(r->db, city, r->user->id, "committee_member_add", "committee", id, NULL))
        rc = COMMITTEE_ERROR;
    if (rc != COMMITTEE_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : COMMITTEE_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/committees/%lld", (long long)id),
                        "committees.member_added");
}

int committees_member_remove(req *r)
{
    int64_t id = req_param_id(r, "id");
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (db_begin(r->db) != DB_OK) return -1;
    committee_rc rc = committee_remove_member(r->db, id, city, req_param_id(r, "uid"));
    if (rc == COMMITTEE_OK &&
        audit_append(r->db, city, r->user->id, "committee_member_remove", "committee", id, NULL))
        rc = COMMITTEE_ERROR;
    if (rc != COMMITTEE_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : COMMITTEE_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/committees/%lld", (long long)id),
                        "committees.member_removed");
}

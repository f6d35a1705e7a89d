/* HTTP handlers of Housing First: the programme's page (homes, who lives where, sustainment),
 * adding a home, and a placement's steps, offered from the person's pathway. */
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/pathways/routes.h"
#include "modules/services/routes.h"
#include "web/input.h"

/* Where a step goes back to: the page it was done from (a local path), else the programme's. */
static int step_done(req *r, path_rc rc, const char *flash)
{
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    const char *back = in_text(r, "back", 300, IN_OPTIONAL);
    return req_redirect(r, back && *back && req_local_path(back) ? back : "/housing-first", flash);
}

int housing_first_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL);
    char today[11];
    date_rome(clock_now_us(), today);
    json_t *v = housing_first_overview(r->db, city, r->user->id, date_day_number(today));
    if (!v) return -1;
    json_t *homes = json_object_get(v, "homes");
    pathways_name_each(r, homes, "id");
    req_label_each(r, homes, "kind", "pathways.home_kind", "kind_label");
    req_label_each(r, homes, "state", "pathways.placement_state", "state_label");
    json_object_set_new(v, "kinds", req_choices(r, HOME_KINDS, "pathways.home_kind", NULL));
    r->view = v;
    r->template = "pathways/housing_first";
    r->title_key = "pathways.hf_title";
    return 0;
}

int hf_home_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = 0;
    home_in in = {
        .kind = in_choice(r, "kind", HOME_KINDS, IN_REQUIRED),
        .building_code = in_text(r, "building_code", 40, IN_OPTIONAL),
        .unit_code = in_text(r, "unit_code", 40, IN_OPTIONAL),
        .address = in_text(r, "address", 300, IN_OPTIONAL),
        .rooms = in_int(r, "rooms", 1, 20, IN_REQUIRED),
        .step_free = in_flag(r, "step_free"),
    };
    bool public_housing = in.kind && !strcmp(in.kind, "public_housing");
    if (public_housing && (!*in.building_code || !*in.unit_code))
        req_field_error(r, "unit_code", "pathways.home_unit_needed");
    if (in.kind && !public_housing && !*in.address)
        req_field_error(r, "address", "pathways.home_address_needed");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.home_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = home_add(r->db, city, r->user->id, &in, clock_now_us(), &id);
    if (rc == PATH_NOT_FOUND || rc == PATH_DUPLICATE) {
        db_rollback(r->db);
        req_field_error(r, "unit_code",
                        rc == PATH_NOT_FOUND ? "pathways.home_unit_unknown"
                                             : "pathways.home_unit_taken");
        return req_error(r, rc == PATH_NOT_FOUND ? 422 : 409, "pathways.home_incomplete");
    }
    if (rc == PATH_OK) r->view = json_pack("{s:I}", "home_id", (json_int_t)id);
    return step_done(r, rc, "pathways.home_added");
}

int placement_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), person = req_param_id(r, "id"), id = 0;
    int64_t home = in_int(r, "home_id", 1, INT64_MAX, IN_REQUIRED);
    const char *programme = in_choice(r, "programme", PROGRAMMES, IN_REQUIRED);
    const char *skip_reason = in_text(r, "skip_reason", 1000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.placement_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = placement_offer(r->db, city, r->user->id, person, home, programme, skip_reason,
                                 clock_now_us(), &id);
    if (rc == PATH_DUPLICATE || rc == PATH_LIVE) {
        db_rollback(r->db);
        return req_error(r, 409,
                         rc == PATH_DUPLICATE ? "pathways.home_taken" : "pathways.person_placed");
    }
    /* Why the person may not have the home, on the field that can change it. */
    static const struct {
        path_rc rc;
        const char *field, *key;
    } UNFIT[] = {
        {PATH_NOT_ELIGIBLE, "home_id", "pathways.not_eligible"},
        {PATH_NO_RESIDENCE, "home_id", "pathways.no_residence"},
        {PATH_NOT_HF, "programme", "pathways.not_hf"},
        {PATH_SKIP_REASON, "skip_reason", "pathways.skip_reason_needed"},
        {PATH_IN_HOUSEHOLD, "home_id", "pathways.household_member_offer"},
        {PATH_TOO_SMALL, "home_id", "pathways.home_too_small"},
        {PATH_NOT_STEP_FREE, "home_id", "pathways.home_not_step_free"},
    };
    for (size_t i = 0; i < sizeof UNFIT / sizeof UNFIT[0]; i++)
        if (rc == UNFIT[i].rc) {
            db_rollback(r->db);
            req_field_error(r, UNFIT[i].field, UNFIT[i].key);
            return req_error(r, 422, UNFIT[i].key);
        }
    if (rc == PATH_OK) r->view = json_pack("{s:I}", "placement_id", (json_int_t)id);
    return step_done(r, rc, "pathways.placement_offered");
}

/* Whether the person needs a home without barriers, as the social worker records it for the
 * match (why, if it is health, is written among the special categories). */
int person_step_free(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    bool needs = in_flag(r, "needs_step_free");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = person_set_step_free(r->db, city, r->user->id, id, needs);
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/people/%lld/pathway#home", (long long)id),
                        "pathways.step_free_saved");
}

int placement_moved(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL);
    const char *day = in_date(r, "moved_in_on", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.day_missing");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc =
        placement_move_in(r->db, city, r->user->id, req_param_id(r, "id"), day, clock_now_us());
    return step_done(r, rc, "pathways.placement_moved_in");
}

int placement_declined(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL);
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = placement_decline(r->db, city, r->user->id, req_param_id(r, "id"), clock_now_us());
    return step_done(r, rc, "pathways.placement_declined");
}

int placement_ended(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL);
    const char *reason = in_choice(r, "reason", PLACEMENT_ENDS, IN_REQUIRED);
    const char *day = in_date(r, "ended_on", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.end_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc =
        placement_end(r->db, city, r->user->id, req_param_id(r, "id"), reason, day, clock_now_us());
    return step_done(r, rc, "pathways.placement_ended");
}

int placement_visited(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL);
    const char *day = in_date(r, "visited_on", IN_REQUIRED);
    const char *note = in_text(r, "note", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.visit_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc =
        placement_visit(r->db, city, r->user->id, req_param_id(r, "id"), day, note, clock_now_us());
    return step_done(r, rc, "pathways.visit_recorded");
}

/* HTTP handlers of family pathways: the city's households, one household (each member's record
 * read is logged, as any opening), a household made from a record, members joining and
 * leaving. The city's social workers only. */
#include <string.h>

#include "base/clock.h"
#include "modules/pathways/routes.h"
#include "web/input.h"

static void household_labels(req *r, json_t *h)
{
    json_t *one = json_array();
    json_array_append(one, h);
    pathways_name_each(r, one, "person_id");
    req_date_texts(r, one, "next_review_on");
    req_date_texts(r, one, "moved_in_on");
    json_decref(one);
    const char *context = json_string_value(json_object_get(h, "context"));
    json_object_set_new(h, "context_label",
                        json_string(req_t_code(r, "pathways.household_context", context)));
    const char *state = json_string_value(json_object_get(h, "placement_state"));
    if (state)
        json_object_set_new(h, "placement_label",
                            json_string(req_t_code(r, "pathways.placement_state", state)));
}

int households_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL);
    json_t *list = households_list(r->db, city, r->user->id, HOUSEHOLDS_SHOWN);
    if (!list) return -1;
    size_t i;
    json_t *h;
    json_array_foreach(list, i, h) household_labels(r, h);
    r->view = json_pack("{s:o}", "households", list);
    r->template = "pathways/households";
    r->title_key = "pathways.households_title";
    return 0;
}

int household_page(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id");
    json_t *h = household_get(r->db, w.city_id, r->user->id, id);
    if (!h) return -1;
    if (!json_is_object(h)) return req_error(r, 404, "error.not_found");
    /* Each member's record is read here: logged before anything is shown, as on the record. */
    json_t *members = json_object_get(h, "members");
    path_rc rc = db_begin(r->db) == DB_OK ? PATH_OK : PATH_ERROR;
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m)
    {
        if (rc != PATH_OK) break;
        int64_t pid = json_integer_value(json_object_get(m, "id"));
        person_access access;
        rc = person_access_for(r->db, &w, pid, &access);
        if (rc == PATH_OK)
            rc = person_read_log(r->db, &w, pid, "household", access.purpose, clock_now_us());
    }
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) {
        json_decref(h);
        return pathways_fail(r, rc ? rc : PATH_ERROR);
    }
    household_labels(r, h);
    pathways_name_each(r, members, "id");
    req_label_each(r, members, "relation", "pathways.household_relation", "relation_label");
    json_object_set_new(h, "relations",
                        req_choices(r, HOUSEHOLD_RELATIONS, "pathways.household_relation", NULL));
    json_object_set_new(h, "household_id", json_integer(id));
    r->view = h;
    r->template = "pathways/household";
    r->title_key = "pathways.household_title";
    return 0;
}

static int household_done(req *r, path_rc rc, int64_t household, const char *flash)
{
    if (rc == PATH_LIVE) {
        db_rollback(r->db);
        req_field_error(r, "person_id", "pathways.household_already");
        return req_error(r, 409, "pathways.household_already");
    }
    if (rc == PATH_BAD_STATE) {
        db_rollback(r->db);
        return req_error(r, 409, "pathways.household_reference_last");
    }
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    r->view = json_pack("{s:I}", "household_id", (json_int_t)household);
    return req_redirect(r, arena_printf(&r->mem, "/households/%lld", (long long)household), flash);
}

int household_new(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), person = req_param_id(r, "id"), id = 0;
    const char *context = in_choice(r, "context", HOUSEHOLD_CONTEXTS, IN_REQUIRED);
    const char *place = in_text(r, "place", 200, IN_OPTIONAL);
    if (context && !strcmp(context, "camp_exit") && !*place)
        req_field_error(r, "place", "pathways.household_place_needed");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.household_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc =
        household_create(r->db, city, r->user->id, person, context, place, clock_now_us(), &id);
    return household_done(r, rc, id, "pathways.household_created");
}

int household_member_add(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    int64_t person = in_int(r, "person_id", 1, INT64_MAX, IN_REQUIRED);
    const char *relation = in_choice(r, "relation", HOUSEHOLD_RELATIONS, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.household_member_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = household_join(r->db, city, r->user->id, id, person, relation, clock_now_us());
    if (rc == PATH_NOT_FOUND) {
        /* The household is the page's own; what was not found is the record typed. */
        db_rollback(r->db);
        req_field_error(r, "person_id", "pathways.household_no_record");
        return req_error(r, 404, "pathways.household_no_record");
    }
    return household_done(r, rc, id, "pathways.household_joined");
}

int household_member_leave(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc =
        household_leave(r->db, city, r->user->id, id, req_param_id(r, "pid"), clock_now_us());
    return household_done(r, rc, id, "pathways.household_left");
}

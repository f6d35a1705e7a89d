/* HTTP handlers of the city's rules for the people it follows (the priority rule and the
 * retention periods: read by the social service and the city's officers, set by an officer
 * citing the act) and of matching a home to the people eligible for it. */
#include <stdio.h>

#include "base/clock.h"
#include "modules/pathways/routes.h"
#include "web/input.h"

enum { MATCH_SHOWN = 20 };

int priority_rule_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL | ROLE_OFFICER);
    priority_rule rule;
    if (priority_rule_get(r->db, city, &rule) != PATH_OK) return -1;
    r->view = json_pack("{s:o,s:b}", "rule", priority_rule_json(&rule), "is_officer",
                        req_city_for(r, ROLE_OFFICER) == city);
    r->template = "pathways/priority_rule";
    r->title_key = "pathways.rule_title";
    return 0;
}

int priority_rule_save(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    priority_rule in = {
        .month_points = (int)in_int(r, "month_points", 1, 12, IN_REQUIRED),
        .need_points = (int)in_int(r, "need_points", 0, 60, IN_REQUIRED),
        .rough_points = (int)in_int(r, "rough_points", 0, 120, IN_REQUIRED),
        .inactive_days = (int)in_int(r, "inactive_days", 7, 730, IN_REQUIRED),
        .hf_min_needs = (int)in_int(r, "hf_min_needs", 0, 6, IN_REQUIRED),
        .public_needs_residence = in_flag(r, "public_needs_residence"),
        .people_per_room = (int)in_int(r, "people_per_room", 1, 4, IN_OPTIONAL),
    };
    snprintf(in.decision, sizeof in.decision, "%s",
             in_text(r, "decision", sizeof in.decision - 1, IN_REQUIRED));
    if (req_has_errors(r)) return req_error(r, 422, "pathways.rule_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = priority_rule_set(r->db, city, r->user->id, &in, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, PATH_ERROR);
    return req_redirect(r, "/people/priority-rule", "pathways.rule_saved");
}

int retention_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL | ROLE_OFFICER);
    retention_rule rule;
    if (retention_rule_get(r->db, city, &rule) != PATH_OK) return -1;
    r->view =
        json_pack("{s:{s:s,s:i,s:i,s:b},s:b}", "rule", "decision", rule.decision, "special_years",
                  rule.special_years, "record_years", rule.record_years, "is_default",
                  rule.is_default, "is_officer", req_city_for(r, ROLE_OFFICER) == city);
    r->template = "pathways/retention";
    r->title_key = "pathways.retention_title";
    return 0;
}

int retention_save(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    retention_rule in = {
        .special_years = (int)in_int(r, "special_years", 1, 30, IN_REQUIRED),
        .record_years = (int)in_int(r, "record_years", 2, 50, IN_REQUIRED),
    };
    snprintf(in.decision, sizeof in.decision, "%s",
             in_text(r, "decision", sizeof in.decision - 1, IN_REQUIRED));
    if (!req_has_errors(r) && in.special_years > in.record_years)
        req_field_error(r, "special_years", "pathways.retention_order");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.retention_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = retention_rule_set(r->db, city, r->user->id, &in, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, PATH_ERROR);
    return req_redirect(r, "/people/retention", "pathways.retention_saved");
}

int home_match_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), home = req_param_id(r, "id"), eligible = 0;
    json_t *h = db_query_json(
        r->db,
        "SELECT h.id, h.kind, h.address, h.rooms, h.step_free AS is_step_free, (SELECT COUNT(*) "
        "FROM placements k WHERE "
        "k.home_id = h.id AND k.state IN ('offered', 'moved_in')) AS is_taken FROM hf_homes h "
        "WHERE h.id = ? AND h.city_id = ?",
        DB_ARGS(DB_INT(home), DB_INT(city)));
    if (!h) return -1;
    if (!json_array_size(h)) {
        json_decref(h);
        return req_error(r, 404, "error.not_found");
    }
    json_t *home_row = json_incref(json_array_get(h, 0));
    json_decref(h);
    priority_rule rule;
    json_t *people = priority_rule_get(r->db, city, &rule) == PATH_OK
                         ? home_candidates(r->db, city, &rule, r->user->id, home, clock_now_us(),
                                           MATCH_SHOWN, &eligible)
                         : NULL;
    if (!people) {
        json_decref(home_row);
        json_decref(people);
        return -1;
    }
    pathways_name_each(r, people, "id");
    size_t i;
    json_t *x;
    json_array_foreach(people, i, x)
    {
        json_object_set_new(x, "place", json_integer((json_int_t)i + 1));
        json_object_set_new(x, "is_first", json_boolean(i == 0));
        json_object_set_new(
            x, "is_household",
            json_boolean(json_integer_value(json_object_get(x, "household_size")) > 1));
    }
    json_object_set_new(
        home_row, "kind_label",
        json_string(req_t_code(r, "pathways.home_kind",
                               json_string_value(json_object_get(home_row, "kind")))));
    json_int_t holds =
        json_integer_value(json_object_get(home_row, "rooms")) * rule.people_per_room;
    r->view = json_pack("{s:o,s:o,s:I,s:i,s:o,s:I}", "home", home_row, "people", people, "eligible",
                        (json_int_t)eligible, "shown", (int)json_array_size(people), "rule",
                        priority_rule_json(&rule), "holds", holds);
    r->template = "pathways/home_match";
    r->title_key = "pathways.match_title";
    return 0;
}

#include "modules/practices/routes.h"

#include <string.h>

#include "base/clock.h"
#include "modules/practices/practices.h"
#include "web/input.h"

static int done(req *r, pr_rc rc, const char *back, const char *flash)
{
    if (rc == PR_OK && db_commit(r->db) == DB_OK) return req_redirect(r, back, flash);
    db_rollback(r->db);
    switch (rc) {
    case PR_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case PR_OWN_CITY:
        return req_error(r, 403, "practices.own_city");
    case PR_CONFLICT:
        return req_error(r, 409, "practices.version_conflict");
    default:
        return -1;
    }
}

static int64_t officer_city(req *r)
{
    return req_city_for(r, ROLE_OFFICER);
}

int practices_index(req *r)
{
    const char *q = in_text(r, "q", 100, IN_OPTIONAL);
    const char *action = in_choice(r, "action", practice_actions, IN_OPTIONAL);
    const char *theme = in_text(r, "theme", 100, IN_OPTIONAL);
    const char *city = in_text(r, "city", 6, IN_OPTIONAL);
    json_t *list = practices_list(r->db, q, action, theme, city);
    if (!list) return -1;
    req_label_each(r, list, "action", "practices.action", "action_label");
    r->view =
        json_pack("{s:o,s:o,s:s,s:s,s:b}", "practices", list, "actions",
                  req_choices(r, practice_actions, "practices.action", action), "q", q ? q : "",
                  "theme", theme ? theme : "", "is_officer", officer_city(r) != 0);
    r->template = "practices/index";
    r->title_key = "practices.title";
    return 0;
}

int practices_create(req *r)
{
    practice_in in = {.title = in_text(r, "title", 200, IN_REQUIRED),
                      .action = in_choice(r, "action", practice_actions, IN_REQUIRED),
                      .theme = in_text(r, "theme", 100, IN_OPTIONAL),
                      .context = in_text(r, "context", 8000, IN_REQUIRED),
                      .steps = in_text(r, "steps", 8000, IN_REQUIRED),
                      .results = in_text(r, "results", 8000, IN_REQUIRED),
                      .lessons = in_text(r, "lessons", 8000, IN_OPTIONAL),
                      .contacts = in_text(r, "contacts", 1000, IN_OPTIONAL)};
    if (req_has_errors(r)) return req_error(r, 422, "practices.invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    pr_rc rc = practice_add(r->db, officer_city(r), r->user->id, &in, clock_now_us(), &id);
    r->view = json_pack("{s:I}", "practice_id", (json_int_t)id);
    return done(r, rc, arena_printf(&r->mem, "/practices/%lld", (long long)id), "practices.added");
}

int practices_show(req *r)
{
    json_t *p = practice_get(r->db, req_param_id(r, "id"));
    if (!p) return req_error(r, 404, "error.not_found");
    json_t *one = json_array();
    json_array_append(one, p);
    req_label_each(r, one, "action", "practices.action", "action_label");
    json_decref(one);
    req_label_each(r, json_object_get(p, "figures"), "key", "practices.figure", "label");
    for (const char *const *k =
             (const char *const[]){"context", "steps", "results", "lessons", NULL};
         *k; k++)
        req_lines(r, p, *k);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "reviews"), i, x) req_lines(r, x, "text");
    int64_t mine = officer_city(r);
    bool reviewer = mine && mine != json_integer_value(json_object_get(p, "city_id"));
    r->view = json_pack("{s:o,s:b}", "practice", p, "may_review", reviewer);
    r->template = "practices/show";
    r->title_key = "practices.practice";
    return 0;
}

int practices_review(req *r)
{
    const char *text = in_text(r, "text", 4000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "practices.review_required");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return done(r, practice_review(r->db, id, r->user->id, officer_city(r), text, clock_now_us()),
                arena_printf(&r->mem, "/practices/%lld", (long long)id), "practices.reviewed");
}

int acts_index(req *r)
{
    const char *kind = in_choice(r, "kind", model_act_kinds, IN_OPTIONAL);
    json_t *list = model_acts_list(r->db, kind);
    if (!list) return -1;
    req_label_each(r, list, "kind", "practices.act_kind", "kind_label");
    r->view = json_pack("{s:o,s:o,s:b}", "acts", list, "kinds",
                        req_choices(r, model_act_kinds, "practices.act_kind", kind), "is_officer",
                        officer_city(r) != 0);
    r->template = "practices/acts";
    r->title_key = "practices.acts_title";
    return 0;
}

int acts_create(req *r)
{
    const char *kind = in_choice(r, "kind", model_act_kinds, IN_REQUIRED);
    const char *title = in_text(r, "title", 200, IN_REQUIRED);
    const char *text = in_text(r, "text", 200000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "practices.act_invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    pr_rc rc =
        model_act_add(r->db, officer_city(r), r->user->id, kind, title, text, clock_now_us(), &id);
    r->view = json_pack("{s:I}", "act_id", (json_int_t)id);
    return done(r, rc, arena_printf(&r->mem, "/acts/%lld", (long long)id), "practices.act_added");
}

int acts_show(req *r)
{
    int64_t from = in_int(r, "from", 1, 1000000, IN_OPTIONAL);
    int64_t to = in_int(r, "to", 1, 1000000, IN_OPTIONAL);
    json_t *a = model_act_get(r->db, req_param_id(r, "id"), from, to);
    if (!a) return req_error(r, 404, "error.not_found");
    json_object_set_new(a, "kind_label",
                        json_string(req_t_code(r, "practices.act_kind",
                                               json_string_value(json_object_get(a, "kind")))));
    /* Each line of the difference as people read it: added, removed or the same. */
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(a, "diff"), i, x)
    {
        const char *op = json_string_value(json_object_get(x, "op"));
        json_object_set_new(x, "is_added", json_integer(!strcmp(op, "added")));
        json_object_set_new(x, "is_removed", json_integer(!strcmp(op, "removed")));
    }
    req_lines(r, a, "text");
    bool owner = officer_city(r) == json_integer_value(json_object_get(a, "city_id"));
    r->view = json_pack("{s:o,s:b}", "act", a, "is_owner", owner);
    r->template = "practices/act";
    r->title_key = "practices.act";
    return 0;
}

int acts_version(req *r)
{
    const char *text = in_text(r, "text", 200000, IN_REQUIRED);
    const char *note = in_text(r, "note", 500, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "practices.act_invalid");
    int64_t id = req_param_id(r, "id"), version = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    pr_rc rc = model_act_version(r->db, officer_city(r), id, r->user->id, text, note,
                                 clock_now_us(), &version);
    r->view = json_pack("{s:I}", "version", (json_int_t)version);
    return done(r, rc, arena_printf(&r->mem, "/acts/%lld", (long long)id),
                "practices.version_added");
}

int working_group_page(req *r)
{
    json_t *cities = working_group_overview(r->db);
    if (!cities) return -1;
    r->view = json_pack("{s:o}", "cities", cities);
    r->template = "practices/overview";
    r->title_key = "practices.overview_title";
    return 0;
}

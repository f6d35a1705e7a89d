#include "modules/ideas/routes.h"

#include <string.h>

#include "base/clock.h"
#include "modules/ideas/ideas.h"
#include "web/input.h"

int ideas_index(req *r)
{
    const char *hood = in_text(r, "neighbourhood", 128, IN_OPTIONAL);
    json_t *list = ideas_list(r->db, hood);
    req_label_each(r, list, "state", "ideas.state", "state_label");
    req_label_each(r, list, "kind", "ideas.kind", "kind_label");
    r->view = json_pack("{s:o,s:b}", "ideas", list ? list : json_array(), "is_resident",
                        req_has_role(r, ROLE_RESIDENT));
    r->template = "ideas/index";
    r->title_key = "ideas.title";
    return 0;
}

static int answer_rc(req *r, idea_rc rc, int64_t id, const char *flash)
{
    if (rc == IDEA_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, arena_printf(&r->mem, "/ideas/%lld", (long long)id), flash);
    db_rollback(r->db);
    switch (rc) {
    case IDEA_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case IDEA_NOT_RESIDENT:
        return req_error(r, 403, "ideas.not_resident");
    case IDEA_SUPPORTED:
        return req_error(r, 409, "ideas.supported");
    case IDEA_BAD_CALL:
        req_field_error(r, "call_id", "ideas.bad_call");
        return req_error(r, 422, "ideas.bad_call");
    default:
        return -1;
    }
}

int ideas_create(req *r)
{
    static const char *const KINDS[] = {"idea", "need", NULL};
    const char *kind = in_choice(r, "kind", KINDS, IN_REQUIRED);
    const char *title = in_text(r, "title", 200, IN_REQUIRED);
    const char *text = in_text(r, "text", 4000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "ideas.invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    idea_rc rc = idea_add(r->db, r->user->id, kind, title, text, clock_now_us(), &id);
    r->view = json_pack("{s:I}", "idea_id", (json_int_t)id);
    return answer_rc(r, rc, id, "ideas.created");
}

int ideas_show(req *r)
{
    json_t *idea = idea_get(r->db, req_param_id(r, "id"));
    if (!idea) return req_error(r, 404, "error.not_found");
    json_object_set_new(idea, "state_label",
                        json_string(req_t_code(r, "ideas.state",
                                               json_string_value(json_object_get(idea, "state")))));
    r->view =
        json_pack("{s:o,s:b,s:b}", "idea", idea, "is_resident", req_has_role(r, ROLE_RESIDENT),
                  "is_officer", req_has_role(r, ROLE_OFFICER));
    r->template = "ideas/show";
    r->title_key = "ideas.idea";
    return 0;
}

int ideas_support(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer_rc(r, idea_support(r->db, id, r->user->id, clock_now_us()), id, "ideas.thanks");
}

int ideas_comment(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *text = in_text(r, "text", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "ideas.invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer_rc(r, idea_comment(r->db, id, r->user->id, text, clock_now_us()), id,
                     "ideas.commented");
}

int ideas_answer(req *r)
{
    static const char *const STATES[] = {"answered", "taken_forward", "declined", NULL};
    int64_t id = req_param_id(r, "id");
    const char *state = in_choice(r, "state", STATES, IN_REQUIRED);
    const char *text = in_text(r, "answer", 4000, IN_REQUIRED);
    int64_t call = in_int(r, "call_id", 0, INT64_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "ideas.invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer_rc(r,
                     idea_answer(r->db, req_city_for(r, ROLE_OFFICER), id, state, text, call,
                                 r->user->id, clock_now_us()),
                     id, "ideas.answered");
}

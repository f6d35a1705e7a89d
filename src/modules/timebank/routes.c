#include "modules/timebank/routes.h"

#include <string.h>

#include "base/clock.h"
#include "modules/timebank/timebank.h"
#include "web/input.h"

int timebank_page(req *r)
{
    json_t *home = timebank_home(r->db, r->user->id);
    if (!home) return req_error(r, 403, "timebank.not_resident");
    req_label_each(r, json_object_get(home, "posts"), "category", "timebank.category",
                   "category_label");
    req_label_each(r, json_object_get(home, "posts"), "kind", "timebank.kind", "kind_label");
    json_t *cats = json_array();
    for (int k = 0; HELP_CATEGORIES[k]; k++)
        json_array_append_new(cats,
                              json_pack("{s:s,s:s}", "value", HELP_CATEGORIES[k], "label",
                                        req_t_code(r, "timebank.category", HELP_CATEGORIES[k])));
    json_object_set_new(home, "categories", cats);
    r->view = home;
    r->template = "timebank/index";
    r->title_key = "timebank.title";
    return 0;
}

static int answer(req *r, tb_rc rc, const char *flash)
{
    if (rc == TB_OK && db_commit(r->db) == DB_OK) return req_redirect(r, "/timebank", flash);
    db_rollback(r->db);
    switch (rc) {
    case TB_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case TB_NOT_RESIDENT:
        return req_error(r, 403, "timebank.not_resident");
    case TB_SELF:
        return req_error(r, 409, "timebank.self");
    case TB_WRONG_STATE:
        return req_error(r, 409, "timebank.wrong_state");
    default:
        return -1;
    }
}

int timebank_post(req *r)
{
    static const char *const KINDS[] = {"offer", "request", NULL};
    const char *kind = in_choice(r, "kind", KINDS, IN_REQUIRED);
    const char *cat = in_choice(r, "category", HELP_CATEGORIES, IN_REQUIRED);
    const char *text = in_text(r, "text", 1000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "timebank.invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    tb_rc rc = help_post(r->db, r->user->id, kind, cat, text, clock_now_us(), &id);
    r->view = json_pack("{s:I}", "post_id", (json_int_t)id);
    return answer(r, rc, "timebank.posted");
}

int timebank_close(req *r)
{
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, help_close(r->db, req_param_id(r, "id"), r->user->id), "timebank.closed");
}

int timebank_exchange(req *r)
{
    int64_t minutes = in_int(r, "minutes", 1, 1440, IN_REQUIRED);
    const char *done_on = in_date(r, "done_on", IN_REQUIRED);
    const char *note = in_text(r, "note", 500, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "timebank.invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    tb_rc rc = exchange_propose(r->db, req_param_id(r, "id"), r->user->id, minutes, done_on, note,
                                clock_now_us(), &id);
    r->view = json_pack("{s:I}", "exchange_id", (json_int_t)id);
    return answer(r, rc, "timebank.proposed");
}

int timebank_decide(req *r)
{
    static const char *const DECISIONS[] = {"confirm", "refuse", NULL};
    const char *d = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "timebank.invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  exchange_decide(r->db, req_param_id(r, "id"), r->user->id,
                                  strcmp(d, "confirm") == 0, clock_now_us()),
                  "timebank.decided");
}

int timebank_report_page(req *r)
{
    json_t *rep = timebank_report(r->db);
    req_label_each(r, json_object_get(rep, "by_category"), "category", "timebank.category",
                   "category_label");
    r->view = rep;
    r->template = "timebank/report";
    r->title_key = "timebank.report";
    return 0;
}

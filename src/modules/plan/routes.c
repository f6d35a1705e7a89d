#include "modules/plan/routes.h"

#include <string.h>

#include "base/money.h"
#include "modules/audit/audit.h"
#include "modules/plan/plan.h"
#include "web/input.h"

static const char *const FUNDS[] = {"ESF", "ERDF", NULL};
static const char *const STATUSES[] = {"planned", "running", "completed", "cancelled", NULL};

int plan_operations_index(req *r)
{
    r->view = json_pack("{s:o,s:b}", "operations", plan_operations(r->db, 0), "can_edit",
                        req_has_role(r, ROLE_OFFICER));
    r->template = "plan/index";
    r->title_key = "plan.title";
    return 0;
}

int plan_operation_show(req *r)
{
    json_t *op = plan_operation(r->db, req_param_id(r, "id"));
    if (!op) return req_error(r, 404, "error.not_found");
    bool mine = json_integer_value(json_object_get(op, "city_id")) == req_city_for(r, ROLE_OFFICER);
    r->view = json_pack("{s:o,s:b}", "operation", op, "can_edit", mine);
    r->template = "plan/show";
    r->title_key = "plan.operation";
    return 0;
}

/* The form, empty (new) or filled from the operation or from what was sent. */
static int show_form(req *r, json_t *values)
{
    if (!r->view) r->view = json_object();
    json_t *actions = plan_actions(r->db);
    int64_t selected = json_integer_value(json_object_get(values, "action_id"));
    size_t i;
    json_t *a;
    json_array_foreach(actions, i, a)
    {
        json_object_set_new(a, "selected",
                            json_boolean(json_integer_value(json_object_get(a, "id")) == selected));
    }
    const char *status = json_string_value(json_object_get(values, "status"));
    const char *fund = json_string_value(json_object_get(values, "fund"));
    json_t *statuses = json_array(), *funds = json_array();
    for (int k = 0; STATUSES[k]; k++)
        json_array_append_new(statuses, json_pack("{s:s,s:b}", "value", STATUSES[k], "selected",
                                                  status && strcmp(status, STATUSES[k]) == 0));
    for (int k = 0; FUNDS[k]; k++)
        json_array_append_new(funds, json_pack("{s:s,s:b}", "value", FUNDS[k], "selected",
                                               fund && strcmp(fund, FUNDS[k]) == 0));
    json_object_set_new(r->view, "actions", actions);
    json_object_set_new(r->view, "statuses", statuses);
    json_object_set_new(r->view, "funds", funds);
    json_object_set_new(r->view, "operation", values);
    r->template = "plan/form";
    r->title_key = "plan.form_title";
    return 0;
}

int plan_operation_form(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (!req_param(r, "id")) return show_form(r, json_object());
    json_t *op = plan_operation(r->db, id);
    if (!op ||
        json_integer_value(json_object_get(op, "city_id")) != req_city_for(r, ROLE_OFFICER)) {
        json_decref(op);
        return req_error(r, 404, "error.not_found");
    }
    char budget[32];
    money_format_input(json_integer_value(json_object_get(op, "budget_cents")), r->lang, budget,
                       sizeof budget);
    json_object_set_new(op, "budget", json_string(budget));
    return show_form(r, op);
}

static int save(req *r, int64_t id)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (!city) return req_error(r, 403, "error.forbidden");
    operation_in in = {
        .action_id = in_int(r, "action_id", 1, INT64_MAX, IN_REQUIRED),
        .local_code = in_text(r, "local_code", 32, IN_REQUIRED),
        .cup = in_checked(r, "cup", check_cup, IN_REQUIRED),
        .title = in_text(r, "title", 300, IN_REQUIRED),
        .summary = in_text(r, "summary", 5000, IN_OPTIONAL),
        .fund = in_choice(r, "fund", FUNDS, IN_REQUIRED),
        .budget_cents = in_money(r, "budget", IN_REQUIRED),
        .start_date = in_date(r, "start_date", IN_OPTIONAL),
        .end_date = in_date(r, "end_date", IN_OPTIONAL),
        .status = in_choice(r, "status", STATUSES, IN_REQUIRED),
    };
    if (in.start_date && in.end_date && strcmp(in.end_date, in.start_date) < 0)
        req_field_error(r, "end_date", "plan.end_before_start");
    int64_t out = 0;
    if (!req_has_errors(r)) {
        if (db_begin(r->db) != DB_OK) return -1;
        plan_rc rc = plan_operation_save(r->db, city, id, &in, &out);
        if (rc == PLAN_OK) {
            json_t *d = json_pack("{s:s,s:s}", "local_code", in.local_code, "cup", in.cup);
            int a = audit_append(r->db, city, r->user->id,
                                 id ? "operation_update" : "operation_create", "operation", out, d);
            json_decref(d);
            if (a == 0 && db_commit(r->db) == DB_OK)
                return req_redirect(r, arena_printf(&r->mem, "/operations/%lld", (long long)out),
                                    "plan.saved");
        }
        db_rollback(r->db);
        if (rc == PLAN_NOT_FOUND) return req_error(r, 404, "error.not_found");
        if (rc == PLAN_DUPLICATE)
            req_field_error(r, "local_code", "plan.duplicate");
        else if (rc != PLAN_OK)
            return -1;
    }
    r->status = 422;
    json_t *values =
        json_pack("{s:I,s:s,s:s?,s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?}", "id", (json_int_t)id,
                  "local_code", in.local_code, "cup", req_field(r, "cup"), "title", in.title,
                  "summary", in.summary, "fund", in.fund, "budget", req_field(r, "budget"),
                  "start_date", in.start_date, "end_date", in.end_date, "status", in.status);
    json_object_set_new(values, "action_id", json_integer(in.action_id));
    if (!id) json_object_del(values, "id"); /* a new operation: the form posts to /operations */
    return show_form(r, values);
}

int plan_operation_create(req *r)
{
    return save(r, 0);
}

int plan_operation_update(req *r)
{
    int64_t id = req_param_id(r, "id");
    return id ? save(r, id) : req_error(r, 404, "error.not_found");
}

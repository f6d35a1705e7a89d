#include "modules/evaluation/routes.h"

#include "base/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "modules/calls/calls.h"
#include "modules/evaluation/evaluation.h"
#include "modules/proposals/proposals.h"
#include "view/xlsx.h"
#include "web/input.h"

static bool is_member(req *r, int64_t call_id)
{
    return r->user && eval_member_role(r->db, call_id, r->user->id) > 0;
}

/* The call, if the person may follow its evaluation: its city's officers, its commission,
 * the managing authority. */
static json_t *call_for(req *r, bool *officer)
{
    int64_t id = req_param_id(r, "id");
    json_t *k = call_get(r->db, id, clock_now_us(), false);
    if (!k) return NULL;
    *officer = json_integer_value(json_object_get(k, "city_id")) == req_city_for(r, ROLE_OFFICER);
    if (*officer || req_has_role(r, ROLE_AUDITOR) || is_member(r, id)) return k;
    json_decref(k);
    return NULL;
}

static int ev_answer(req *r, ev_rc rc, const char *location, const char *flash)
{
    if (rc == EV_OK && db_commit(r->db) == DB_OK) return req_redirect(r, location, flash);
    db_rollback(r->db);
    switch (rc) {
    case EV_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case EV_WRONG_STATE:
        return req_error(r, 409, "evaluation.wrong_state");
    case EV_CONFLICT:
        return req_error(r, 403, "evaluation.conflict");
    case EV_NOT_DECLARED:
        return req_error(r, 409, "evaluation.not_declared");
    case EV_NOT_MEMBER:
        return req_error(r, 403, "evaluation.not_member");
    case EV_BAD_POINTS:
        return req_error(r, 422, "evaluation.bad_points");
    case EV_NOT_PRESIDENT:
        return req_error(r, 403, "evaluation.not_president");
    case EV_NOT_EVALUATOR:
        return req_error(r, 422, "evaluation.not_evaluator");
    case EV_NOT_ADMITTED:
        return req_error(r, 409, "evaluation.not_admitted");
    case EV_BAD_REPLACEMENT:
        return req_error(r, 422, "evaluation.replacement_reason");
    case EV_WRONG_MODE:
        return req_error(r, 409, "evaluation.wrong_mode");
    case EV_INCOMPLETE:
        return req_error(r, 409, "evaluation.incomplete");
    default:
        return -1;
    }
}

int evaluation_dashboard(req *r)
{
    bool officer = false;
    json_t *k = call_for(r, &officer);
    if (!k) return req_error(r, 404, "error.not_found");
    int64_t id = json_integer_value(json_object_get(k, "id"));
    json_t *d = eval_dashboard(r->db, id);
    const char *state = json_string_value(json_object_get(k, "state"));
    r->view = json_pack(
        "{s:o,s:o,s:b,s:b,s:b,s:b}", "call", k, "dashboard", d, "is_officer", officer, "can_decide",
        officer && (strcmp(state, "closed") == 0 || strcmp(state, "evaluation") == 0),
        "can_publish", officer && strcmp(state, "evaluation") == 0, "is_evaluator",
        is_member(r, id));
    r->template = "evaluation/dashboard";
    r->title_key = "evaluation.title";
    return 0;
}

static const char *back(req *r)
{
    return arena_printf(&r->mem, "/calls/%lld/evaluation", (long long)req_param_id(r, "id"));
}

int evaluation_admissibility(req *r)
{
    static const char *const DECISIONS[] = {"admitted", "excluded", NULL};
    int64_t pid = in_int(r, "proposal_id", 1, INT64_MAX, IN_REQUIRED);
    const char *decision = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    const char *reason = in_text(r, "reason", 4000, IN_OPTIONAL);
    if (decision && strcmp(decision, "excluded") == 0 && !*reason)
        req_field_error(r, "reason", "evaluation.reason_required");
    if (req_has_errors(r) || !decision) {
        return req_error(r, 422, "evaluation.reason_required");
    }
    if (db_begin(r->db) != DB_OK) return -1;
    return ev_answer(r,
                     eval_admissibility(r->db, req_city_for(r, ROLE_OFFICER), req_param_id(r, "id"),
                                        pid, strcmp(decision, "admitted") == 0, reason,
                                        r->user->id),
                     back(r), "evaluation.decided");
}

int evaluation_commission(req *r)
{
    int64_t uid = in_int(r, "user_id", 1, INT64_MAX, IN_REQUIRED);
    const char *pres = req_field(r, "president");
    if (req_has_errors(r)) return req_error(r, 422, "evaluation.not_evaluator");
    if (db_begin(r->db) != DB_OK) return -1;
    return ev_answer(r,
                     eval_appoint(r->db, req_city_for(r, ROLE_OFFICER), req_param_id(r, "id"), uid,
                                  pres && *pres && strcmp(pres, "0") != 0, r->user->id),
                     back(r), "evaluation.appointed");
}

int evaluation_replace(req *r)
{
    int64_t old = in_int(r, "member_id", 1, INT64_MAX, IN_REQUIRED);
    int64_t by = in_int(r, "replacement_id", 1, INT64_MAX, IN_REQUIRED);
    const char *reason = in_text(r, "reason", 4000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "evaluation.replacement_reason");
    if (db_begin(r->db) != DB_OK) return -1;
    return ev_answer(r,
                     eval_replace(r->db, req_city_for(r, ROLE_OFFICER), req_param_id(r, "id"), old,
                                  by, reason, r->user->id),
                     back(r), "evaluation.replaced");
}

int evaluation_sheet(req *r)
{
    int64_t call_id = req_param_id(r, "id"), pid = req_param_id(r, "pid");
    json_t *p = proposal_get(r->db, pid);
    if (p && json_integer_value(json_object_get(p, "call_id")) == call_id &&
        !is_member(r, call_id)) {
        json_decref(p);
        return req_error(r, 403, "evaluation.not_member");
    }
    if (!p || json_integer_value(json_object_get(p, "call_id")) != call_id ||
        strcmp(json_string_value(json_object_get(p, "status")), "submitted") != 0) {
        json_decref(p);
        return req_error(r, 404, "error.not_found");
    }
    json_t *sheet = eval_sheet(r->db, call_id, pid, r->user->id);
    if (json_is_true(json_object_get(sheet, "conflict"))) {
        json_decref(p); /* an evaluator in conflict does not even read the proposal */
        json_decref(sheet);
        return req_error(r, 403, "evaluation.conflict");
    }
    bool pres = eval_member_role(r->db, call_id, r->user->id) == 2;
    json_t *k = call_get(r->db, call_id, clock_now_us(), false);
    bool agreed = k && strcmp(json_string_value(json_object_get(k, "score_mode")), "agreed") == 0;
    json_decref(k);
    r->view = json_pack("{s:I,s:o,s:o,s:b}", "call_id", (json_int_t)call_id, "proposal", p, "sheet",
                        sheet, "is_president_agreed", pres && agreed);
    r->template = "evaluation/sheet";
    r->title_key = "evaluation.sheet";
    return 0;
}

static const char *sheet_url(req *r)
{
    return arena_printf(&r->mem, "/calls/%lld/evaluation/%lld", (long long)req_param_id(r, "id"),
                        (long long)req_param_id(r, "pid"));
}

int evaluation_declare(req *r)
{
    if (db_begin(r->db) != DB_OK) return -1;
    return ev_answer(r,
                     eval_declare(r->db, req_param_id(r, "id"), req_param_id(r, "pid"), r->user->id,
                                  clock_now_us()),
                     sheet_url(r), "evaluation.declared");
}

int evaluation_scores(req *r)
{
    int64_t call_id = req_param_id(r, "id");
    json_t *crit = eval_criteria(r->db, call_id);
    score_in s[EVAL_MAX_CRITERIA];
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(crit, i, x)
    {
        if (n == EVAL_MAX_CRITERIA) break;
        int64_t id = json_integer_value(json_object_get(x, "id"));
        char pf[40], nf[40];
        snprintf(pf, sizeof pf, "points_%lld", (long long)id);
        snprintf(nf, sizeof nf, "note_%lld", (long long)id);
        const char *pv = req_field(r, pf);
        if (!pv || !*pv) continue; /* a criterion not scored now keeps its earlier score */
        int64_t pts =
            in_int(r, pf, 0, json_integer_value(json_object_get(x, "max_points")), IN_REQUIRED);
        s[n++] = (score_in){id, pts, in_text(r, nf, 4000, IN_OPTIONAL)};
    }
    json_decref(crit);
    if (req_has_errors(r)) {
        return req_error(r, 422, "evaluation.bad_points");
    }
    const char *agreed = req_field(r, "agreed");
    if (db_begin(r->db) != DB_OK) return -1;
    return ev_answer(r,
                     eval_score(r->db, call_id, req_param_id(r, "pid"), r->user->id, s, n,
                                agreed && *agreed && strcmp(agreed, "0") != 0, clock_now_us()),
                     sheet_url(r), "evaluation.scored");
}

int evaluation_publish(req *r)
{
    int missing = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    int64_t id = req_param_id(r, "id");
    ev_rc rc = eval_publish_ranking(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id,
                                    clock_now_us(), &missing);
    int out = ev_answer(r, rc, arena_printf(&r->mem, "/calls/%lld/ranking", (long long)id),
                        "evaluation.published");
    if (rc == EV_INCOMPLETE)
        json_object_set_new(json_object_get(r->view, "error"), "missing_scores",
                            json_integer(missing));
    return out;
}

/* The published ranking, or NULL (and a 404 answer) when there is none yet. */
static json_t *published(req *r, json_t **call)
{
    *call = call_get(r->db, req_param_id(r, "id"), clock_now_us(), false);
    const char *state = *call ? json_string_value(json_object_get(*call, "state")) : "draft";
    if (strcmp(state, "ranked") != 0 && strcmp(state, "codesign") != 0 &&
        strcmp(state, "concluded") != 0) {
        json_decref(*call);
        req_error(r, 404, "evaluation.not_published");
        return NULL;
    }
    return eval_ranking(r->db, req_param_id(r, "id"));
}

int ranking_page(req *r)
{
    json_t *call;
    json_t *rk = published(r, &call);
    if (!rk) return 0;
    json_object_set_new(call, "tie_rule_label",
                        json_string(req_t_code(
                            r, "calls.tie", json_string_value(json_object_get(call, "tie_rule")))));
    r->view = json_pack("{s:o,s:o}", "call", call, "ranking", rk);
    r->template = "evaluation/ranking";
    r->title_key = "evaluation.ranking";
    return 0;
}

static const char *const COLUMNS[] = {"area",     "position",     "organisation", "tax_code",
                                      "title",    "protocol",     "score",        "above_threshold",
                                      "admitted", "requested_eur"};

/* One row of the export as text cells. */
static void cells(json_t *x, char out[10][320])
{
    int64_t t = json_integer_value(json_object_get(x, "total_hundredths"));
    int64_t asked = json_integer_value(json_object_get(x, "requested_cents"));
    snprintf(out[0], 320, "%s", json_string_value(json_object_get(x, "area")));
    snprintf(out[1], 320, "%lld", (long long)json_integer_value(json_object_get(x, "position")));
    snprintf(out[2], 320, "%s", json_string_value(json_object_get(x, "organisation")));
    snprintf(out[3], 320, "%s", json_string_value(json_object_get(x, "tax_code")));
    snprintf(out[4], 320, "%s", json_string_value(json_object_get(x, "title")));
    snprintf(out[5], 320, "%lld", (long long)json_integer_value(json_object_get(x, "protocol")));
    snprintf(out[6], 320, "%lld.%02lld", (long long)(t / 100), (long long)(t % 100));
    snprintf(out[7], 320, "%s",
             json_integer_value(json_object_get(x, "is_above_threshold")) ? "yes" : "no");
    snprintf(out[8], 320, "%s",
             json_integer_value(json_object_get(x, "is_admitted")) ? "yes" : "no");
    snprintf(out[9], 320, "%lld.%02lld", (long long)(asked / 100), (long long)(asked % 100));
}

int ranking_csv(req *r)
{
    json_t *call;
    json_t *rk = published(r, &call);
    if (!rk) return 0;
    buf_init(&r->body, 64u << 20);
    /* Which columns are numbers: written as they are; every other goes through the text rule. */
    static const bool NUMERIC[10] = {false, true, false, false, false,
                                     true,  true, false, false, true};
    for (int i = 0; i < 10; i++) {
        csv_put_text(&r->body, COLUMNS[i], ',');
        buf_puts(&r->body, i == 9 ? "\r\n" : ",");
    }
    size_t i;
    json_t *x;
    char c[10][320];
    json_array_foreach(json_object_get(rk, "rows"), i, x)
    {
        cells(x, c);
        for (int k = 0; k < 10; k++) {
            if (NUMERIC[k])
                csv_put_number(&r->body, c[k], ',');
            else
                csv_put_text(&r->body, c[k], ',');
            buf_puts(&r->body, k == 9 ? "\r\n" : ",");
        }
    }
    json_decref(rk);
    json_decref(call);
    r->content_type = "text/csv; charset=utf-8";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem, "attachment; filename=\"graduatoria-%lld.csv\"",
                                (long long)req_param_id(r, "id")));
    return 0;
}

int ranking_xlsx(req *r)
{
    json_t *call;
    json_t *rk = published(r, &call);
    if (!rk) return 0;
    xlsx x = {0};
    if (xlsx_open(&x)) {
        json_decref(rk);
        json_decref(call);
        return -1;
    }
    lxw_worksheet *ws = workbook_add_worksheet(x.wb, "Graduatoria");
    for (int k = 0; k < 10; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, COLUMNS[k], x.bold);
    size_t i;
    json_t *row_json;
    char c[10][320];
    json_array_foreach(json_object_get(rk, "rows"), i, row_json)
    {
        cells(row_json, c);
        lxw_row_t row = (lxw_row_t)(i + 1);
        for (int k = 0; k < 10; k++) {
            bool number = k == 1 || k == 5 || k == 6 || k == 9;
            if (number)
                worksheet_write_number(ws, row, (lxw_col_t)k, strtod(c[k], NULL), NULL);
            else
                worksheet_write_string(ws, row, (lxw_col_t)k, c[k], NULL);
        }
    }
    json_decref(rk);
    json_decref(call);
    buf_init(&r->body, 64u << 20);
    if (xlsx_close(&x, &r->body)) return -1;
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem, "attachment; filename=\"graduatoria-%lld.xlsx\"",
                                (long long)req_param_id(r, "id")));
    return 0;
}

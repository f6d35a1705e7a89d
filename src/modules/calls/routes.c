#include "modules/calls/routes.h"

#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "base/clock.h"
#include "base/money.h"
#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/calls/calls.h"
#include "modules/plan/plan.h"
#include "modules/spaces/spaces.h"
#include "view/format.h"
#include "web/render.h"
#include "view/views.h"
#include "web/input.h"

static const char *const TIE_RULES[] = {"earlier_submission", "higher_cofinancing", "lower_request",
                                        NULL};
static const char *const SCORE_MODES[] = {"mean", "agreed", NULL};

/* "12 giorni e 3 ore" */
static const char *time_left(req *r, int64_t us)
{
    if (us <= 0) return req_t(r, "calls.expired");
    int64_t h = us / 3600000000;
    return arena_printf(&r->mem, "%lld %s, %lld %s", (long long)(h / 24), req_t(r, "calls.days"),
                        (long long)(h % 24), req_t(r, "calls.hours"));
}

static void add_labels(req *r, json_t *call)
{
    json_object_set_new(call, "state_label",
                        json_string(req_t_code(r, "calls.state",
                                               json_string_value(json_object_get(call, "state")))));
    json_t *pct =
        format_percent_bp(json_integer_value(json_object_get(call, "min_cofinancing_bp")), r->lang);
    json_object_set_new(call, "min_cofinancing", pct);
    int64_t points = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(call, "criteria"), i, x)
    {
        points += json_integer_value(json_object_get(x, "max_points"));
    }
    json_object_set_new(call, "max_points", json_integer(points));
    req_label_each(r, json_object_get(call, "timeline"), "state", "calls.state", "label");
    json_object_set_new(call, "tie_rule_label",
                        json_string(req_t_code(
                            r, "calls.tie", json_string_value(json_object_get(call, "tie_rule")))));
}

int calls_index(req *r)
{
    int64_t now = clock_now_us();
    json_t *calls = call_list(r->db, now, req_city_for(r, ROLE_OFFICER));
    req_label_each(r, calls, "state", "calls.state", "state_label");
    r->view = json_pack("{s:o,s:b}", "calls", calls, "can_create", req_has_role(r, ROLE_OFFICER));
    r->template = "calls/index";
    r->title_key = "calls.title";
    return 0;
}

/* The call if this person may see it (drafts: only the officers of its city). */
static json_t *visible_call(req *r, int64_t id, bool *is_officer)
{
    int64_t officer_city = req_city_for(r, ROLE_OFFICER);
    json_t *k = call_get(r->db, id, clock_now_us(), false);
    if (!k) return NULL;
    *is_officer = officer_city && json_integer_value(json_object_get(k, "city_id")) == officer_city;
    if (!*is_officer && strcmp(json_string_value(json_object_get(k, "state")), "draft") == 0) {
        json_decref(k);
        return NULL;
    }
    if (*is_officer) { /* officers see unanswered questions too */
        json_decref(k);
        k = call_get(r->db, id, clock_now_us(), true);
    }
    return k;
}

int calls_show(req *r)
{
    bool officer = false;
    json_t *k = visible_call(r, req_param_id(r, "id"), &officer);
    if (!k) return req_error(r, 404, "error.not_found");
    add_labels(r, k);
    const char *state = json_string_value(json_object_get(k, "state"));
    json_object_set_new(
        k, "time_left",
        json_string(time_left(r, json_integer_value(json_object_get(k, "remaining_us")))));
    json_t *next = json_array();
    static const char *const TARGETS[] = {"evaluation", "codesign", "concluded"};
    for (size_t i = 0; officer && i < sizeof TARGETS / sizeof TARGETS[0]; i++)
        if (call_transition_allowed(state, TARGETS[i])) {
            json_array_append_new(next, json_pack("{s:s,s:s}", "to", TARGETS[i], "label",
                                                  req_t_code(r, "calls.to", TARGETS[i])));
        }
    bool open = json_is_true(json_object_get(k, "is_open")) ||
                json_integer_value(json_object_get(k, "is_open")) == 1;
    r->view = json_pack("{s:o,s:b,s:b,s:b,s:b,s:o}", "call", k, "is_officer", officer, "is_draft",
                        strcmp(state, "draft") == 0, "can_ask", open && req_has_role(r, ROLE_ETS),
                        "can_propose", open && req_has_role(r, ROLE_ETS), "transitions", next);
    bool ranked = strcmp(state, "ranked") == 0 || strcmp(state, "codesign") == 0 ||
                  strcmp(state, "concluded") == 0;
    bool after_deadline = strcmp(state, "draft") != 0 && strcmp(state, "published") != 0;
    json_object_set_new(r->view, "has_ranking", json_boolean(ranked));
    json_object_set_new(r->view, "can_follow",
                        json_boolean(after_deadline &&
                                     (officer || req_has_role(r, ROLE_EVALUATOR | ROLE_AUDITOR))));
    r->template = "calls/show";
    r->title_key = "calls.call";
    return 0;
}

int calls_text(req *r)
{
    bool officer = false;
    json_t *k = visible_call(r, req_param_id(r, "id"), &officer);
    if (!k) return req_error(r, 404, "error.not_found");
    add_labels(r, k);
    format_decorate(k, r->lang);
    json_t *page = json_pack("{s:o,s:O}", "call", k, "t", views_catalog(r->app->views, r->lang));
    buf_init(&r->body, 4u << 20);
    int rc = views_render(r->app->views, "calls/text", page, &r->body);
    json_decref(page);
    if (rc) return -1;
    r->content_type = "text/plain; charset=utf-8";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem, "attachment; filename=\"avviso-%lld.txt\"",
                                (long long)req_param_id(r, "id")));
    return 0;
}

static int show_form(req *r, json_t *call)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (!r->view) r->view = json_object();
    static const char *const AREA_F[] = {"area_name", "area_budget", "area_description"};
    static const char *const CRIT_F[] = {"criterion_name", "criterion_points",
                                         "criterion_description"};
    static const char *const DOC_F[] = {"document_name", "document_required"};
    json_t *stored_areas = NULL, *stored_crit = NULL, *stored_docs = NULL;
    if (call && json_object_get(call, "areas")) {
        stored_areas = json_array();
        size_t i;
        json_t *a;
        json_array_foreach(json_object_get(call, "areas"), i, a)
        {
            char eur[32];
            money_format_input(json_integer_value(json_object_get(a, "budget_cents")), r->lang, eur,
                               sizeof eur);
            json_array_append_new(stored_areas,
                                  json_pack("{s:O,s:s,s:O}", "area_name",
                                            json_object_get(a, "name"), "area_budget", eur,
                                            "area_description", json_object_get(a, "description")));
        }
        stored_crit = json_array();
        json_array_foreach(json_object_get(call, "criteria"), i, a)
        {
            json_array_append_new(
                stored_crit,
                json_pack("{s:O,s:I,s:O}", "criterion_name", json_object_get(a, "name"),
                          "criterion_points",
                          (json_int_t)json_integer_value(json_object_get(a, "max_points")),
                          "criterion_description", json_object_get(a, "description")));
        }
        stored_docs = json_array();
        json_array_foreach(json_object_get(call, "documents"), i, a)
        {
            json_array_append_new(stored_docs,
                                  json_pack("{s:O,s:b}", "document_name",
                                            json_object_get(a, "name"), "document_required",
                                            json_is_true(json_object_get(a, "is_required"))));
        }
    }
    json_object_set_new(r->view, "area_rows", in_rows(r, AREA_F, 3, 3, stored_areas));
    json_object_set_new(r->view, "criterion_rows", in_rows(r, CRIT_F, 3, 5, stored_crit));
    json_object_set_new(r->view, "document_rows", in_rows(r, DOC_F, 2, 3, stored_docs));
    json_decref(stored_areas);
    json_decref(stored_crit);
    json_decref(stored_docs);
    /* Selects and checkboxes know what is chosen. */
    int64_t op = call ? json_integer_value(json_object_get(call, "operation_id")) : 0;
    json_t *ops = plan_operations(r->db, city);
    size_t i;
    json_t *x;
    json_array_foreach(ops, i, x)
    {
        json_object_set_new(x, "selected",
                            json_boolean(json_integer_value(json_object_get(x, "id")) == op));
    }
    json_object_set_new(r->view, "operations", ops);
    json_t *sp = spaces_list(r->db, city);
    json_t *chosen = call ? json_object_get(call, "spaces") : NULL;
    json_array_foreach(sp, i, x)
    {
        bool on = false;
        size_t j;
        json_t *y;
        json_array_foreach(chosen, j, y)
        {
            if (json_integer_value(json_object_get(y, "id")) ==
                json_integer_value(json_object_get(x, "id")))
                on = true;
        }
        json_object_set_new(x, "checked", json_boolean(on));
    }
    json_object_set_new(r->view, "spaces", sp);
    const char *tie = call ? json_string_value(json_object_get(call, "tie_rule")) : NULL;
    const char *mode = call ? json_string_value(json_object_get(call, "score_mode")) : NULL;
    json_t *ties = json_array(), *modes = json_array();
    for (int k = 0; TIE_RULES[k]; k++) {
        json_array_append_new(ties, json_pack("{s:s,s:s,s:b}", "value", TIE_RULES[k], "label",
                                              req_t_code(r, "calls.tie", TIE_RULES[k]), "selected",
                                              tie && strcmp(tie, TIE_RULES[k]) == 0));
    }
    for (int k = 0; SCORE_MODES[k]; k++) {
        json_array_append_new(modes,
                              json_pack("{s:s,s:s,s:b}", "value", SCORE_MODES[k], "label",
                                        req_t_code(r, "calls.mode", SCORE_MODES[k]), "selected",
                                        mode && strcmp(mode, SCORE_MODES[k]) == 0));
    }
    json_object_set_new(r->view, "tie_rules", ties);
    json_object_set_new(r->view, "score_modes", modes);
    if (call) {
        char pub[32], dl[32], total[32], pct[32];
        if (json_integer_value(json_object_get(call, "publication_at"))) {
            time_format_input(json_integer_value(json_object_get(call, "publication_at")), pub,
                              sizeof pub);
            time_format_input(json_integer_value(json_object_get(call, "deadline_at")), dl,
                              sizeof dl);
            json_object_set_new(call, "publication", json_string(pub));
            json_object_set_new(call, "deadline", json_string(dl));
        }
        if (json_object_get(call, "total_budget_cents")) {
            money_format_input(json_integer_value(json_object_get(call, "total_budget_cents")),
                               r->lang, total, sizeof total);
            money_format_input(json_integer_value(json_object_get(call, "min_cofinancing_bp")),
                               r->lang, pct, sizeof pct);
            json_object_set_new(call, "total_budget", json_string(total));
            json_object_set_new(call, "min_cofinancing", json_string(pct));
        }
    }
    json_object_set_new(r->view, "call", call ? call : json_object());
    r->template = "calls/form";
    r->title_key = "calls.form_title";
    return 0;
}

/* The call text as a PDF: the same content as the .txt, laid out by view/pdf.c. */
json_t *calls_notice_doc(req *r, int64_t id, bool *officer)
{
    json_t *k = visible_call(r, id, officer);
    if (!k) return NULL;
    add_labels(r, k);
    format_decorate(k, r->lang);
    json_t *blocks = json_array();
#define PARA(h, t) json_array_append_new(blocks, json_pack("{s:s,s:s}", "heading", h, "text", t))
    const char *s;
    char line[1024];
    snprintf(line, sizeof line, "%s %s (CUP %s)", req_t(r, "calls.operation"),
             json_string_value(json_object_get(k, "operation_code")),
             json_string_value(json_object_get(k, "cup")));
    PARA(json_string_value(json_object_get(k, "city")), line);
    snprintf(line, sizeof line,
             "%s: %s\n%s: %s (Europe/Rome)\n%s: %s\n%s: %s\n%s: %lld %s\n%s: %lld / %lld",
             req_t(r, "calls.publication"),
             json_string_value(json_object_get(k, "publication_at_local")),
             req_t(r, "calls.deadline"), json_string_value(json_object_get(k, "deadline_at_local")),
             req_t(r, "calls.total_budget"),
             json_string_value(json_object_get(k, "total_budget_eur")),
             req_t(r, "calls.min_cofinancing"),
             json_string_value(json_object_get(k, "min_cofinancing")), req_t(r, "calls.duration"),
             (long long)json_integer_value(json_object_get(k, "duration_months")),
             req_t(r, "calls.months"), req_t(r, "calls.threshold"),
             (long long)json_integer_value(json_object_get(k, "threshold_points")),
             (long long)json_integer_value(json_object_get(k, "max_points")));
    PARA(req_t(r, "calls.call"), line);
    PARA(req_t(r, "calls.object"), json_string_value(json_object_get(k, "object")));
    if ((s = json_string_value(json_object_get(k, "requirements"))) && *s)
        PARA(req_t(r, "calls.requirements"), s);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(k, "areas"), i, x)
    {
        snprintf(line, sizeof line, "%s: %s. %s", json_string_value(json_object_get(x, "name")),
                 json_string_value(json_object_get(x, "budget_eur")),
                 json_string_value(json_object_get(x, "description")));
        PARA(i ? "" : req_t(r, "calls.areas"), line);
    }
    json_array_foreach(json_object_get(k, "criteria"), i, x)
    {
        snprintf(line, sizeof line, "%s (%s %lld)", json_string_value(json_object_get(x, "name")),
                 req_t(r, "calls.max_points"),
                 (long long)json_integer_value(json_object_get(x, "max_points")));
        PARA(i ? "" : req_t(r, "calls.criteria"), line);
    }
    json_array_foreach(json_object_get(k, "spaces"), i, x)
    {
        snprintf(line, sizeof line, "%s, %s", json_string_value(json_object_get(x, "name")),
                 json_string_value(json_object_get(x, "address")));
        PARA(i ? "" : req_t(r, "calls.spaces"), line);
    }
    json_array_foreach(json_object_get(k, "questions"), i, x)
    {
        snprintf(line, sizeof line, "%s: %s\n%s: %s", req_t(r, "calls.question"),
                 json_string_value(json_object_get(x, "question")), req_t(r, "calls.answer"),
                 json_string_value(json_object_get(x, "answer"))
                     ? json_string_value(json_object_get(x, "answer"))
                     : "");
        PARA(i ? "" : req_t(r, "calls.faq"), line);
    }
#undef PARA
    json_t *doc = json_pack("{s:O,s:o}", "title", json_object_get(k, "title"), "blocks", blocks);
    json_decref(k);
    return doc;
}

int calls_pdf(req *r)
{
    bool officer = false;
    int64_t id = req_param_id(r, "id");
    json_t *doc = calls_notice_doc(r, id, &officer);
    if (!doc) return req_error(r, 404, "error.not_found");
    return render_pdf(r, doc, arena_printf(&r->mem, "avviso-%lld.pdf", (long long)id), false);
}

int calls_form(req *r)
{
    if (!req_param(r, "id")) return show_form(r, NULL);
    json_t *k = call_get(r->db, req_param_id(r, "id"), clock_now_us(), false);
    if (!k || json_integer_value(json_object_get(k, "city_id")) != req_city_for(r, ROLE_OFFICER)) {
        json_decref(k);
        return req_error(r, 404, "error.not_found");
    }
    if (strcmp(json_string_value(json_object_get(k, "state")), "draft") != 0) {
        json_decref(k);
        return req_error(r, 409, "calls.not_draft");
    }
    return show_form(r, k);
}

/* Reads the form (or JSON) into in; field errors go to the request. */
static void read_call(req *r, call_in *in)
{
    memset(in, 0, sizeof *in);
    in->operation_id = in_int(r, "operation_id", 1, INT64_MAX, IN_REQUIRED);
    in->title = in_text(r, "title", 300, IN_REQUIRED);
    in->object = in_text(r, "object", 20000, IN_REQUIRED);
    in->requirements = in_text(r, "requirements", 20000, IN_OPTIONAL);
    in->total_budget_cents = in_money(r, "total_budget", IN_REQUIRED);
    in->min_cofinancing_bp = in_percent_bp(r, "min_cofinancing", IN_REQUIRED);
    in->duration_months = in_int(r, "duration_months", 1, 120, IN_REQUIRED);
    in->threshold_points = in_int(r, "threshold_points", 0, 100000, IN_REQUIRED);
    in->publication_at = in_instant(r, "publication", IN_REQUIRED);
    in->deadline_at = in_instant(r, "deadline", IN_REQUIRED);
    in->short_notice_reason = in_text(r, "short_notice_reason", 2000, IN_OPTIONAL);
    in->tie_rule = in_choice(r, "tie_rule", TIE_RULES, IN_OPTIONAL);
    if (!in->tie_rule) in->tie_rule = "earlier_submission";
    in->score_mode = in_choice(r, "score_mode", SCORE_MODES, IN_OPTIONAL);
    if (!in->score_mode) in->score_mode = "mean";

    const char **names, **budgets, **descs;
    int n = in_list(r, "area_name", &names), nb = in_list(r, "area_budget", &budgets),
        nd = in_list(r, "area_description", &descs);
    for (int i = 0; i < n; i++) {
        const char *b = i < nb ? budgets[i] : "";
        if (!*names[i] && !*b) continue; /* a blank row */
        if (in->nareas == CALL_MAX_AREAS) {
            req_field_error(r, "area_name", "calls.too_many_areas");
            break;
        }
        int64_t cents = 0;
        if (!*names[i]) req_field_error(r, "area_name", "calls.area_needs_name");
        if (money_parse(b, &cents) || cents <= 0)
            req_field_error(r, "area_budget", "input.not_money");
        in->areas[in->nareas++] = (call_area_in){names[i], i < nd ? descs[i] : "", cents};
    }
    const char **pts;
    n = in_list(r, "criterion_name", &names);
    int np = in_list(r, "criterion_points", &pts);
    nd = in_list(r, "criterion_description", &descs);
    for (int i = 0; i < n; i++) {
        const char *p = i < np ? pts[i] : "";
        if (!*names[i] && !*p) continue;
        if (in->ncriteria == CALL_MAX_CRITERIA) {
            req_field_error(r, "criterion_name", "calls.too_many_criteria");
            break;
        }
        char *end;
        long long v = strtoll(p, &end, 10);
        if (!*names[i]) req_field_error(r, "criterion_name", "calls.criterion_needs_name");
        if (!*p || *end || v <= 0 || v > 1000)
            req_field_error(r, "criterion_points", "calls.criterion_points");
        in->criteria[in->ncriteria++] = (call_criterion_in){names[i], i < nd ? descs[i] : "", v};
    }
    const char **req_docs;
    n = in_list(r, "document_name", &names);
    int nr = in_list(r, "document_required", &req_docs);
    for (int i = 0; i < n && in->ndocuments < CALL_MAX_DOCUMENTS; i++) {
        if (!*names[i]) continue;
        /* document_required carries the row numbers ticked (1-based). */
        bool required = false;
        for (int k = 0; k < nr; k++)
            if (atoi(req_docs[k]) == i + 1) required = true;
        in->documents[in->ndocuments++] = (call_document_in){names[i], required};
    }
    const char **sp;
    n = in_list(r, "space_id", &sp);
    for (int i = 0; i < n && in->nspaces < CALL_MAX_SPACES; i++)
        if (atoll(sp[i]) > 0) in->spaces[in->nspaces++] = atoll(sp[i]);
}

static int save(req *r, int64_t id)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (!city) return req_error(r, 403, "error.forbidden");
    call_in in;
    read_call(r, &in);
    if (!req_has_errors(r)) {
        call_problem p[8];
        int n = call_check(&in, p, 8);
        for (int i = 0; i < n && i < 8; i++) req_field_error(r, p[i].field, p[i].key);
    }
    if (!req_has_errors(r)) {
        int64_t out = 0;
        if (db_begin(r->db) != DB_OK) return -1;
        call_rc rc = call_save(r->db, city, r->user->id, id, &in, &out);
        if (rc == CALL_OK) {
            json_t *d = json_pack("{s:s,s:I}", "title", in.title, "total_budget_cents",
                                  (json_int_t)in.total_budget_cents);
            int a = audit_append(r->db, city, r->user->id, id ? "call_update" : "call_create",
                                 "call", out, d);
            json_decref(d);
            if (a == 0 && db_commit(r->db) == DB_OK)
                return req_redirect(r, arena_printf(&r->mem, "/calls/%lld", (long long)out),
                                    "calls.saved");
        }
        db_rollback(r->db);
        if (rc == CALL_WRONG_STATE) return req_error(r, 409, "calls.not_draft");
        if (rc == CALL_BAD_OPERATION)
            req_field_error(r, "operation_id", "calls.bad_operation");
        else if (rc == CALL_BAD_SPACE)
            req_field_error(r, "space_id", "input.bad_choice");
        else
            return -1;
    }
    r->status = 422;
    json_t *values = json_pack(
        "{s:I,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:s,s:s,s:s}", "operation_id",
        (json_int_t)in.operation_id, "title", in.title, "object", in.object, "requirements",
        in.requirements, "total_budget", req_field(r, "total_budget"), "min_cofinancing",
        req_field(r, "min_cofinancing"), "duration_months", req_field(r, "duration_months"),
        "threshold_points", req_field(r, "threshold_points"), "publication",
        req_field(r, "publication"), "deadline", req_field(r, "deadline"), "short_notice_reason",
        in.short_notice_reason, "tie_rule", in.tie_rule, "score_mode", in.score_mode);
    if (id) json_object_set_new(values, "id", json_integer(id));
    json_t *sp = json_array();
    for (int i = 0; i < in.nspaces; i++)
        json_array_append_new(sp, json_pack("{s:I}", "id", (json_int_t)in.spaces[i]));
    json_object_set_new(values, "spaces", sp);
    return show_form(r, values);
}

int calls_create(req *r)
{
    return save(r, 0);
}

int calls_update(req *r)
{
    int64_t id = req_param_id(r, "id");
    return id ? save(r, id) : req_error(r, 404, "error.not_found");
}

static int answer_rc(req *r, call_rc rc, const char *flash)
{
    int64_t id = req_param_id(r, "id");
    if (rc == CALL_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, arena_printf(&r->mem, "/calls/%lld", (long long)id), flash);
    db_rollback(r->db);
    if (rc == CALL_NOT_FOUND) return req_error(r, 404, "error.not_found");
    if (rc == CALL_WRONG_STATE) return req_error(r, 409, "calls.wrong_state");
    return -1;
}

int calls_publish(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER), id = req_param_id(r, "id");
    int64_t now = clock_now_us();
    json_t *k = call_get(r->db, id, now, false);
    if (!k || json_integer_value(json_object_get(k, "city_id")) != city) {
        json_decref(k);
        return req_error(r, 404, "error.not_found");
    }
    json_decref(k);
    if (db_begin(r->db) != DB_OK) return -1;
    return answer_rc(r, call_publish(r->db, city, id, r->user->id, now), "calls.published");
}

int calls_transition(req *r)
{
    static const char *const TARGETS[] = {"evaluation", "codesign", "concluded", NULL};
    int64_t city = req_city_for(r, ROLE_OFFICER), id = req_param_id(r, "id");
    const char *to = in_choice(r, "to", TARGETS, IN_REQUIRED);
    const char *note = in_text(r, "note", 2000, IN_OPTIONAL);
    if (req_has_errors(r)) {
        r->status = 422;
        return req_error(r, 422, "calls.bad_transition");
    }
    int64_t owner = 0;
    const char *from = call_state(r->db, id, clock_now_us(), &owner);
    if (!from || owner != city) return req_error(r, 404, "error.not_found");
    if (!call_transition_allowed(from, to)) return req_error(r, 409, "calls.wrong_state");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer_rc(r, call_transition(r->db, city, id, from, to, r->user->id, note),
                     "calls.moved");
}

int calls_ask(req *r)
{
    int64_t id = req_param_id(r, "id"), owner = 0, now = clock_now_us();
    const char *q = in_text(r, "question", 4000, IN_REQUIRED);
    const char *state = call_state(r->db, id, now, &owner);
    if (!state || strcmp(state, "draft") == 0) return req_error(r, 404, "error.not_found");
    if (strcmp(state, "published") != 0) return req_error(r, 409, "calls.questions_closed");
    if (req_has_errors(r)) return req_error(r, 422, "input.required");
    if (db_begin(r->db) != DB_OK) return -1;
    int64_t qid = call_ask(r->db, id, r->user->id, q, now);
    if (!qid || audit_append(r->db, owner, r->user->id, "question_ask", "call_question", qid, NULL))
        return answer_rc(r, CALL_ERROR, NULL);
    return answer_rc(r, CALL_OK, "calls.asked");
}

int calls_answer(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER), id = req_param_id(r, "id");
    int64_t qid = req_param_id(r, "qid");
    const char *a = in_text(r, "answer", 8000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "input.required");
    if (db_begin(r->db) != DB_OK) return -1;
    call_rc rc = call_answer(r->db, city, id, qid, r->user->id, a, clock_now_us());
    if (rc == CALL_OK &&
        audit_append(r->db, city, r->user->id, "question_answer", "call_question", qid, NULL))
        rc = CALL_ERROR;
    return answer_rc(r, rc, "calls.answered");
}

int calls_test_clock(req *r)
{
    if (!r->app->test_clock) return req_error(r, 404, "error.not_found");
    int64_t off = in_int(r, "offset_s", -(INT64_C(1) << 40), INT64_C(1) << 40, IN_OPTIONAL);
    /* Kept in the database, where every instance reads it at each request (see dispatch). */
    if (calls_set_test_clock(r->db, off * 1000000)) return -1;
    clock_set_offset(off * 1000000);
    r->view =
        json_pack("{s:I,s:I}", "offset_s", (json_int_t)off, "now_us", (json_int_t)clock_now_us());
    return 0;
}

#include "modules/claims/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/filetype.h"
#include "base/clock.h"
#include "base/log.h"
#include "modules/agreements/access.h"
#include "modules/claims/claims.h"
#include "web/input.h"

static int answer(req *r, claim_rc rc, const char *location, const char *flash)
{
    if (rc == CLAIM_OK && db_commit(r->db) == DB_OK) return req_redirect(r, location, flash);
    db_rollback(r->db);
    switch (rc) {
    case CLAIM_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case CLAIM_WRONG_STATE:
        return req_error(r, 409, "claims.wrong_state");
    case CLAIM_EXISTS:
        return req_error(r, 409, "claims.exists");
    case CLAIM_BAD_DATES:
        return req_error(r, 422, "claims.bad_dates");
    case CLAIM_OVER_TOTAL:
        return req_error(r, 422, "claims.over_total");
    case CLAIM_BAD_LINE:
        return req_error(r, 422, "claims.bad_line");
    case CLAIM_SEPARATION:
        return req_error(r, 403, "claims.separation");
    case CLAIM_PENDING_LINES:
        return req_error(r, 409, "claims.pending_lines");
    case CLAIM_NOTHING_DUE:
        return req_error(r, 409, "claims.nothing_due");
    case CLAIM_ORDER:
        return req_error(r, 409, "claims.order");
    case CLAIM_BAD_AMOUNT:
        return req_error(r, 422, "claims.bad_amount");
    default:
        log_error("claims: %s %s: %s", r->method, r->path, db_errmsg(r->db));
        return -1;
    }
}

static const char *claims_url(req *r, int64_t agreement_id)
{
    return arena_printf(&r->mem, "/agreements/%lld/claims", (long long)agreement_id);
}

static const char *claim_url(req *r, int64_t claim_id)
{
    return arena_printf(&r->mem, "/claims/%lld", (long long)claim_id);
}

/* Loads what the requester is to the agreement; answers 404 (no agreement) or 403 (not
 * allowed: want says who is) and returns false then. */
static bool allowed(req *r, int64_t agreement_id, agreement_access *x, bool holder_only)
{
    *x = agreement_access_for(r, agreement_id);
    if (!x->agreement) {
        req_error(r, 404, "error.not_found");
        return false;
    }
    bool ok = holder_only ? x->holder : agreement_access_inside(x);
    if (!ok) {
        json_decref(x->agreement);
        x->agreement = NULL;
        req_error(r, 403, holder_only ? "claims.holder_only" : "error.forbidden");
    }
    return ok;
}

int claims_index(req *r)
{
    int64_t id = req_param_id(r, "id");
    agreement_access x;
    if (!allowed(r, id, &x, false)) return 0;
    json_t *claims = claims_list(r->db, id);
    req_label_each(r, claims, "state", "claims.state", "state_label");
    json_t *payments = payments_list(r->db, id);
    req_label_each(r, json_object_get(payments, "requests"), "instalment", "claims.instalment",
                   "instalment_label");
    json_t *next = json_object_get(payments, "next");
    if (json_is_object(next)) {
        json_object_set_new(
            next, "instalment_label",
            json_string(req_t_code(r, "claims.instalment",
                                   json_string_value(json_object_get(next, "instalment")))));
        json_object_set_new(next, "is_holder", json_boolean(x.holder));
    }
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(payments, "requests"), i, p)
    {
        json_object_set_new(
            p, "is_payable",
            json_boolean(x.officer &&
                         strcmp(json_string_value(json_object_get(p, "state")), "requested") == 0));
    }
    r->view = json_pack("{s:I,s:o,s:o,s:o,s:b,s:b}", "agreement_id", (json_int_t)id, "claims",
                        claims ? claims : json_array(), "budget", claims_budget(r->db, id),
                        "payments", payments, "is_holder", x.holder, "is_officer", x.officer);
    json_decref(x.agreement);
    r->template = "claims/index";
    r->title_key = "claims.title";
    return 0;
}

int claims_create(req *r)
{
    int64_t id = req_param_id(r, "id");
    agreement_access x;
    if (!allowed(r, id, &x, true)) return 0;
    json_decref(x.agreement);
    const char *label = in_text(r, "label", 60, IN_REQUIRED);
    const char *from = in_date(r, "starts_on", IN_REQUIRED),
               *to = in_date(r, "ends_on", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "claims.bad_dates");
    int64_t cid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    claim_rc rc = claim_add(r->db, id, label, from, to, clock_now_us(), &cid);
    r->view = json_pack("{s:I}", "claim_id", (json_int_t)cid);
    return answer(r, rc, claim_url(r, cid), "claims.saved");
}

int claims_show(req *r)
{
    int64_t cid = req_param_id(r, "id");
    int64_t agreement = claim_agreement_of(r->db, cid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    agreement_access x;
    if (!allowed(r, agreement, &x, false)) return 0;
    json_decref(x.agreement);
    json_t *claim = claim_get(r->db, cid);
    if (!claim) return -1;
    const char *state = json_string_value(json_object_get(claim, "state"));
    bool draft = strcmp(state, "draft") == 0, submitted = strcmp(state, "submitted") == 0;
    bool separated = x.controller && !claims_manages(r->db, agreement, r->user->id);
    json_object_set_new(claim, "state_label", json_string(req_t_code(r, "claims.state", state)));
    req_label_each(r, json_object_get(claim, "lines"), "decision", "claims.decision",
                   "decision_label");
    json_t *budget = claims_budget(r->db, agreement);
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(claim, "lines"), i, l)
    {
        json_t *b =
            json_array_get(json_object_get(budget, "lines"),
                           (size_t)json_integer_value(json_object_get(l, "budget_line")) - 1);
        json_object_set(l, "category", b ? json_object_get(b, "category") : json_string(""));
        json_object_set_new(l, "is_deletable", json_boolean(draft && x.holder));
        json_object_set_new(l, "is_checkable", json_boolean(submitted && separated));
    }
    json_t *checklist = json_array();
    for (int k = 0; k < CHECKLIST_N; k++)
        json_array_append_new(
            checklist, json_pack("{s:s,s:s,s:b}", "item", CHECKLIST[k], "label",
                                 req_t_code(r, "claims.checklist", CHECKLIST[k]), "is_yes",
                                 json_is_true(json_object_get(json_object_get(claim, "checklist"),
                                                              CHECKLIST[k]))));
    r->view = json_pack("{s:o,s:o,s:o,s:b,s:b,s:b,s:b}", "claim", claim, "budget", budget,
                        "checklist_items", checklist, "is_editable", draft && x.holder,
                        "is_checkable", submitted && separated, "is_separation_blocked",
                        submitted && x.controller && !separated, "is_controller", x.controller);
    r->template = "claims/show";
    r->title_key = "claims.claim";
    return 0;
}

int claims_line_add(req *r)
{
    int64_t cid = req_param_id(r, "id"), agreement = claim_agreement_of(r->db, cid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    agreement_access x;
    if (!allowed(r, agreement, &x, true)) return 0;
    json_decref(x.agreement);
    expense_in in = {0};
    in.budget_line = in_int(r, "budget_line", 1, 100, IN_REQUIRED);
    in.supplier = in_text(r, "supplier", 200, IN_REQUIRED);
    in.doc_number = in_text(r, "doc_number", 60, IN_REQUIRED);
    in.doc_date = in_date(r, "doc_date", IN_REQUIRED);
    in.paid_on = in_date(r, "paid_on", IN_REQUIRED);
    in.amount_cents = in_money(r, "amount", IN_REQUIRED);
    if (!req_has_errors(r) && in.amount_cents <= 0)
        req_field_error(r, "amount", "claims.bad_amount");
    for (int i = 0; i < r->nuploads; i++)
        if (strcmp(r->uploads[i].field, "document") == 0 && r->uploads[i].len) {
            in.document = r->uploads[i].data;
            in.document_len = r->uploads[i].len;
            in.document_name = *r->uploads[i].filename ? r->uploads[i].filename : "documento";
        }
    /* The same file rules as proposals' attachments: PDF or image, at most 10 MB. */
    if (!in.document)
        req_field_error(r, "document", "claims.document_required");
    else if (in.document_len > FILE_MAX_BYTES)
        req_field_error(r, "document", "proposals.file_too_large");
    else if (!(in.document_mime = filetype_of(in.document, in.document_len)))
        req_field_error(r, "document", "proposals.bad_file_type");
    if (req_has_errors(r)) return req_error(r, 422, "claims.invalid_line");
    int64_t lid = 0;
    bool over_line = false;
    if (db_begin(r->db) != DB_OK) return -1;
    claim_rc rc = claim_line_add(r->db, cid, &in, clock_now_us(), &lid, &over_line);
    r->view = json_pack("{s:I,s:b}", "line_id", (json_int_t)lid, "is_over_line", over_line);
    /* Over a budget line is a warning, shown after the redirect. */
    return answer(r, rc, claim_url(r, cid), over_line ? "claims.over_line" : "claims.line_saved");
}

int claims_line_delete(req *r)
{
    int64_t lid = req_param_id(r, "id"), cid = line_claim_of(r->db, lid);
    int64_t agreement = cid ? claim_agreement_of(r->db, cid) : 0;
    if (!agreement) return req_error(r, 404, "error.not_found");
    agreement_access x;
    if (!allowed(r, agreement, &x, true)) return 0;
    json_decref(x.agreement);
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, claim_line_delete(r->db, lid), claim_url(r, cid), "claims.line_deleted");
}

int claims_line_document(req *r)
{
    int64_t lid = req_param_id(r, "id"), cid = line_claim_of(r->db, lid);
    int64_t agreement = cid ? claim_agreement_of(r->db, cid) : 0;
    if (!agreement) return req_error(r, 404, "error.not_found");
    agreement_access x;
    if (!allowed(r, agreement, &x, false)) return 0;
    json_decref(x.agreement);
    size_t len = 0;
    char name[256], mime[64];
    void *data = line_document(r->db, lid, &len, name, sizeof name, mime, sizeof mime);
    if (!data) return req_error(r, 404, "error.not_found");
    req_send_file(r, data, len, mime, name);
    free(data);
    return 0;
}

int claims_submit(req *r)
{
    int64_t cid = req_param_id(r, "id"), agreement = claim_agreement_of(r->db, cid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    agreement_access x;
    if (!allowed(r, agreement, &x, true)) return 0;
    json_decref(x.agreement);
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, claim_submit(r->db, cid, r->user->id, clock_now_us()), claim_url(r, cid),
                  "claims.submitted");
}

int claims_line_check(req *r)
{
    static const char *const DECISIONS[] = {"admitted", "reduced", "rejected", NULL};
    int64_t lid = req_param_id(r, "id"), cid = line_claim_of(r->db, lid);
    const char *d = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    int64_t admitted = d && strcmp(d, "reduced") == 0 ? in_money(r, "admitted", IN_REQUIRED) : 0;
    const char *reason = in_text(r, "reason", 2000, IN_OPTIONAL);
    if (d && strcmp(d, "admitted") != 0 && !*reason)
        req_field_error(r, "reason", "claims.reason_required");
    if (req_has_errors(r)) return req_error(r, 422, "claims.reason_required");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  claim_line_check(r->db, req_city_for(r, ROLE_CONTROLLER), lid, d, admitted,
                                   reason, r->user->id),
                  claim_url(r, cid), "claims.checked_line");
}

int claims_close_check(req *r)
{
    int64_t cid = req_param_id(r, "id");
    bool answers[CHECKLIST_N];
    for (int k = 0; k < CHECKLIST_N; k++) {
        const char *v = req_field(r, CHECKLIST[k]);
        answers[k] = v && (strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 || strcmp(v, "1") == 0);
    }
    const char *note = in_text(r, "note", 4000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "claims.invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  claim_close_check(r->db, req_city_for(r, ROLE_CONTROLLER), cid, answers, note,
                                    r->user->id, clock_now_us()),
                  claim_url(r, cid), "claims.check_closed");
}

int controls_index(req *r)
{
    json_t *v = controls_overview(r->db, req_city_for(r, ROLE_CONTROLLER));
    req_label_each(r, json_object_get(v, "spot_checks"), "outcome", "claims.outcome",
                   "outcome_label");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(v, "spot_checks"), i, s)
    {
        json_object_set_new(
            s, "is_pending",
            json_boolean(strcmp(json_string_value(json_object_get(s, "outcome")), "pending") == 0));
    }
    r->view = v;
    r->template = "claims/controls";
    r->title_key = "claims.controls";
    return 0;
}

int controls_draw(req *r)
{
    int64_t rate = in_percent_bp(r, "rate", IN_REQUIRED);
    const char *seed = in_text(r, "seed", 64, IN_OPTIONAL);
    if (!req_has_errors(r) && rate <= 0) req_field_error(r, "rate", "claims.bad_rate");
    if (req_has_errors(r)) return req_error(r, 422, "claims.bad_rate");
    int64_t draw = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    claim_rc rc = sample_draw(r->db, req_city_for(r, ROLE_CONTROLLER), rate, seed, r->user->id,
                              clock_now_us(), &draw);
    r->view = json_pack("{s:I}", "draw_id", (json_int_t)draw);
    return answer(r, rc, "/controls", "claims.drawn");
}

int controls_spot_check(req *r)
{
    static const char *const OUTCOMES[] = {"regular", "irregular", NULL};
    int64_t cid = req_param_id(r, "id");
    const char *outcome = in_choice(r, "outcome", OUTCOMES, IN_REQUIRED);
    const char *visited = in_date(r, "visited_on", IN_REQUIRED);
    const char *note = in_text(r, "note", 4000, IN_OPTIONAL);
    if (outcome && strcmp(outcome, "irregular") == 0 && !*note)
        req_field_error(r, "note", "claims.reason_required");
    if (req_has_errors(r)) return req_error(r, 422, "claims.invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  spot_check_record(r->db, req_city_for(r, ROLE_CONTROLLER), cid, outcome, visited,
                                    note, r->user->id),
                  "/controls", "claims.spot_saved");
}

int payments_request(req *r)
{
    int64_t id = req_param_id(r, "id");
    agreement_access x;
    if (!allowed(r, id, &x, true)) return 0;
    json_decref(x.agreement);
    const char *instalment = in_choice(r, "instalment", INSTALMENTS, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "claims.invalid");
    int64_t pid = 0, amount = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    claim_rc rc =
        payment_request(r->db, id, instalment, r->user->id, clock_now_us(), &pid, &amount);
    r->view =
        json_pack("{s:I,s:I}", "payment_id", (json_int_t)pid, "amount_cents", (json_int_t)amount);
    return answer(r, rc, claims_url(r, id), "claims.payment_requested");
}

int payments_paid(req *r)
{
    int64_t pid = req_param_id(r, "id"), agreement = payment_agreement_of(r->db, pid);
    const char *paid_on = in_date(r, "paid_on", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "claims.invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  payment_paid(r->db, req_city_for(r, ROLE_OFFICER), pid, paid_on, r->user->id,
                               clock_now_us()),
                  claims_url(r, agreement), "claims.paid");
}

#include "modules/monitoring/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/agreements/agreements.h"
#include "modules/monitoring/monitoring.h"
#include "view/svg.h"
#include "web/input.h"

static int answer(req *r, mon_rc rc, int64_t agreement_id, const char *flash)
{
    if (rc == MON_OK && db_commit(r->db) == DB_OK)
        return req_redirect(
            r, arena_printf(&r->mem, "/agreements/%lld/indicators", (long long)agreement_id),
            flash);
    db_rollback(r->db);
    switch (rc) {
    case MON_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case MON_WRONG_STATE:
        return req_error(r, 409, "monitoring.wrong_state");
    case MON_EXISTS:
        return req_error(r, 409, "monitoring.exists");
    case MON_BAD_DATES:
        return req_error(r, 422, "monitoring.bad_dates");
    default:
        return -1;
    }
}

int monitoring_chart(req *r, json_t *indicators, buf *svg)
{
    json_t *bars = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(indicators, i, x)
    {
        json_array_append_new(bars,
                              json_pack("{s:s,s:O,s:O}", "label",
                                        arena_printf(&r->mem, "%s %s (%s)",
                                                     json_string_value(json_object_get(x, "code")),
                                                     json_string_value(json_object_get(x, "name")),
                                                     json_string_value(json_object_get(x, "unit"))),
                                        "planned", json_object_get(x, "planned"), "achieved",
                                        json_object_get(x, "achieved")));
    }
    buf_init(svg, 1u << 20);
    int rc = svg_bars(bars, req_t(r, "monitoring.chart"), svg);
    json_decref(bars);
    return rc;
}

/* Who may write: the body that holds the agreement. Answers 404 when there is no such agreement,
 * 403 when it is another body's, and returns false then. */
static bool holder(req *r, int64_t agreement_id)
{
    json_t *a = agreement_get(r->db, agreement_id);
    if (!a) {
        req_error(r, 404, "error.not_found");
        return false;
    }
    bool mine =
        json_integer_value(json_object_get(a, "organisation_id")) == req_org_for(r, ROLE_ETS);
    json_decref(a);
    if (!mine) req_error(r, 403, "monitoring.holder_only");
    return mine;
}

int monitoring_page(req *r)
{
    int64_t id = req_param_id(r, "id");
    json_t *a = agreement_get(r->db, id);
    const char *state = a ? json_string_value(json_object_get(a, "state")) : "";
    if (!a || (strcmp(state, "active") != 0 && strcmp(state, "closed") != 0)) {
        json_decref(a);
        return req_error(r, 404, "error.not_found");
    }
    bool ets =
        json_integer_value(json_object_get(a, "organisation_id")) == req_org_for(r, ROLE_ETS);
    bool officer =
        json_integer_value(json_object_get(a, "city_id")) == req_city_for(r, ROLE_OFFICER);
    json_decref(a);
    /* The public sees approved periods only; the two parties and the AdG see every state. */
    bool inside = ets || officer || req_has_role(r, ROLE_AUDITOR);
    json_t *progress = monitoring_progress(r->db, id, inside);
    buf svg;
    int rc = monitoring_chart(r, json_object_get(progress, "indicators"), &svg);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(progress, "periods"), i, x)
    {
        const char *ps = json_string_value(json_object_get(x, "state"));
        json_object_set_new(x, "state_label", json_string(req_t_code(r, "monitoring.state", ps)));
        json_object_set_new(
            x, "is_editable",
            json_boolean(ets && (strcmp(ps, "draft") == 0 || strcmp(ps, "returned") == 0)));
        json_object_set_new(x, "is_decidable",
                            json_boolean(officer && strcmp(ps, "submitted") == 0));
    }
    if (rc) {
        buf_free(&svg);
        json_decref(progress);
        return -1;
    }
    r->view = json_pack("{s:I,s:o,s:s,s:b,s:b}", "agreement_id", (json_int_t)id, "progress",
                        progress, "chart", svg.data, "is_holder", ets, "is_party",
                        inside || req_city_for(r, ROLE_CONTROLLER) != 0);
    buf_free(&svg);
    r->template = "monitoring/agreement";
    r->title_key = "monitoring.title";
    return 0;
}

int monitoring_period_new(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (!holder(r, id)) return 0;
    const char *label = in_text(r, "label", 40, IN_REQUIRED);
    const char *from = in_date(r, "starts_on", IN_REQUIRED),
               *to = in_date(r, "ends_on", IN_REQUIRED);
    if (req_has_errors(r)) {
        return req_error(r, 422, "monitoring.bad_dates");
    }
    int64_t pid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, monitoring_period_add(r->db, id, label, from, to, clock_now_us(), &pid), id,
                  "monitoring.saved");
}

int monitoring_period_values(req *r)
{
    int64_t pid = req_param_id(r, "id"), agreement = monitoring_agreement_of(r->db, pid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    if (!holder(r, agreement)) return 0;
    json_t *ind = monitoring_indicator_ids(r->db, agreement);
    enum { MAX_IND = 64 };
    int64_t ids[MAX_IND], vals[MAX_IND];
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(ind, i, x)
    {
        if (n == MAX_IND) break;
        int64_t iid = json_integer_value(json_object_get(x, "id"));
        char f[40];
        snprintf(f, sizeof f, "value_%lld", (long long)iid);
        const char *v = req_field(r, f);
        if (!v || !*v) continue;
        ids[n] = iid;
        vals[n++] = in_int(r, f, 0, INT64_C(1000000000), IN_REQUIRED);
    }
    json_decref(ind);
    if (req_has_errors(r)) {
        return req_error(r, 422, "monitoring.bad_value");
    }
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, monitoring_values(r->db, pid, ids, vals, n), agreement, "monitoring.saved");
}

int monitoring_period_submit(req *r)
{
    int64_t pid = req_param_id(r, "id"), agreement = monitoring_agreement_of(r->db, pid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    if (!holder(r, agreement)) return 0;
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, monitoring_submit(r->db, pid, r->user->id), agreement, "monitoring.submitted");
}

int monitoring_period_decide(req *r)
{
    static const char *const DECISIONS[] = {"approve", "return", NULL};
    int64_t pid = req_param_id(r, "id"), agreement = monitoring_agreement_of(r->db, pid);
    const char *d = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    const char *note = in_text(r, "note", 4000, IN_OPTIONAL);
    if (d && strcmp(d, "return") == 0 && !*note)
        req_field_error(r, "note", "monitoring.note_required");
    if (req_has_errors(r) || !d) {
        return req_error(r, 422, "monitoring.note_required");
    }
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  monitoring_decide(r->db, req_city_for(r, ROLE_OFFICER), pid,
                                    strcmp(d, "approve") == 0, note, r->user->id, clock_now_us()),
                  agreement,
                  strcmp(d, "approve") == 0 ? "monitoring.approved" : "monitoring.returned");
}

int monitoring_overview(req *r)
{
    size_t i;
    json_t *x;
    json_t *sum = monitoring_summary(r->db);
    json_t *bars = json_array();
    json_array_foreach(json_object_get(sum, "cities"), i, x)
    {
        json_array_append_new(bars,
                              json_pack("{s:O,s:O,s:O}", "label", json_object_get(x, "name"),
                                        "planned", json_object_get(x, "participants_planned"),
                                        "achieved", json_object_get(x, "participants_achieved")));
    }
    buf svg;
    buf_init(&svg, 1u << 20);
    int rc = svg_bars(bars, req_t(r, "monitoring.overview_chart"), &svg);
    json_decref(bars);
    if (!rc) json_object_set_new(sum, "chart", json_string(svg.data));
    buf_free(&svg);
    if (rc) {
        json_decref(sum);
        return -1;
    }
    r->view = sum;
    r->template = "monitoring/overview";
    r->title_key = "monitoring.overview";
    return 0;
}

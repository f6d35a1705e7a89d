#include "modules/codesign/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filetype.h"
#include "base/clock.h"
#include "base/money.h"
#include "modules/codesign/codesign.h"
#include "modules/proposals/proposals.h"
#include "web/input.h"

static int answer(req *r, cd_rc rc, const char *location, const char *flash)
{
    if (rc == CD_OK && db_commit(r->db) == DB_OK) return req_redirect(r, location, flash);
    db_rollback(r->db);
    switch (rc) {
    case CD_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case CD_WRONG_STATE:
        return req_error(r, 409, "codesign.wrong_state");
    case CD_OUTSIDE_WINDOW:
        return req_error(r, 422, "codesign.outside_window");
    case CD_NOT_PARTY:
        return req_error(r, 403, "codesign.not_party");
    case CD_NOT_ADMITTED:
        return req_error(r, 409, "codesign.not_admitted");
    case CD_EXISTS:
        return req_error(r, 409, "codesign.exists");
    case CD_UNCHANGED:
        return req_error(r, 409, "codesign.unchanged");
    default:
        return -1;
    }
}

static const char *table_url(req *r, int64_t id)
{
    return arena_printf(&r->mem, "/tables/%lld", (long long)id);
}

int tables_of_call(req *r)
{
    int64_t call_id = req_param_id(r, "id");
    json_t *k = call_get(r->db, call_id, clock_now_us(), false);
    if (!k) return req_error(r, 404, "error.not_found");
    bool officer =
        json_integer_value(json_object_get(k, "city_id")) == req_city_for(r, ROLE_OFFICER);
    json_t *admitted = codesign_to_open(r->db, call_id);
    r->view = json_pack(
        "{s:o,s:o,s:o,s:b}", "call", k, "tables", codesign_tables_of_call(r->db, call_id),
        "to_open", admitted, "is_officer",
        officer && strcmp(json_string_value(json_object_get(k, "state")), "codesign") == 0);
    r->template = "codesign/list";
    r->title_key = "codesign.title";
    return 0;
}

int tables_open(req *r)
{
    int64_t pid = in_int(r, "proposal_id", 1, INT64_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "codesign.choose_proposal");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cd_rc rc =
        codesign_open(r->db, req_city_for(r, ROLE_OFFICER), pid, r->user->id, clock_now_us(), &id);
    return answer(r, rc, table_url(r, id), "codesign.opened");
}

/* The table if the person may see it: the city's officers, the parties, the managing authority. */
static json_t *visible(req *r, int64_t id, bool *officer, bool *party)
{
    json_t *t = codesign_table_get(r->db, id);
    if (!t) return NULL;
    *officer = json_integer_value(json_object_get(t, "city_id")) == req_city_for(r, ROLE_OFFICER);
    *party = r->user && codesign_party_of(r->db, id, r->user->id) != 0;
    if (*officer || *party || req_has_role(r, ROLE_AUDITOR)) return t;
    json_decref(t);
    return NULL;
}

int tables_show(req *r)
{
    bool officer = false, party = false;
    json_t *t = visible(r, req_param_id(r, "id"), &officer, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    bool open = strcmp(json_string_value(json_object_get(t, "state")), "open") == 0;
    json_t *p = json_object_get(json_object_get(t, "project"), "project");
    if (p) {
        char req_eur[32], cof_eur[32];
        money_format_input(json_integer_value(json_object_get(p, "requested_cents")), r->lang,
                           req_eur, sizeof req_eur);
        money_format_input(json_integer_value(json_object_get(p, "cofinancing_cents")), r->lang,
                           cof_eur, sizeof cof_eur);
        json_object_set_new(p, "requested", json_string(req_eur));
        json_object_set_new(p, "cofinancing", json_string(cof_eur));
    }
    /* The final project's form, filled from the latest version, with blank rows to add. */
    if (p) {
        static const char *const LINE_F[] = {"line_category", "line_amount", "line_public"};
        static const char *const TARGET_F[] = {"target_group", "target_participants"};
        static const char *const IND_F[] = {"indicator_code", "indicator_name", "indicator_unit",
                                            "indicator_planned"};
        static const char *const PHASE_F[] = {"phase_name", "phase_from", "phase_to"};
        json_t *lines = json_array(), *targets = json_array(), *ind = json_array(),
               *phases = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(p, "budget_lines"), i, x)
        {
            char eur[32], pub[32] = "";
            money_format_input(json_integer_value(json_object_get(x, "amount_cents")), r->lang, eur,
                               sizeof eur);
            if (json_is_integer(json_object_get(x, "public_cents")))
                money_format_input(json_integer_value(json_object_get(x, "public_cents")), r->lang,
                                   pub, sizeof pub);
            json_array_append_new(lines, json_pack("{s:O,s:s,s:s}", "line_category",
                                                   json_object_get(x, "category"), "line_amount",
                                                   eur, "line_public", pub));
        }
        json_array_foreach(json_object_get(p, "targets"), i, x)
        {
            json_array_append_new(
                targets, json_pack("{s:O,s:O}", "target_group", json_object_get(x, "target_group"),
                                   "target_participants", json_object_get(x, "participants")));
        }
        json_array_foreach(json_object_get(p, "indicators"), i, x)
        {
            json_array_append_new(ind, json_pack("{s:O,s:O,s:O,s:O}", "indicator_code",
                                                 json_object_get(x, "code"), "indicator_name",
                                                 json_object_get(x, "name"), "indicator_unit",
                                                 json_object_get(x, "unit"), "indicator_planned",
                                                 json_object_get(x, "planned")));
        }
        json_array_foreach(json_object_get(p, "schedule"), i, x)
        {
            json_array_append_new(phases, json_pack("{s:O,s:O,s:O}", "phase_name",
                                                    json_object_get(x, "phase"), "phase_from",
                                                    json_object_get(x, "from"), "phase_to",
                                                    json_object_get(x, "to")));
        }
        json_t *form = json_object();
        json_object_set_new(form, "lines",
                            in_rows(r, LINE_F, 3, (int)json_array_size(lines) + 2, lines));
        json_object_set_new(form, "targets",
                            in_rows(r, TARGET_F, 2, (int)json_array_size(targets) + 1, targets));
        json_object_set_new(form, "indicators",
                            in_rows(r, IND_F, 4, (int)json_array_size(ind) + 2, ind));
        json_object_set_new(form, "phases",
                            in_rows(r, PHASE_F, 3, (int)json_array_size(phases) + 2, phases));
        json_decref(lines);
        json_decref(targets);
        json_decref(ind);
        json_decref(phases);
        json_object_set_new(t, "project_form", form);
    }
    int64_t agreement = codesign_agreement_of(r->db, json_integer_value(json_object_get(t, "id")));
    if (agreement) json_object_set_new(t, "agreement_id", json_integer(agreement));
    r->view =
        json_pack("{s:o,s:b,s:b,s:b,s:b}", "table", t, "is_officer", officer && open, "is_party",
                  party && open, "is_open", open, "can_agree", officer && !open && !agreement);
    r->template = "codesign/table";
    r->title_key = "codesign.table";
    return 0;
}

int tables_guest(req *r)
{
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "input.required");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, codesign_add_guest(r->db, req_city_for(r, ROLE_OFFICER), id, name),
                  table_url(r, id), "codesign.saved");
}

int tables_session(req *r)
{
    int64_t id = req_param_id(r, "id");
    int64_t at = in_instant(r, "starts_at", IN_REQUIRED);
    const char *place = in_text(r, "place", 300, IN_OPTIONAL);
    const char *agenda = in_text(r, "agenda", 5000, IN_OPTIONAL);
    const char *reason = in_text(r, "reason", 2000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "input.not_datetime");
    int64_t sid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  codesign_session_add(r->db, req_city_for(r, ROLE_OFFICER), id, at, place, agenda,
                                       reason, &sid),
                  table_url(r, id), "codesign.saved");
}

static int64_t table_of(req *r, int64_t session_id)
{
    return codesign_table_of_session(r->db, session_id);
}

int tables_minutes(req *r)
{
    int64_t sid = req_param_id(r, "id");
    const char *text = in_text(r, "text", 200000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "input.required");
    int64_t version = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, codesign_minutes_save(r->db, sid, r->user->id, text, clock_now_us(), &version),
                  table_url(r, table_of(r, sid)), "codesign.minutes_saved");
}

int tables_attendance(req *r)
{
    int64_t sid = req_param_id(r, "id");
    const char **v;
    int n = in_list(r, "participant_id", &v);
    enum { MAX_PRESENT = 100 };
    int64_t ids[MAX_PRESENT];
    int k = 0;
    for (int i = 0; i < n && k < MAX_PRESENT; i++)
        if (atoll(v[i]) > 0) ids[k++] = atoll(v[i]);
    if (db_begin(r->db) != DB_OK) return -1;
    cd_rc rc = codesign_attendance(r->db, req_city_for(r, ROLE_OFFICER), sid, ids, k);
    return answer(r, rc, table_url(r, table_of(r, sid)), "codesign.saved");
}

int tables_approve_minutes(req *r)
{
    int64_t sid = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, codesign_minutes_approve(r->db, sid, r->user->id, clock_now_us()),
                  table_url(r, table_of(r, sid)), "codesign.approved");
}

int tables_decision(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *text = in_text(r, "text", 5000, IN_REQUIRED);
    int64_t sid = in_int(r, "session_id", 0, INT64_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "input.required");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, codesign_decision_add(r->db, id, sid, r->user->id, text, clock_now_us()),
                  table_url(r, id), "codesign.saved");
}

/* A count typed in the form as JSON: an integer when it is one, else the text as typed, which
 * project_normalise then refuses as the wrong type (never read as 0). */
static json_t *form_count(const char *s)
{
    char *end;
    if (!s || !*s) return json_integer(0);
    long long v = strtoll(s, &end, 10);
    return *end || end == s ? json_string(s) : json_integer(v);
}

/* The final project from the form (or the JSON body's "project"); project_normalise checks it. */
static json_t *read_project(req *r)
{
    if (json_is_object(json_object_get(r->json, "project")))
        return json_deep_copy(json_object_get(r->json, "project"));
    json_t *p = json_pack("{s:s,s:s,s:s,s:I,s:I}", "title", in_text(r, "title", 300, IN_REQUIRED),
                          "summary", in_text(r, "summary", 5000, IN_OPTIONAL), "activities",
                          in_text(r, "activities", 20000, IN_OPTIONAL), "requested_cents",
                          (json_int_t)in_money(r, "requested", IN_REQUIRED), "cofinancing_cents",
                          (json_int_t)in_money(r, "cofinancing", IN_REQUIRED));
    const char **a, **b, **c, **d;
    json_t *lines = json_array(), *targets = json_array(), *ind = json_array();
    int n = in_list(r, "line_category", &a), nb = in_list(r, "line_amount", &b);
    int np = in_list(r, "line_public", &c);
    for (int i = 0; i < n; i++) {
        int64_t cents = 0, pub = 0;
        if (!*a[i]) continue;
        if (i >= nb || money_parse(b[i], &cents))
            req_field_error(r, "line_amount", "input.not_money");
        json_t *line = json_pack("{s:s,s:s,s:I}", "category", a[i], "description", "",
                                 "amount_cents", (json_int_t)cents);
        /* The public share of the line; the rest is co-financing. */
        if (i < np && *c[i]) {
            if (money_parse(c[i], &pub)) req_field_error(r, "line_public", "input.not_money");
            json_object_set_new(line, "public_cents", json_integer(pub));
        }
        json_array_append_new(lines, line);
    }
    n = in_list(r, "target_group", &a);
    nb = in_list(r, "target_participants", &b);
    for (int i = 0; i < n; i++)
        if (*a[i])
            json_array_append_new(targets,
                                  json_pack("{s:s,s:o}", "target_group", a[i], "participants",
                                            form_count(i < nb ? b[i] : NULL)));
    n = in_list(r, "indicator_name", &a);
    nb = in_list(r, "indicator_unit", &b);
    int nc = in_list(r, "indicator_planned", &c), nd = in_list(r, "indicator_code", &d);
    for (int i = 0; i < n; i++)
        if (*a[i])
            json_array_append_new(ind, json_pack("{s:s,s:s,s:s,s:o}", "code", i < nd ? d[i] : "",
                                                 "name", a[i], "unit", i < nb ? b[i] : "",
                                                 "planned", form_count(i < nc ? c[i] : NULL)));
    int64_t space = in_int(r, "space_id", 0, INT64_MAX, IN_OPTIONAL);
    json_object_set_new(p, "space_id", space ? json_integer(space) : json_null());
    json_object_set_new(p, "budget_lines", lines);
    json_t *schedule = json_array();
    n = in_list(r, "phase_name", &a);
    nb = in_list(r, "phase_from", &b);
    int nt = in_list(r, "phase_to", &c);
    for (int i = 0; i < n; i++) {
        if (!*a[i]) continue;
        const char *from = i < nb ? b[i] : "", *to = i < nt ? c[i] : "";
        json_array_append_new(schedule,
                              json_pack("{s:s,s:s,s:s}", "phase", a[i], "from", from, "to", to));
    }
    json_object_set_new(p, "schedule", schedule);
    json_object_set_new(p, "targets", targets);
    json_object_set_new(p, "indicators", ind);
    return p;
}

int tables_project(req *r)
{
    int64_t id = req_param_id(r, "id");
    json_t *p = read_project(r);
    if (req_has_errors(r)) {
        json_decref(p);
        return req_error(r, 422, "codesign.project_rules");
    }
    call_problem probs[12];
    int n = 0;
    if (db_begin(r->db) != DB_OK) {
        json_decref(p);
        return -1;
    }
    cd_rc rc = codesign_project_save(r->db, id, r->user->id, p, clock_now_us(), probs, 12, &n);
    json_decref(p);
    if (rc == CD_RULES) {
        db_rollback(r->db);
        req_error(r, 422, "codesign.project_rules");
        for (int i = 0; i < n && i < 12; i++) req_field_error(r, probs[i].field, probs[i].key);
        return 0;
    }
    return answer(r, rc, table_url(r, id), "codesign.project_saved");
}

int tables_document(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    const upload *u = NULL;
    for (int i = 0; i < r->nuploads; i++)
        if (strcmp(r->uploads[i].field, "file") == 0) u = &r->uploads[i];
    const char *mime = u ? filetype_of(u->data, u->len) : NULL;
    if (!u || !mime || u->len > FILE_MAX_BYTES)
        req_field_error(r, "file", "proposals.bad_file_type");
    if (req_has_errors(r) || !u) {
        return req_error(r, 422, "proposals.bad_file_type");
    }
    int64_t version = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cd_rc rc = codesign_document_add(r->db, id, r->user->id, name,
                                     *u->filename ? u->filename : "documento", u->data, u->len,
                                     mime, clock_now_us(), &version);
    return answer(r, rc, table_url(r, id), "codesign.saved");
}

int tables_document_get(req *r)
{
    bool officer = false, party = false;
    int64_t id = req_param_id(r, "id");
    json_t *t = visible(r, id, &officer, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_decref(t);
    size_t len = 0;
    char name[256], mime[64];
    void *data = codesign_document(r->db, id, req_param_id(r, "did"), req_param_id(r, "version"),
                                   &len, name, sizeof name, mime, sizeof mime);
    if (!data) return req_error(r, 404, "error.not_found");
    req_send_file(r, data, len, mime, name);
    free(data);
    return 0;
}

int tables_approve_project(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r,
                  codesign_project_approve(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id,
                                           clock_now_us()),
                  table_url(r, id), "codesign.project_approved");
}

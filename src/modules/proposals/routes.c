#include "modules/proposals/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filetype.h"
#include "base/clock.h"
#include "base/money.h"
#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/proposals/proposals.h"
#include "web/input.h"

static const char *const PARTY_ROLES[] = {"partner", "supporter", NULL};

/* The legal representative of the user's ETS, if the user is one. */
static bool legal_rep(const req *r)
{
    for (int i = 0; r->user && i < r->user->nmemberships; i++)
        if (r->user->memberships[i].role == ROLE_ETS && r->user->memberships[i].legal_rep)
            return true;
    return false;
}

/* The proposal if this person may see it: its own organisation, the officers of the call's
 * city, the managing authority. */
static json_t *visible(req *r, int64_t id, bool *owner)
{
    json_t *p = proposal_get(r->db, id);
    if (!p) return NULL;
    int64_t org = json_integer_value(json_object_get(p, "organisation_id"));
    int64_t city = json_integer_value(json_object_get(p, "city_id"));
    *owner = org && org == req_org_for(r, ROLE_ETS);
    bool officer = city == req_city_for(r, ROLE_OFFICER);
    if (*owner || officer || req_has_role(r, ROLE_AUDITOR)) return p;
    json_decref(p);
    return NULL;
}

static void deadline_error(req *r, int64_t deadline)
{
    char when[64];
    time_format_local(deadline, r->lang, when, sizeof when);
    req_error(r, 409, "proposals.deadline_passed");
    json_t *e = json_object_get(r->view, "error");
    json_object_set_new(e, "message",
                        json_string(arena_printf(&r->mem, "%s %s (Europe/Rome).",
                                                 req_t(r, "proposals.deadline_passed"), when)));
    json_object_set_new(e, "deadline_at", json_integer(deadline));
}

/* The call if it accepts proposals now; otherwise answers 409, with the deadline when that is
 * the reason, and returns NULL. */
static json_t *call_accepting(req *r, int64_t call_id)
{
    json_t *k = call_get(r->db, call_id, clock_now_us(), false);
    const char *state = k ? json_string_value(json_object_get(k, "state")) : "";
    int64_t deadline = k ? json_integer_value(json_object_get(k, "deadline_at")) : 0;
    if (k && strcmp(state, "published") == 0 && clock_now_us() < deadline) return k;
    if (k && strcmp(state, "draft") != 0 && clock_now_us() >= deadline)
        deadline_error(r, deadline);
    else
        req_error(r, 409, "proposals.call_not_open");
    json_decref(k);
    return NULL;
}

static void read_proposal(req *r, proposal_in *in)
{
    memset(in, 0, sizeof *in);
    in->area_id = in_int(r, "area_id", 1, INT64_MAX, IN_REQUIRED);
    in->space_id = in_int(r, "space_id", 0, INT64_MAX, IN_OPTIONAL);
    in->title = in_text(r, "title", 300, IN_OPTIONAL);
    in->summary = in_text(r, "summary", 5000, IN_OPTIONAL);
    in->activities = in_text(r, "activities", 20000, IN_OPTIONAL);
    in->support_network = in_text(r, "support_network", 10000, IN_OPTIONAL);
    in->sustainability = in_text(r, "sustainability", 10000, IN_OPTIONAL);
    in->requested_cents = in_money(r, "requested", IN_OPTIONAL);
    in->cofinancing_cents = in_money(r, "cofinancing", IN_OPTIONAL);

    const char **role, **cf, **name, **runts;
    int n = in_list(r, "party_tax_code", &cf), nr = in_list(r, "party_role", &role),
        nn = in_list(r, "party_name", &name), nu = in_list(r, "party_runts", &runts);
    for (int i = 0; i < n; i++) {
        const char *nm = i < nn ? name[i] : "";
        if (!*cf[i] && !*nm) continue;
        if (in->nparties == PROPOSAL_MAX_PARTIES) {
            req_field_error(r, "party_tax_code", "proposals.too_many_parties");
            break;
        }
        char norm[CHECK_MAX_IN];
        check_result c = check_cf(cf[i], norm);
        if (c != CHECK_OK)
            req_field_error(r, "party_tax_code", arena_printf(&r->mem, "check.%s", check_code(c)));
        if (!*nm) req_field_error(r, "party_name", "proposals.party_needs_name");
        const char *rl =
            i < nr && strcmp(role[i], "supporter") == 0 ? PARTY_ROLES[1] : PARTY_ROLES[0];
        in->parties[in->nparties++] = (party_in){
            rl, arena_strdup(&r->mem, c == CHECK_OK ? norm : cf[i]), nm, i < nu ? runts[i] : ""};
    }
    const char **group, **count;
    n = in_list(r, "target_group", &group);
    int nc = in_list(r, "target_participants", &count);
    for (int i = 0; i < n && in->ntargets < PROPOSAL_MAX_TARGETS; i++) {
        const char *k = i < nc ? count[i] : "";
        if (!*group[i] && !*k) continue;
        char *end;
        long long v = strtoll(k, &end, 10);
        if (!*group[i] || !*k || *end || v < 0 || v > 1000000)
            req_field_error(r, "target_participants", "proposals.bad_target");
        in->targets[in->ntargets++] = (target_in){group[i], v};
    }
    const char **cat, **desc, **amount;
    n = in_list(r, "line_category", &cat);
    int nd = in_list(r, "line_description", &desc), na = in_list(r, "line_amount", &amount);
    for (int i = 0; i < n; i++) {
        const char *am = i < na ? amount[i] : "";
        if (!*cat[i] && !*am) continue;
        if (in->nlines == PROPOSAL_MAX_LINES) {
            req_field_error(r, "line_category", "proposals.too_many_lines");
            break;
        }
        int64_t cents = 0;
        if (!*cat[i]) req_field_error(r, "line_category", "proposals.line_needs_category");
        if (money_parse(am, &cents) || cents < 0)
            req_field_error(r, "line_amount", "input.not_money");
        in->lines[in->nlines++] = (line_in){cat[i], i < nd ? desc[i] : "", cents};
    }
}

/* Attachments sent with the form: field document_<id>, one file per call document. */
static int store_uploads(req *r, int64_t id, json_t *documents)
{
    for (int i = 0; i < r->nuploads; i++) {
        const upload *u = &r->uploads[i];
        if (strncmp(u->field, "document_", 9) != 0 || u->len == 0) continue;
        int64_t doc = atoll(u->field + 9);
        bool known = false;
        size_t k;
        json_t *d;
        json_array_foreach(documents, k, d)
        {
            if (json_integer_value(json_object_get(d, "id")) == doc) known = true;
        }
        if (!known) {
            req_field_error(r, u->field, "proposals.unknown_document");
            continue;
        }
        const char *mime = filetype_of(u->data, u->len);
        if (u->len > FILE_MAX_BYTES) {
            req_field_error(r, u->field, "proposals.file_too_large");
            continue;
        }
        if (!mime) {
            req_field_error(r, u->field, "proposals.bad_file_type");
            continue;
        }
        const char *name = *u->filename ? u->filename : "allegato";
        if (proposal_attach(r->db, id, doc, name, u->data, u->len, mime) != PROP_OK) return -1;
    }
    return 0;
}

static int show_form(req *r, json_t *call, json_t *proposal)
{
    static const char *const PARTY_F[] = {"party_role", "party_tax_code", "party_name",
                                          "party_runts"};
    static const char *const TARGET_F[] = {"target_group", "target_participants"};
    static const char *const LINE_F[] = {"line_category", "line_description", "line_amount"};
    json_t *parties = NULL, *targets = NULL, *lines = NULL;
    if (proposal && json_object_get(proposal, "parties")) {
        parties = json_array();
        targets = json_array();
        lines = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(proposal, "parties"), i, x)
        {
            if (strcmp(json_string_value(json_object_get(x, "role")), "lead") == 0) continue;
            json_array_append_new(
                parties,
                json_pack("{s:O,s:O,s:O,s:O,s:b}", "party_role", json_object_get(x, "role"),
                          "party_tax_code", json_object_get(x, "tax_code"), "party_name",
                          json_object_get(x, "name"), "party_runts",
                          json_object_get(x, "runts_number"), "is_supporter",
                          strcmp(json_string_value(json_object_get(x, "role")), "supporter") == 0));
        }
        json_array_foreach(json_object_get(proposal, "targets"), i, x)
        {
            json_array_append_new(
                targets, json_pack("{s:O,s:O}", "target_group", json_object_get(x, "target_group"),
                                   "target_participants", json_object_get(x, "participants")));
        }
        json_array_foreach(json_object_get(proposal, "budget_lines"), i, x)
        {
            char eur[32];
            money_format_input(json_integer_value(json_object_get(x, "amount_cents")), r->lang, eur,
                               sizeof eur);
            json_array_append_new(lines,
                                  json_pack("{s:O,s:O,s:s}", "line_category",
                                            json_object_get(x, "category"), "line_description",
                                            json_object_get(x, "description"), "line_amount", eur));
        }
        char req_eur[32], cof_eur[32];
        money_format_input(json_integer_value(json_object_get(proposal, "requested_cents")),
                           r->lang, req_eur, sizeof req_eur);
        money_format_input(json_integer_value(json_object_get(proposal, "cofinancing_cents")),
                           r->lang, cof_eur, sizeof cof_eur);
        json_object_set_new(proposal, "requested", json_string(req_eur));
        json_object_set_new(proposal, "cofinancing", json_string(cof_eur));
    }
    if (!r->view) r->view = json_object();
    json_t *party_rows = in_rows(r, PARTY_F, 4, 3, parties);
    size_t i;
    json_t *x;
    json_array_foreach(party_rows, i, x)
    {
        const char *role = json_string_value(json_object_get(x, "party_role"));
        json_object_set_new(x, "is_supporter",
                            json_boolean(role && strcmp(role, "supporter") == 0));
    }
    json_object_set_new(r->view, "party_rows", party_rows);
    json_object_set_new(r->view, "target_rows", in_rows(r, TARGET_F, 2, 3, targets));
    json_object_set_new(r->view, "line_rows", in_rows(r, LINE_F, 3, 5, lines));
    json_decref(parties);
    json_decref(targets);
    json_decref(lines);
    int64_t area = proposal ? json_integer_value(json_object_get(proposal, "area_id")) : 0;
    int64_t space = proposal ? json_integer_value(json_object_get(proposal, "space_id")) : 0;
    json_array_foreach(json_object_get(call, "areas"), i, x)
    {
        json_object_set_new(x, "selected",
                            json_boolean(json_integer_value(json_object_get(x, "id")) == area));
    }
    json_array_foreach(json_object_get(call, "spaces"), i, x)
    {
        json_object_set_new(x, "selected",
                            json_boolean(json_integer_value(json_object_get(x, "id")) == space));
    }
    json_object_set_new(r->view, "call", call);
    json_object_set_new(r->view, "proposal", proposal ? proposal : json_object());
    r->template = "proposals/form";
    r->title_key = "proposals.form_title";
    return 0;
}

int proposals_new(req *r)
{
    json_t *k = call_accepting(r, req_param_id(r, "id"));
    return k ? show_form(r, k, NULL) : 0;
}

static int after_save(req *r, int64_t id, json_t *call)
{
    json_t *p = proposal_get(r->db, id);
    if (store_uploads(r, id, p ? json_object_get(p, "documents") : NULL)) {
        json_decref(p);
        json_decref(call);
        db_rollback(r->db);
        return -1;
    }
    json_decref(p);
    if (req_has_errors(r)) {
        db_rollback(r->db);
        r->status = 422;
        return show_form(r, call, NULL);
    }
    if (audit_append(r->db, json_integer_value(json_object_get(call, "city_id")), r->user->id,
                     "proposal_save", "proposal", id, NULL) ||
        db_commit(r->db) != DB_OK) {
        json_decref(call);
        db_rollback(r->db);
        return -1;
    }
    json_decref(call);
    return req_redirect(r, arena_printf(&r->mem, "/proposals/%lld", (long long)id),
                        "proposals.saved");
}

int proposals_create(req *r)
{
    int64_t org = req_org_for(r, ROLE_ETS), call_id = req_param_id(r, "id");
    json_t *k = call_accepting(r, call_id);
    if (!k) return 0;
    proposal_in in;
    read_proposal(r, &in);
    if (req_has_errors(r)) {
        r->status = 422;
        return show_form(r, k, NULL);
    }
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    prop_rc rc = proposal_create(r->db, call_id, org, r->user->id, &in, &id);
    if (rc == PROP_OK) return after_save(r, id, k);
    db_rollback(r->db);
    if (rc == PROP_BAD_SPACE) req_field_error(r, "space_id", "input.bad_choice");
    if (rc == PROP_BAD_AREA || rc == PROP_RULES) {
        req_field_error(r, rc == PROP_BAD_AREA ? "area_id" : "party_tax_code",
                        rc == PROP_BAD_AREA ? "proposals.bad_area" : "proposals.party_twice");
    }
    if (rc == PROP_BAD_AREA || rc == PROP_RULES || rc == PROP_BAD_SPACE) {
        r->status = 422;
        return show_form(r, k, NULL);
    }
    json_decref(k);
    return -1;
}

int proposals_index(req *r)
{
    json_t *list;
    int64_t org = req_org_for(r, ROLE_ETS), city = req_city_for(r, ROLE_OFFICER);
    if (org)
        list = proposals_of_org(r->db, org);
    else if (city)
        list = proposals_of_city(r->db, city);
    else
        list = proposals_of_city(r->db, 0); /* the managing authority reads every city */
    req_label_each(r, list, "status", "proposals.status", "status_label");
    r->view = json_pack("{s:o}", "proposals", list);
    r->template = "proposals/index";
    r->title_key = "proposals.title";
    return 0;
}

int proposals_show(req *r)
{
    bool owner = false;
    json_t *p = visible(r, req_param_id(r, "id"), &owner);
    if (!p) return req_error(r, 404, "error.not_found");
    bool draft = strcmp(json_string_value(json_object_get(p, "status")), "draft") == 0;
    bool open = strcmp(json_string_value(json_object_get(p, "call_state")), "published") == 0 &&
                clock_now_us() < json_integer_value(json_object_get(p, "deadline_at"));
    json_object_set_new(p, "status_label",
                        json_string(req_t_code(r, "proposals.status",
                                               json_string_value(json_object_get(p, "status")))));
    /* Scores: to the officers and the managing authority at once, to the ETS with the ranking. */
    const char *cs = json_string_value(json_object_get(p, "call_state"));
    bool ranked =
        strcmp(cs, "ranked") == 0 || strcmp(cs, "codesign") == 0 || strcmp(cs, "concluded") == 0;
    json_t *scores = (!owner || ranked)
                         ? proposal_scores(r->db, json_integer_value(json_object_get(p, "id")))
                         : json_array();
    r->view =
        json_pack("{s:o,s:o,s:b,s:b,s:b}", "proposal", p, "scores", scores, "can_edit",
                  owner && draft && open, "can_submit", owner && draft && open && legal_rep(r),
                  "can_withdraw", owner && !draft && open && legal_rep(r));
    r->template = "proposals/show";
    r->title_key = "proposals.proposal";
    return 0;
}

int proposals_edit(req *r)
{
    bool owner = false;
    json_t *p = visible(r, req_param_id(r, "id"), &owner);
    if (!p || !owner) {
        json_decref(p);
        return req_error(r, 404, "error.not_found");
    }
    if (strcmp(json_string_value(json_object_get(p, "status")), "draft") != 0) {
        json_decref(p);
        return req_error(r, 409, "proposals.not_editable");
    }
    json_t *k = call_accepting(r, json_integer_value(json_object_get(p, "call_id")));
    if (!k) {
        json_decref(p);
        return 0;
    }
    return show_form(r, k, p);
}

int proposals_update(req *r)
{
    bool owner = false;
    int64_t id = req_param_id(r, "id");
    json_t *p = visible(r, id, &owner);
    if (!p || !owner) {
        json_decref(p);
        return req_error(r, 404, "error.not_found");
    }
    json_t *k = call_accepting(r, json_integer_value(json_object_get(p, "call_id")));
    json_decref(p);
    if (!k) return 0;
    proposal_in in;
    read_proposal(r, &in);
    if (req_has_errors(r)) {
        r->status = 422;
        return show_form(r, k, NULL);
    }
    if (db_begin(r->db) != DB_OK) return -1;
    prop_rc rc = proposal_update(r->db, id, &in);
    if (rc == PROP_OK) return after_save(r, id, k);
    db_rollback(r->db);
    json_decref(k);
    if (rc == PROP_NOT_DRAFT) return req_error(r, 409, "proposals.not_editable");
    if (rc == PROP_BAD_AREA) return req_error(r, 422, "proposals.bad_area");
    if (rc == PROP_BAD_SPACE) {
        req_field_error(r, "space_id", "input.bad_choice");
        return req_error(r, 422, "input.bad_choice");
    }
    return rc == PROP_RULES ? req_error(r, 422, "proposals.party_twice") : -1;
}

/* Submitting and withdrawing are acts of the legal representative of the proposal's own body.
 * Returns 0 with the call's deadline, or answers 404 / 403 and returns 1. */
static int signing_act(req *r, int64_t id, int64_t *deadline)
{
    bool owner = false;
    json_t *p = visible(r, id, &owner);
    if (!p || !owner) {
        json_decref(p);
        req_error(r, 404, "error.not_found");
        return 1;
    }
    *deadline = json_integer_value(json_object_get(p, "deadline_at"));
    json_decref(p);
    if (!legal_rep(r)) {
        req_error(r, 403, "proposals.legal_rep_only");
        return 1;
    }
    return 0;
}

int proposals_submit(req *r)
{
    int64_t id = req_param_id(r, "id"), deadline = 0;
    if (signing_act(r, id, &deadline)) return 0;
    receipt_key key;
    if (receipt_key_load(r->db, &key)) return -1;
    if (db_begin(r->db) != DB_OK) return -1;
    call_problem probs[16];
    int n = 0;
    json_t *receipt = NULL;
    prop_rc rc =
        proposal_submit(r->db, id, r->user->id, clock_now_us(), &key, probs, 16, &n, &receipt);
    sodium_memzero(&key, sizeof key);
    if (rc == PROP_OK && db_commit(r->db) == DB_OK) {
        r->view = json_pack("{s:o}", "receipt", receipt);
        return req_redirect(r, arena_printf(&r->mem, "/proposals/%lld", (long long)id),
                            "proposals.submitted");
    }
    json_decref(receipt);
    db_rollback(r->db);
    switch (rc) {
    case PROP_DEADLINE:
        deadline_error(r, deadline);
        return 0;
    case PROP_NOT_DRAFT:
        return req_error(r, 409, "proposals.already_submitted");
    case PROP_ALREADY_IN_AREA:
        return req_error(r, 409, "proposals.already_in_area");
    case PROP_RULES:
        req_error(r, 422, "proposals.rules");
        for (int i = 0; i < n && i < 16; i++) req_field_error(r, probs[i].field, probs[i].key);
        return 0;
    default:
        return -1;
    }
}

int proposals_withdraw(req *r)
{
    int64_t id = req_param_id(r, "id"), deadline = 0;
    if (signing_act(r, id, &deadline)) return 0;
    if (db_begin(r->db) != DB_OK) return -1;
    prop_rc rc = proposal_withdraw(r->db, id, r->user->id, clock_now_us());
    if (rc == PROP_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, arena_printf(&r->mem, "/proposals/%lld", (long long)id),
                            "proposals.withdrawn");
    db_rollback(r->db);
    if (rc == PROP_DEADLINE) {
        deadline_error(r, deadline);
        return 0;
    }
    return rc == PROP_NOT_DRAFT ? req_error(r, 409, "proposals.not_submitted") : -1;
}

int proposals_attachment(req *r)
{
    bool owner = false;
    int64_t id = req_param_id(r, "id");
    json_t *p = visible(r, id, &owner);
    if (!p) return req_error(r, 404, "error.not_found");
    json_decref(p);
    size_t len = 0;
    char name[256], mime[64];
    void *data = proposal_attachment(r->db, id, req_param_id(r, "aid"), &len, name, sizeof name,
                                     mime, sizeof mime);
    if (!data) return req_error(r, 404, "error.not_found");
    req_send_file(r, data, len, mime, name);
    free(data);
    return 0;
}

int proposals_receipt(req *r)
{
    bool owner = false;
    int64_t id = req_param_id(r, "id"), version = req_param_id(r, "version");
    json_t *p = visible(r, id, &owner);
    if (!p) return req_error(r, 404, "error.not_found");
    json_decref(p);
    buf_init(&r->body, 1 << 20);
    int64_t protocol = 0;
    if (!proposal_receipt(r->db, id, version, &r->body, &protocol)) {
        buf_free(&r->body);
        return req_error(r, 404, "error.not_found");
    }
    r->content_type = "application/json";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem,
                                "attachment; filename=\"ricevuta-%lld-v%lld-prot%lld.json\"",
                                (long long)id, (long long)version, (long long)protocol));
    return 0;
}

int receipts_page(req *r)
{
    receipt_key key;
    if (receipt_key_load(r->db, &key)) return -1;
    char pk[64];
    receipt_public_b64(key.pk, pk);
    sodium_memzero(&key, sizeof key);
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "public_key", json_string(pk));
    json_object_set_new(r->view, "algorithm", json_string("Ed25519"));
    r->template = "receipts/verify";
    r->title_key = "receipts.title";
    return 0;
}

int receipts_verify(req *r)
{
    const char *text = req_field(r, "receipt");
    size_t len = text ? strlen(text) : 0;
    for (int i = 0; (!text || !*text) && i < r->nuploads; i++)
        if (strcmp(r->uploads[i].field, "file") == 0) {
            text = r->uploads[i].data;
            len = r->uploads[i].len;
        }
    if (r->json && (!text || !*text)) { /* the receipt itself posted as JSON */
        text = json_dumps(r->json, JSON_COMPACT);
        len = text ? strlen(text) : 0;
        char *copy = text ? arena_strndup(&r->mem, text, len) : NULL;
        free((void *)(uintptr_t)text);
        text = copy;
    }
    if (!text || !len) {
        receipts_page(r);
        req_field_error(r, "receipt", "receipts.empty");
        r->status = 422;
        return 0;
    }
    receipt_key key;
    if (receipt_key_load(r->db, &key)) return -1;
    receipt_rc rc = receipt_verify(text, len, key.pk);
    sodium_memzero(&key, sizeof key);
    static const char *const KEYS[] = {"receipts.valid", "receipts.malformed", "receipts.forged",
                                       "receipts.other_key"};
    receipts_page(r);
    json_object_set_new(r->view, "result",
                        json_pack("{s:b,s:s,s:s}", "valid", rc == RECEIPT_VALID, "code", KEYS[-rc],
                                  "message", req_t(r, KEYS[-rc])));
    return 0;
}

#include "modules/agreements/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/agreements/agreements.h"
#include "modules/codesign/codesign.h"
#include "modules/signatures/signatures.h"
#include "view/pdf.h"
#include "web/render.h"
#include "web/input.h"

static int answer(req *r, ag_rc rc, int64_t id, const char *flash)
{
    if (rc == AG_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, arena_printf(&r->mem, "/agreements/%lld", (long long)id), flash);
    db_rollback(r->db);
    switch (rc) {
    case AG_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case AG_WRONG_STATE:
        return req_error(r, 409, "agreements.wrong_state");
    case AG_NOT_APPROVED:
        return req_error(r, 409, "agreements.not_approved");
    case AG_BAD_SCHEDULE:
        return req_error(r, 422, "agreements.bad_schedule");
    case AG_EXISTS:
        return req_error(r, 409, "agreements.exists");
    case AG_STALE:
        return req_error(r, 409, "agreements.stale");
    case AG_NO_POWER:
        return req_error(r, 403, "agreements.no_power");
    case AG_SPACE_TAKEN:
        return req_error(r, 409, "agreements.space_taken");
    default:
        return -1;
    }
}

int agreements_create(req *r)
{
    int64_t adv = in_percent_bp(r, "advance", IN_REQUIRED);
    int64_t mid = in_percent_bp(r, "interim", IN_REQUIRED);
    int64_t bal = in_percent_bp(r, "balance", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "agreements.bad_schedule");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    /* The id is known only after the call: not in the same argument list. */
    ag_rc rc = agreement_create(r->db, req_city_for(r, ROLE_OFFICER), req_param_id(r, "id"),
                                r->user->id, adv, mid, bal, clock_now_us(), &id);
    return answer(r, rc, id, "agreements.created");
}

static bool is_signed(json_t *a)
{
    const char *s = json_string_value(json_object_get(a, "state"));
    return strcmp(s, "signed_city") == 0 || strcmp(s, "active") == 0 || strcmp(s, "closed") == 0;
}

/* Signed agreements are public (transparency); drafts only for the two parties and the AdG. */
static json_t *visible(req *r, int64_t id, bool *officer, bool *ets)
{
    json_t *a = agreement_get(r->db, id);
    if (!a) return NULL;
    *officer = json_integer_value(json_object_get(a, "city_id")) == req_city_for(r, ROLE_OFFICER);
    *ets = json_integer_value(json_object_get(a, "organisation_id")) == req_org_for(r, ROLE_ETS);
    if (is_signed(a) || *officer || *ets || req_has_role(r, ROLE_AUDITOR)) return a;
    json_decref(a);
    return NULL;
}

int agreements_index(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    json_t *list = agreements_list(r->db, city, city == 0);
    req_label_each(r, list, "state", "agreements.state", "state_label");
    r->view = json_pack("{s:o}", "agreements", list);
    r->template = "agreements/index";
    r->title_key = "agreements.title";
    return 0;
}

int agreements_show(req *r)
{
    bool officer = false, ets = false;
    json_t *a = visible(r, req_param_id(r, "id"), &officer, &ets);
    if (!a) return req_error(r, 404, "error.not_found");
    const char *state = json_string_value(json_object_get(a, "state"));
    json_object_set_new(a, "state_label", json_string(req_t_code(r, "agreements.state", state)));
    json_object_set_new(a, "is_active",
                        json_boolean(strcmp(state, "active") == 0 || strcmp(state, "closed") == 0));
    json_object_del(a, "document"); /* "doc" carries it, parsed */
    json_t *files = agreement_signed_files(r->db, json_integer_value(json_object_get(a, "id")));
    req_label_each(r, files, "party", "agreements.party", "party_label");
    json_object_set_new(a, "signed_files", files ? files : json_array());
    json_object_set_new(a, "may_upload_signed", json_boolean(officer || ets));
    r->view = json_pack("{s:o,s:b,s:b,s:b,s:b}", "agreement", a, "can_sign_ets",
                        ets && strcmp(state, "draft") == 0, "can_sign_city",
                        officer && strcmp(state, "signed_ets") == 0, "can_activate",
                        officer && strcmp(state, "signed_city") == 0, "can_close",
                        officer && strcmp(state, "active") == 0);
    r->template = "agreements/show";
    r->title_key = "agreements.agreement";
    return 0;
}

int agreements_pdf(req *r)
{
    bool officer = false, ets = false;
    int64_t id = req_param_id(r, "id");
    json_t *a = visible(r, id, &officer, &ets);
    if (!a) return req_error(r, 404, "error.not_found");
    json_t *doc = agreement_pdf_doc(a);
    json_decref(a);
    return render_pdf(r, doc, arena_printf(&r->mem, "convenzione-%lld.pdf", (long long)id), false);
}

/* The PDF every party signs with its own tools: frozen at its first download, without the
 * record of signatures made in coprog, so that it never changes. */
int agreements_to_sign(req *r)
{
    bool officer = false, ets = false;
    int64_t id = req_param_id(r, "id");
    json_t *a = visible(r, id, &officer, &ets);
    if (!a) return req_error(r, 404, "error.not_found");
    json_object_set_new(a, "signatures", json_array());
    int rc = send_to_sign(r, "agreements", id, agreement_pdf_doc(a),
                          arena_printf(&r->mem, "convenzione-%lld-da-firmare.pdf", (long long)id));
    json_decref(a);
    return rc;
}

int send_kept_file(req *r, void *data, size_t len, json_t *meta)
{
    if (!data) return req_error(r, 404, "error.not_found");
    int rc = req_send_file(r, data, len, json_string_value(json_object_get(meta, "mime")),
                           json_string_value(json_object_get(meta, "name")));
    free(data);
    json_decref(meta);
    return rc;
}

int send_to_sign(req *r, const char *table, int64_t id, json_t *doc, const char *filename)
{
    size_t len = 0;
    void *pdf = to_sign_read(r->db, table, id, &len);
    if (!pdf && doc) {
        /* The first download freezes it; a download racing this one reads the one kept. */
        buf b;
        buf_init(&b, 32u << 20);
        if (!pdf_render(doc, &b) && db_begin(r->db) == DB_OK) {
            if (to_sign_freeze(r->db, table, id, b.data, b.len) != AG_OK ||
                db_commit(r->db) != DB_OK)
                db_rollback(r->db);
        }
        buf_free(&b);
        pdf = to_sign_read(r->db, table, id, &len);
    }
    json_decref(doc);
    if (!pdf) return -1;
    int rc = req_send_file(r, pdf, len, "application/pdf", filename);
    free(pdf);
    return rc;
}

const upload *signed_upload_of(req *r)
{
    const upload *f = NULL;
    for (int i = 0; i < r->nuploads; i++)
        if (!strcmp(r->uploads[i].field, "file") && r->uploads[i].len) f = &r->uploads[i];
    if (!f)
        req_field_error(r, "file", "agreements.signed_file_required");
    else if (f->len > SIG_MAX_BYTES)
        req_field_error(r, "file", "agreements.signed_file_too_large");
    if (!f || req_has_errors(r)) {
        req_error(r, 422, "agreements.signed_file_required");
        return NULL;
    }
    return f;
}

int signed_refused(req *r, ag_rc rc, json_t *report, const char *back)
{
    if (rc == AG_SIG_REFUSED || rc == AG_SIG_OTHER || rc == AG_NOT_READY || rc == AG_NO_TAX_CODE ||
        rc == AG_EXISTS)
        db_rollback(r->db);
    switch (rc) {
    case AG_SIG_REFUSED:
    case AG_SIG_OTHER: {
        const char *reason = json_string_value(json_object_get(report, "reason"));
        const char *key = rc == AG_SIG_OTHER
                              ? "agreements.signed_by_other"
                              : arena_printf(&r->mem, "signatures.reason.%s", reason);
        req_error(r, 422, key);
        json_t *sigs = json_object_get(report, "signatures");
        req_label_each(r, sigs, "sub_indication", "signatures.sub", "sub_label");
        size_t i;
        json_t *sig;
        json_array_foreach(sigs, i, sig)
        {
            json_t *stamp = json_object_get(sig, "timestamp");
            if (stamp)
                json_object_set_new(stamp, "sub_label",
                                    json_string(req_t_code(r, "signatures.timestamp_sub",
                                                           json_string_value(json_object_get(
                                                               stamp, "sub_indication")))));
        }
        json_object_set_new(
            report, "sub_label",
            json_string(req_t_code(r, "signatures.sub",
                                   json_string_value(json_object_get(report, "sub_indication")))));
        json_object_set_new(r->view, "report", report);
        json_object_set_new(r->view, "back", json_string(back));
        r->template = "agreements/signature_report";
        r->title_key = "signatures.report_title";
        return 0;
    }
    case AG_NOT_READY:
        json_decref(report);
        return req_error(r, 409, "agreements.not_ready");
    case AG_NO_TAX_CODE:
        json_decref(report);
        return req_error(r, 409, "agreements.no_tax_code");
    case AG_EXISTS:
        json_decref(report);
        return req_error(r, 409, "agreements.signed_file_exists");
    default:
        json_decref(report);
        return -2; /* not an answer of its own */
    }
}

/* A file signed with the party's own tools (CAdES .p7m or signed PDF): verified, and kept only
 * when it passes; otherwise the report says why, and nothing changes. */
int agreements_signed_upload(req *r)
{
    int64_t id = req_param_id(r, "id");
    const upload *f = signed_upload_of(r);
    if (!f) return 0;
    json_t *report = NULL;
    int64_t fid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    ag_rc rc = agreement_qualified_add(r->db, id, r->user->id,
                                       *f->filename ? f->filename : "convenzione-firmata", f->data,
                                       f->len, clock_now_us(), &report, &fid);
    if (rc != AG_OK) {
        int out = signed_refused(
            r, rc, report, arena_printf(&r->mem, "/agreements/%lld#qualified", (long long)id));
        if (out != -2) return out;
        return answer(r, rc, id, "agreements.signed_file_accepted");
    }
    json_decref(report);
    r->view = json_pack("{s:I}", "signed_file_id", (json_int_t)fid);
    return answer(r, rc, id, "agreements.signed_file_accepted");
}

int agreements_signed_download(req *r)
{
    bool officer = false, ets = false;
    int64_t id = req_param_id(r, "id");
    json_t *a = visible(r, id, &officer, &ets);
    if (!a) return req_error(r, 404, "error.not_found");
    json_decref(a);
    size_t len = 0;
    json_t *meta = NULL;
    void *data = agreement_signed_file(r->db, id, req_param_id(r, "fid"), &len, &meta);
    return send_kept_file(r, data, len, meta);
}

int agreements_sign(req *r)
{
    const char *sha = in_text(r, "document_sha256", 64, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "agreements.stale");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(r, agreement_sign(r->db, id, r->user->id, sha, clock_now_us()), id,
                  "agreements.signed");
}

int agreements_activate(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    ag_rc rc =
        agreement_activate(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id, clock_now_us());
    return answer(r, rc, id, "agreements.activated");
}

int agreements_close(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return answer(
        r, agreement_close(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id, clock_now_us()),
        id, "agreements.closed");
}

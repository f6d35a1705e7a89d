/* HTTP handlers of a co-design session's minutes as documents: the PDF of the latest version,
 * the same PDF frozen to sign, and the files the table's parties signed with their own tools
 * (verified, kept, registered; minutes_signed.c). */
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/agreements/routes.h"
#include "modules/codesign/codesign.h"
#include "web/render.h"

/* A session the asker may read (the city's officer, a party of its table, an auditor): its
 * table and the session's entry with its latest minutes, or NULL. *party is the asker's
 * participant at the table (0: none). */
static json_t *readable(req *r, int64_t sid, json_t **session, int64_t *party)
{
    int64_t table = codesign_table_of_session(r->db, sid);
    json_t *t = table ? codesign_table_get(r->db, table) : NULL;
    *party = table && r->user ? codesign_party_of(r->db, table, r->user->id) : 0;
    bool allowed =
        t && (json_integer_value(json_object_get(t, "city_id")) == req_city_for(r, ROLE_OFFICER) ||
              *party || req_has_role(r, ROLE_AUDITOR));
    *session = NULL;
    size_t i;
    json_t *s;
    json_array_foreach(allowed ? json_object_get(t, "sessions") : NULL, i, s)
    {
        if (json_integer_value(json_object_get(s, "id")) == sid) *session = s;
    }
    if (!*session || !json_object_get(*session, "minutes")) {
        json_decref(t);
        return NULL;
    }
    return t;
}

/* The PDF document of the session's latest minutes. */
static json_t *minutes_doc(json_t *t, json_t *session)
{
    json_t *m = json_object_get(session, "minutes");
    char when[64], sub[512];
    time_format_local(json_integer_value(json_object_get(session, "starts_at")), "it", when,
                      sizeof when);
    snprintf(sub, sizeof sub, "%s · %s · seduta del %s · versione %lld",
             json_string_value(json_object_get(t, "call_title")),
             json_string_value(json_object_get(t, "proposal_title")), when,
             (long long)json_integer_value(json_object_get(m, "version")));
    json_t *blocks = json_pack("[{s:s,s:O},{s:s,s:O}]", "heading", "Ordine del giorno", "text",
                               json_object_get(session, "agenda"), "heading", "Verbale", "text",
                               json_object_get(m, "text"));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(m, "approved_by"), i, s)
    {
        char line[300];
        snprintf(line, sizeof line, "Approvato da %s",
                 json_string_value(json_object_get(s, "name")));
        json_array_append_new(blocks, json_pack("{s:s}", "text", line));
    }
    return json_pack("{s:s,s:s,s:o}", "title", "Verbale del tavolo di co-progettazione", "subtitle",
                     sub, "blocks", blocks);
}

int minutes_pdf(req *r)
{
    int64_t sid = req_param_id(r, "id"), party = 0;
    json_t *session, *t = readable(r, sid, &session, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_t *doc = minutes_doc(t, session);
    json_decref(t);
    return render_pdf(r, doc, arena_printf(&r->mem, "verbale-%lld.pdf", (long long)sid), false);
}

int minutes_to_sign_pdf(req *r)
{
    int64_t sid = req_param_id(r, "id"), party = 0;
    json_t *session, *t = readable(r, sid, &session, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    int rc = send_to_sign(r, "minutes_versions", minutes_latest_version(r->db, sid),
                          minutes_doc(t, session),
                          arena_printf(&r->mem, "verbale-%lld-da-firmare.pdf", (long long)sid));
    json_decref(t);
    return rc;
}

int minutes_signed_page(req *r)
{
    int64_t sid = req_param_id(r, "id"), party = 0;
    json_t *session, *t = readable(r, sid, &session, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_t *files = minutes_signed_files(r->db, sid);
    if (!files) {
        json_decref(t);
        return -1;
    }
    req_label_each(r, files, "party", "agreements.party", "party_label");
    bool officer =
        json_integer_value(json_object_get(t, "city_id")) == req_city_for(r, ROLE_OFFICER);
    r->view = json_pack("{s:I,s:I,s:O,s:O,s:O,s:o,s:b}", "session_id", (json_int_t)sid, "table_id",
                        (json_int_t)json_integer_value(json_object_get(t, "id")), "call_title",
                        json_object_get(t, "call_title"), "proposal_title",
                        json_object_get(t, "proposal_title"), "minutes",
                        json_object_get(session, "minutes"), "signed_files", files, "may_upload",
                        party != 0 || officer);
    json_decref(t);
    r->template = "agreements/minutes_signed";
    r->title_key = "agreements.minutes_signed_title";
    return 0;
}

int minutes_signed_upload(req *r)
{
    int64_t sid = req_param_id(r, "id"), party = 0;
    json_t *session, *t = readable(r, sid, &session, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    int64_t city = json_integer_value(json_object_get(t, "city_id"));
    bool officer = city == req_city_for(r, ROLE_OFFICER);
    /* Who signs for whom: the asker's participant at the table, else the city's officer. */
    char who[300] = "", kind[8] = "city";
    if (party) {
        db_rows *p = db_query(r->db, "SELECT party, name FROM table_participants WHERE id = ?",
                              DB_ARGS(DB_INT(party)));
        if (p && db_next(p)) {
            snprintf(kind, sizeof kind, "%s", strcmp(db_text(p, 0), "city") ? "ets" : "city");
            snprintf(who, sizeof who, "%s", db_text(p, 1));
        }
        db_rows_close(p);
    } else {
        snprintf(who, sizeof who, "%s", "Comune");
    }
    json_decref(t);
    if (!party && !officer) return req_error(r, 403, "agreements.no_power");
    const upload *f = signed_upload_of(r);
    if (!f) return 0;
    minutes_signer signer = {city, sid, r->user->id, kind, who};
    json_t *report = NULL;
    int64_t fid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    ag_rc rc = minutes_qualified_add(r->db, &signer, *f->filename ? f->filename : "verbale-firmato",
                                     f->data, f->len, clock_now_us(), &report, &fid);
    const char *back = arena_printf(&r->mem, "/sessions/%lld/minutes/signed", (long long)sid);
    if (rc != AG_OK) {
        int out = signed_refused(r, rc, report, back);
        if (out != -2) return out;
        db_rollback(r->db);
        return rc == AG_NOT_FOUND ? req_error(r, 404, "error.not_found") : -1;
    }
    json_decref(report);
    if (db_commit(r->db) != DB_OK) return -1;
    r->view = json_pack("{s:I}", "signed_file_id", (json_int_t)fid);
    return req_redirect(r, back, "agreements.signed_file_accepted");
}

int minutes_signed_download(req *r)
{
    int64_t sid = req_param_id(r, "id"), party = 0;
    json_t *session, *t = readable(r, sid, &session, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_decref(t);
    size_t len = 0;
    json_t *meta = NULL;
    void *data = minutes_signed_file(r->db, sid, req_param_id(r, "fid"), &len, &meta);
    return send_kept_file(r, data, len, meta);
}

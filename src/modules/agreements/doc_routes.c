/* HTTP handlers of the documents signed besides the agreement (a session's minutes, the final
 * project, the call notice): the PDF, the same PDF frozen to sign, and the files the table's
 * parties signed with their own tools (verified, kept, registered; signed_docs.c). One set of
 * handlers; each kind says where its document is and how it reads. */
#include <string.h>

#include "base/clock.h"
#include "base/money.h"
#include "base/timefmt.h"
#include "modules/agreements/routes.h"
#include "modules/calls/routes.h"
#include "modules/codesign/codesign.h"
#include "web/render.h"

typedef struct doc_page {
    const signed_kind *kind;
    const char *head, *tail; /* the pages' address: head, the id, tail */
    const char *keys;        /* catalog prefix of the page's words, under agreements */
    /* The context of document id (its table, or its call) when the asker may read it:
     * {city_id, back, context} and what document() reads; *party is the asker's participant at
     * the table (0: none, or no table). NULL when not readable. */
    json_t *(*open)(req *r, int64_t id, int64_t *party);
    /* The document of id in its context: the version shown, and its PDF content when doc is
     * asked; false when there is none. */
    bool (*document)(req *r, json_t *t, int64_t id, json_t **version, json_t **doc);
} doc_page;

/* A table's context: the city's officer, a party of the table or an auditor may read it. */
static json_t *table_context(req *r, int64_t table, int64_t *party)
{
    json_t *t = table ? codesign_table_get(r->db, table) : NULL;
    *party = t && r->user ? codesign_party_of(r->db, table, r->user->id) : 0;
    if (!t ||
        !(json_integer_value(json_object_get(t, "city_id")) == req_city_for(r, ROLE_OFFICER) ||
          *party || req_has_role(r, ROLE_AUDITOR))) {
        json_decref(t);
        return NULL;
    }
    json_object_set_new(t, "back",
                        json_string(arena_printf(&r->mem, "/tables/%lld", (long long)table)));
    json_object_set_new(t, "context",
                        json_string(arena_printf(
                            &r->mem, "%s · %s", json_string_value(json_object_get(t, "call_title")),
                            json_string_value(json_object_get(t, "proposal_title")))));
    return t;
}

/* ---- a session's minutes ---- */

static json_t *session_open(req *r, int64_t sid, int64_t *party)
{
    return table_context(r, codesign_table_of_session(r->db, sid), party);
}

static bool minutes_document(req *r, json_t *t, int64_t sid, json_t **version, json_t **doc)
{
    (void)r;
    json_t *session = NULL, *s;
    size_t i;
    json_array_foreach(json_object_get(t, "sessions"), i, s)
    {
        if (json_integer_value(json_object_get(s, "id")) == sid) session = s;
    }
    json_t *m = json_object_get(session, "minutes");
    if (!m) return false;
    *version = m;
    if (!doc) return true;
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
    json_array_foreach(json_object_get(m, "approved_by"), i, s)
    {
        char line[300];
        snprintf(line, sizeof line, "Approvato da %s",
                 json_string_value(json_object_get(s, "name")));
        json_array_append_new(blocks, json_pack("{s:s}", "text", line));
    }
    *doc = json_pack("{s:s,s:s,s:o}", "title", "Verbale del tavolo di co-progettazione", "subtitle",
                     sub, "blocks", blocks);
    return true;
}

static const doc_page MINUTES = {&SIGNED_MINUTES, "/sessions/", "/minutes",
                                 "minutes",       session_open, minutes_document};

/* ---- a table's final project ---- */

static json_t *table_open(req *r, int64_t id, int64_t *party)
{
    return table_context(r, id, party);
}

static void block(json_t *blocks, const char *heading, const char *text)
{
    if (text && *text)
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "heading", heading, "text", text));
}

static const char *eur(json_t *cents, char out[32])
{
    money_format(json_integer_value(cents), "it", out, 32);
    return out;
}

/* One line per row of a list of the project, in the given fields' order. */
static void rows_block(json_t *blocks, const char *heading, json_t *list, buf *b,
                       const char *(*line)(json_t *row, char *out, size_t n))
{
    size_t i;
    json_t *row;
    b->len = 0;
    json_array_foreach(list, i, row)
    {
        char text[2600];
        buf_printf(b, "%s%s", i ? "\n" : "", line(row, text, sizeof text));
    }
    if (b->len && buf_putc(b, '\0') == 0) block(blocks, heading, b->data);
}

static const char *cost_line(json_t *row, char *out, size_t n)
{
    char amount[32];
    const char *desc = json_string_value(json_object_get(row, "description"));
    snprintf(out, n, "%s%s%s: %s", json_string_value(json_object_get(row, "category")),
             desc && *desc ? " – " : "", desc ? desc : "",
             eur(json_object_get(row, "amount_cents"), amount));
    return out;
}

static const char *target_line(json_t *row, char *out, size_t n)
{
    snprintf(out, n, "%s: %lld persone", json_string_value(json_object_get(row, "target_group")),
             (long long)json_integer_value(json_object_get(row, "participants")));
    return out;
}

static const char *indicator_line(json_t *row, char *out, size_t n)
{
    const char *unit = json_string_value(json_object_get(row, "unit"));
    snprintf(out, n, "%s: %lld%s%s", json_string_value(json_object_get(row, "name")),
             (long long)json_integer_value(json_object_get(row, "planned")),
             unit && *unit ? " " : "", unit ? unit : "");
    return out;
}

static const char *phase_line(json_t *row, char *out, size_t n)
{
    snprintf(out, n, "%s: dal %s al %s", json_string_value(json_object_get(row, "phase")),
             json_string_value(json_object_get(row, "from")),
             json_string_value(json_object_get(row, "to")));
    return out;
}

static bool project_document(req *r, json_t *t, int64_t id, json_t **version, json_t **doc)
{
    (void)r, (void)id;
    json_t *v = json_object_get(t, "project");
    json_t *p = json_object_get(v, "project");
    if (!p) return false;
    *version = v;
    if (!doc) return true;
    json_t *blocks = json_array();
    static const char *const TEXTS[][2] = {{"summary", "Sintesi"},
                                           {"activities", "Attività"},
                                           {"support_network", "Rete di sostegno"},
                                           {"sustainability", "Sostenibilità"}};
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++)
        block(blocks, TEXTS[i][1], json_string_value(json_object_get(p, TEXTS[i][0])));
    char a[32], b2[32], money[160];
    snprintf(money, sizeof money, "Contributo richiesto: %s · cofinanziamento: %s",
             eur(json_object_get(p, "requested_cents"), a),
             eur(json_object_get(p, "cofinancing_cents"), b2));
    block(blocks, "Risorse", money);
    buf b;
    buf_init(&b, 1u << 20);
    rows_block(blocks, "Piano dei costi", json_object_get(p, "budget_lines"), &b, cost_line);
    rows_block(blocks, "Destinatari", json_object_get(p, "targets"), &b, target_line);
    rows_block(blocks, "Indicatori", json_object_get(p, "indicators"), &b, indicator_line);
    rows_block(blocks, "Cronoprogramma", json_object_get(p, "schedule"), &b, phase_line);
    buf_free(&b);
    char sub[700];
    snprintf(sub, sizeof sub, "%s · %s · versione %lld · SHA-256 %s",
             json_string_value(json_object_get(t, "call_title")),
             json_string_value(json_object_get(t, "proposal_title")),
             (long long)json_integer_value(json_object_get(v, "version")),
             json_string_value(json_object_get(v, "content_sha256")));
    *doc = json_pack("{s:O,s:s,s:o}", "title", json_object_get(p, "title"), "subtitle", sub,
                     "blocks", blocks);
    return true;
}

static const doc_page PROJECT = {&SIGNED_PROJECT, "/tables/", "/project",
                                 "project",       table_open, project_document};

/* ---- a call's notice ---- */

/* The city's officers sign it; controllers and auditors read it. */
static json_t *call_open(req *r, int64_t id, int64_t *party)
{
    *party = 0;
    json_t *k = db_query_object(r->db, "SELECT id, city_id, title FROM calls WHERE id = ?",
                                DB_ARGS(DB_INT(id)));
    int64_t city = json_integer_value(json_object_get(k, "city_id"));
    if (!k || !(city == req_city_for(r, ROLE_OFFICER) || city == req_city_for(r, ROLE_CONTROLLER) ||
                req_has_role(r, ROLE_AUDITOR))) {
        json_decref(k);
        return NULL;
    }
    json_object_set_new(k, "back",
                        json_string(arena_printf(&r->mem, "/calls/%lld", (long long)id)));
    json_object_set(k, "context", json_object_get(k, "title"));
    json_object_set_new(k, "act", json_pack("{s:i}", "version", 1));
    return k;
}

static bool call_document(req *r, json_t *k, int64_t id, json_t **version, json_t **doc)
{
    *version = json_object_get(k, "act");
    if (!doc) return true;
    /* The act is the city's, in Italian, whoever asks first. */
    const char *lang = r->lang;
    bool officer = false;
    r->lang = "it";
    *doc = calls_notice_doc(r, id, &officer);
    r->lang = lang;
    return *doc != NULL;
}

static const doc_page CALL = {&SIGNED_CALL, "/calls/", "", "call", call_open, call_document};

/* ---- the handlers ---- */

/* The table of the asked document when the asker may read it (the city's officer, a party of
 * the table, an auditor) and the document is there: its version (and PDF content when doc is
 * asked), or NULL. *party is the asker's participant at the table (0: none). */
/* The context of the asked document when the asker may read it and the document is there: its
 * version (and PDF content when doc is asked), or NULL. */
static json_t *readable(req *r, const doc_page *pg, json_t **version, json_t **doc, int64_t *party)
{
    int64_t id = req_param_id(r, "id");
    json_t *t = id > 0 ? pg->open(r, id, party) : NULL;
    if (!t || !pg->document(r, t, id, version, doc)) {
        json_decref(t);
        return NULL;
    }
    return t;
}

static const char *base_of(req *r, const doc_page *pg)
{
    return arena_printf(&r->mem, "%s%lld%s", pg->head, (long long)req_param_id(r, "id"), pg->tail);
}

static int doc_pdf(req *r, const doc_page *pg)
{
    int64_t party;
    json_t *version, *doc = NULL, *t = readable(r, pg, &version, &doc, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_decref(t);
    return render_pdf(
        r, doc,
        arena_printf(&r->mem, "%s-%lld.pdf", pg->kind->stem, (long long)req_param_id(r, "id")),
        false);
}

static int doc_to_sign(req *r, const doc_page *pg)
{
    int64_t party, id = req_param_id(r, "id");
    json_t *version, *doc = NULL, *t = readable(r, pg, &version, &doc, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    /* Only the version that may be signed (the final project: once approved) is frozen. */
    if (signed_doc_prepare(r->db, pg->kind, id) != 0) {
        json_decref(doc);
        json_decref(t);
        return -1;
    }
    int64_t row = signed_doc_version(r->db, pg->kind, id);
    json_t *shown = json_object_get(version, "id");
    if (!row || (shown && json_integer_value(shown) != row)) {
        json_decref(doc);
        json_decref(t);
        return req_error(r, 409, "agreements.project_not_approved");
    }
    json_decref(t);
    char name[64];
    signed_doc_name(pg->kind, id, name, sizeof name);
    return send_to_sign(r, pg->kind->versions, row, doc, arena_strdup(&r->mem, name));
}

static const char *word(req *r, const doc_page *pg, const char *what)
{
    return req_t_code(r, "agreements", arena_printf(&r->mem, "%s_%s", pg->keys, what));
}

static int doc_signed_page(req *r, const doc_page *pg)
{
    int64_t party, id = req_param_id(r, "id");
    json_t *version, *t = readable(r, pg, &version, NULL, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_t *files = signed_doc_files(r->db, pg->kind, id);
    if (!files) {
        json_decref(t);
        return -1;
    }
    req_label_each(r, files, "party", "agreements.party", "party_label");
    bool officer =
        json_integer_value(json_object_get(t, "city_id")) == req_city_for(r, ROLE_OFFICER);
    /* A call's act is made when its PDF to sign is first asked: it may always be signed. */
    bool may_sign = pg->kind->create || signed_doc_version(r->db, pg->kind, id) != 0;
    r->view = json_pack(
        "{s:s,s:O,s:O,s:O,s:o,s:b,s:b,s:s,s:s,s:s,s:s,s:s,s:s}", "base", base_of(r, pg), "back",
        json_object_get(t, "back"), "context", json_object_get(t, "context"), "version", version,
        "signed_files", files, "may_upload", party != 0 || officer, "may_sign", may_sign, "heading",
        word(r, pg, "signed_title"), "intro", word(r, pg, "signed_intro"), "to_sign",
        word(r, pg, "to_sign"), "files_heading", word(r, pg, "signed_files"), "not_yet",
        word(r, pg, "not_signable"), "back_label", word(r, pg, "back"));
    json_decref(t);
    r->template = "agreements/doc_signed";
    r->title_key = arena_printf(&r->mem, "agreements.%s_signed_title", pg->keys);
    return 0;
}

static int doc_signed_upload(req *r, const doc_page *pg)
{
    int64_t party, id = req_param_id(r, "id");
    json_t *version, *t = readable(r, pg, &version, NULL, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    int64_t city = json_integer_value(json_object_get(t, "city_id"));
    bool officer = city == req_city_for(r, ROLE_OFFICER);
    json_decref(t);
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
    if (!party && !officer) return req_error(r, 403, "agreements.no_power");
    const upload *f = signed_upload_of(r);
    if (!f) return 0;
    doc_signer signer = {city, id, r->user->id, kind, who};
    json_t *report = NULL;
    int64_t fid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    ag_rc rc = signed_doc_add(r->db, pg->kind, &signer, *f->filename ? f->filename : "firmato.p7m",
                              f->data, f->len, clock_now_us(), &report, &fid);
    const char *back = arena_printf(&r->mem, "%s/signed", base_of(r, pg));
    if (rc != AG_OK) {
        int out = signed_refused(r, rc, report, back);
        if (out != -2) return out;
        db_rollback(r->db);
        return rc == AG_NOT_FOUND ? req_error(r, 409, "agreements.project_not_approved") : -1;
    }
    json_decref(report);
    if (db_commit(r->db) != DB_OK) return -1;
    r->view = json_pack("{s:I}", "signed_file_id", (json_int_t)fid);
    return req_redirect(r, back, "agreements.signed_file_accepted");
}

static int doc_signed_download(req *r, const doc_page *pg)
{
    int64_t party;
    json_t *version, *t = readable(r, pg, &version, NULL, &party);
    if (!t) return req_error(r, 404, "error.not_found");
    json_decref(t);
    size_t len = 0;
    json_t *meta = NULL;
    void *data = signed_doc_file(r->db, pg->kind, req_param_id(r, "id"), req_param_id(r, "fid"),
                                 &len, &meta);
    return send_kept_file(r, data, len, meta);
}

int minutes_pdf(req *r)
{
    return doc_pdf(r, &MINUTES);
}
int minutes_to_sign_pdf(req *r)
{
    return doc_to_sign(r, &MINUTES);
}
int minutes_signed_page(req *r)
{
    return doc_signed_page(r, &MINUTES);
}
int minutes_signed_upload(req *r)
{
    return doc_signed_upload(r, &MINUTES);
}
int minutes_signed_download(req *r)
{
    return doc_signed_download(r, &MINUTES);
}
int project_pdf(req *r)
{
    return doc_pdf(r, &PROJECT);
}
int project_to_sign_pdf(req *r)
{
    return doc_to_sign(r, &PROJECT);
}
int project_signed_page(req *r)
{
    return doc_signed_page(r, &PROJECT);
}
int project_signed_upload(req *r)
{
    return doc_signed_upload(r, &PROJECT);
}
int project_signed_download(req *r)
{
    return doc_signed_download(r, &PROJECT);
}
int call_to_sign_pdf(req *r)
{
    return doc_to_sign(r, &CALL);
}
int call_signed_page(req *r)
{
    return doc_signed_page(r, &CALL);
}
int call_signed_upload(req *r)
{
    return doc_signed_upload(r, &CALL);
}
int call_signed_download(req *r)
{
    return doc_signed_download(r, &CALL);
}

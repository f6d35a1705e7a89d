#include "modules/codesign/codesign.h"

#include "modules/codesign/project.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/hex.h"
#include "db/blobs.h"
#include "modules/audit/audit.h"
#include "base/diff.h"
#include "modules/proposals/proposals.h"
#include "modules/protocol/protocol.h"

static const int64_t DAY_US = INT64_C(86400) * 1000000;

static int64_t city_of_table(db_conn *c, int64_t table_id, char *state, size_t n)
{
    int64_t city = 0;
    db_rows *r = db_query(c,
                          "SELECT k.city_id, t.state FROM codesign_tables t JOIN calls k "
                          "ON k.id = t.call_id WHERE t.id = ?",
                          DB_ARGS(DB_INT(table_id)));
    if (r && db_next(r)) {
        city = db_int(r, 0);
        if (state) snprintf(state, n, "%s", db_text(r, 1));
    }
    db_rows_close(r);
    return city;
}

/* The final project's first version: the proposal as submitted. */
static json_t *project_from_proposal(json_t *p)
{
    json_t *fp = json_object();
    static const char *const COPY[] = {
        "title",           "summary",           "activities", "support_network", "sustainability",
        "requested_cents", "cofinancing_cents", "space_id",   "targets",         "budget_lines"};
    for (size_t i = 0; i < sizeof COPY / sizeof COPY[0]; i++)
        json_object_set(fp, COPY[i], json_object_get(p, COPY[i]));
    json_object_set_new(fp, "indicators", json_array());
    json_object_set_new(fp, "schedule", json_array());
    return fp;
}

static cd_rc store_version(db_conn *c, int64_t table_id, int64_t user_id, json_t *content,
                           int64_t now)
{
    char *text = json_dumps(content, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!text) return CD_ERROR;
    char sha[65];
    sha256_hex(text, strlen(text), sha);
    db_rc rc =
        db_exec(c,
                "INSERT INTO final_project_versions (table_id, version, content, "
                "content_sha256, author_id, created_at) SELECT ?, COALESCE(MAX(version), 0) + 1, "
                "?, ?, ?, ? FROM final_project_versions WHERE table_id = ?",
                DB_ARGS(DB_INT(table_id), DB_TEXT(text), DB_TEXT(sha), DB_INT(user_id), DB_INT(now),
                        DB_INT(table_id)),
                NULL);
    free(text);
    return rc == DB_OK ? CD_OK : CD_ERROR;
}

cd_rc codesign_open(db_conn *c, int64_t city_id, int64_t proposal_id, int64_t user_id, int64_t now,
                    int64_t *table_id)
{
    json_t *p = proposal_get(c, proposal_id);
    if (!p || json_integer_value(json_object_get(p, "city_id")) != city_id) {
        json_decref(p);
        return CD_NOT_FOUND;
    }
    cd_rc rc = CD_ERROR;
    int64_t admitted = 0, exists = 0, call_id = json_integer_value(json_object_get(p, "call_id"));
    if (strcmp(json_string_value(json_object_get(p, "call_state")), "codesign") != 0) {
        rc = CD_WRONG_STATE;
        goto out;
    }
    db_query_int(c, "SELECT is_admitted FROM ranking_entries WHERE proposal_id = ?",
                 DB_ARGS(DB_INT(proposal_id)), &admitted);
    if (!admitted) {
        rc = CD_NOT_ADMITTED;
        goto out;
    }
    db_query_int(c, "SELECT COUNT(*) FROM codesign_tables WHERE proposal_id = ?",
                 DB_ARGS(DB_INT(proposal_id)), &exists);
    if (exists) {
        rc = CD_EXISTS;
        goto out;
    }
    if (db_query_int(c,
                     "INSERT INTO codesign_tables (call_id, proposal_id, window_end_at, opened_by, "
                     "opened_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(call_id), DB_INT(proposal_id),
                             DB_INT(now + CODESIGN_WINDOW_DAYS * DAY_US), DB_INT(user_id),
                             DB_INT(now)),
                     table_id) != DB_OK)
        goto out;
    /* The city, the proposing body and its partners approve the minutes. */
    if (db_exec(c,
                "INSERT INTO table_participants (table_id, party, name, approves) "
                "SELECT ?, 'city', name, 1 FROM cities WHERE id = ?",
                DB_ARGS(DB_INT(*table_id), DB_INT(city_id)), NULL) != DB_OK ||
        db_exec(
            c,
            "INSERT INTO table_participants (table_id, party, name, organisation_id, approves) "
            "SELECT ?, CASE WHEN pp.role = 'lead' THEN 'ets' ELSE 'partner' END, pp.name, o.id, "
            "CASE WHEN o.id IS NULL THEN 0 ELSE 1 END FROM proposal_parties pp "
            "LEFT JOIN organisations o ON o.tax_code = pp.tax_code "
            "WHERE pp.proposal_id = ? AND pp.role IN ('lead', 'partner') ORDER BY pp.position",
            DB_ARGS(DB_INT(*table_id), DB_INT(proposal_id)), NULL) != DB_OK)
        goto out;
    json_t *fp = project_from_proposal(p);
    rc = store_version(c, *table_id, user_id, fp, now);
    json_decref(fp);
    if (rc == CD_OK &&
        audit_append(c, city_id, user_id, "table_open", "codesign_table", *table_id, NULL))
        rc = CD_ERROR;
out:
    json_decref(p);
    return rc;
}

cd_rc codesign_add_guest(db_conn *c, int64_t city_id, int64_t table_id, const char *name)
{
    char state[16] = "";
    if (city_of_table(c, table_id, state, sizeof state) != city_id) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    return db_exec(c,
                   "INSERT INTO table_participants (table_id, party, name, approves) "
                   "VALUES (?, 'guest', ?, 0)",
                   DB_ARGS(DB_INT(table_id), DB_TEXT(name)), NULL) == DB_OK
               ? CD_OK
               : CD_ERROR;
}

cd_rc codesign_session_add(db_conn *c, int64_t city_id, int64_t table_id, int64_t starts_at,
                           const char *place, const char *agenda, const char *reason,
                           int64_t *session_id)
{
    char state[16] = "";
    if (city_of_table(c, table_id, state, sizeof state) != city_id) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    int64_t window_end = 0;
    db_query_int(c, "SELECT window_end_at FROM codesign_tables WHERE id = ?",
                 DB_ARGS(DB_INT(table_id)), &window_end);
    if (starts_at > window_end && (!reason || !*reason)) return CD_OUTSIDE_WINDOW;
    return db_query_int(c,
                        "INSERT INTO table_sessions (table_id, starts_at, place, agenda, "
                        "outside_window_reason, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(table_id), DB_INT(starts_at), DB_TEXT(place),
                                DB_TEXT(agenda), DB_TEXT(starts_at > window_end ? reason : ""),
                                DB_INT(clock_now_us())),
                        session_id) == DB_OK
               ? CD_OK
               : CD_ERROR;
}

int64_t codesign_party_of(db_conn *c, int64_t table_id, int64_t user_id)
{
    int64_t id = 0;
    db_query_int(
        c,
        "SELECT tp.id FROM table_participants tp JOIN codesign_tables t ON t.id = tp.table_id "
        "JOIN calls k ON k.id = t.call_id WHERE tp.table_id = ? AND tp.approves = 1 AND ("
        "(tp.party = 'city' AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ? "
        "AND m.role = 'officer' AND m.city_id = k.city_id)) OR "
        "(tp.party IN ('ets', 'partner') AND EXISTS (SELECT 1 FROM memberships m "
        "WHERE m.user_id = ? AND m.role = 'ets' AND m.organisation_id = tp.organisation_id))) "
        "ORDER BY tp.id LIMIT 1",
        DB_ARGS(DB_INT(table_id), DB_INT(user_id), DB_INT(user_id)), &id);
    return id;
}

static int64_t table_of_session(db_conn *c, int64_t session_id, char *state, size_t n)
{
    int64_t t = 0;
    db_rows *r = db_query(c,
                          "SELECT s.table_id, t.state FROM table_sessions s JOIN codesign_tables t "
                          "ON t.id = s.table_id WHERE s.id = ?",
                          DB_ARGS(DB_INT(session_id)));
    if (r && db_next(r)) {
        t = db_int(r, 0);
        snprintf(state, n, "%s", db_text(r, 1));
    }
    db_rows_close(r);
    return t;
}

cd_rc codesign_minutes_save(db_conn *c, int64_t session_id, int64_t user_id, const char *text,
                            int64_t now, int64_t *version)
{
    char state[16] = "";
    int64_t table = table_of_session(c, session_id, state, sizeof state);
    if (!table) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    if (!codesign_party_of(c, table, user_id)) return CD_NOT_PARTY;
    char sha[65], last[65] = "";
    sha256_hex(text, strlen(text), sha);
    db_rows *r = db_query(c,
                          "SELECT text_sha256 FROM minutes_versions WHERE session_id = ? "
                          "ORDER BY version DESC LIMIT 1",
                          DB_ARGS(DB_INT(session_id)));
    if (r && db_next(r)) snprintf(last, sizeof last, "%s", db_text(r, 0));
    db_rows_close(r);
    if (strcmp(last, sha) == 0) return CD_UNCHANGED;
    if (db_query_int(c,
                     "INSERT INTO minutes_versions (session_id, version, text, text_sha256, "
                     "author_id, created_at) SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ? "
                     "FROM minutes_versions WHERE session_id = ? RETURNING version",
                     DB_ARGS(DB_INT(session_id), DB_TEXT(text), DB_TEXT(sha), DB_INT(user_id),
                             DB_INT(now), DB_INT(session_id)),
                     version) != DB_OK)
        return CD_ERROR;
    return audit_append(c, city_of_table(c, table, NULL, 0), user_id, "minutes_version",
                        "table_session", session_id, NULL)
               ? CD_ERROR
               : CD_OK;
}

cd_rc codesign_minutes_approve(db_conn *c, int64_t session_id, int64_t user_id, int64_t now)
{
    char state[16] = "";
    int64_t table = table_of_session(c, session_id, state, sizeof state);
    if (!table) return CD_NOT_FOUND;
    int64_t party = codesign_party_of(c, table, user_id);
    if (!party) return CD_NOT_PARTY;
    int64_t version = 0;
    db_query_int(
        c, "SELECT id FROM minutes_versions WHERE session_id = ? ORDER BY version DESC LIMIT 1",
        DB_ARGS(DB_INT(session_id)), &version);
    if (!version) return CD_NOT_FOUND;
    if (db_exec(c,
                "INSERT INTO minutes_approvals (version_id, participant_id, user_id, approved_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (version_id, participant_id) DO NOTHING",
                DB_ARGS(DB_INT(version), DB_INT(party), DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK)
        return CD_ERROR;
    return audit_append(c, city_of_table(c, table, NULL, 0), user_id, "minutes_approve",
                        "minutes_version", version, NULL)
               ? CD_ERROR
               : CD_OK;
}

cd_rc codesign_attendance(db_conn *c, int64_t city_id, int64_t session_id, const int64_t *ids,
                          int n)
{
    char state[16] = "";
    int64_t table = table_of_session(c, session_id, state, sizeof state);
    if (!table || city_of_table(c, table, NULL, 0) != city_id) return CD_NOT_FOUND;
    if (db_exec(c, "DELETE FROM session_attendance WHERE session_id = ?",
                DB_ARGS(DB_INT(session_id)), NULL) != DB_OK)
        return CD_ERROR;
    for (int i = 0; i < n; i++) {
        /* Only participants of the same table can attend its sessions. */
        if (db_exec(c,
                    "INSERT INTO session_attendance (session_id, participant_id) SELECT ?, id "
                    "FROM table_participants WHERE id = ? AND table_id = ? "
                    "ON CONFLICT (session_id, participant_id) DO NOTHING",
                    DB_ARGS(DB_INT(session_id), DB_INT(ids[i]), DB_INT(table)), NULL) != DB_OK)
            return CD_ERROR;
    }
    return CD_OK;
}

/* A document brought to the table is correspondence of the city: a body's comes in, the city's
 * goes out to the body; the file itself is the registered document, with its metadata. */
typedef struct table_doc {
    int64_t city, table, party, user, version, now;
    const char *name, *filename, *mime;
    const void *data;
    size_t len;
} table_doc;

static proto_rc register_document(db_conn *c, const table_doc *d)
{
    json_t *p = db_query_object(
        c,
        "SELECT tp.party, tp.name, COALESCE(po.tax_code, o.tax_code) AS tax_code, o.name AS "
        "body FROM table_participants tp JOIN codesign_tables t ON t.id = tp.table_id JOIN "
        "proposals pr ON pr.id = t.proposal_id JOIN organisations o ON o.id = pr.organisation_id "
        "LEFT JOIN organisations po ON po.id = tp.organisation_id WHERE tp.id = ?",
        DB_ARGS(DB_INT(d->party)));
    if (!p) return PROTO_ERROR;
    bool city = !strcmp(json_string_value(json_object_get(p, "party")), "city");
    char who[300], subject[500];
    if (city)
        snprintf(who, sizeof who, "%s (%s)", json_string_value(json_object_get(p, "body")),
                 json_string_value(json_object_get(p, "tax_code")));
    else
        snprintf(who, sizeof who, "%s", json_string_value(json_object_get(p, "name")));
    snprintf(subject, sizeof subject,
             "Documento \"%.250s\" (versione %lld) del tavolo di co-progettazione n. %lld", d->name,
             (long long)d->version, (long long)d->table);
    json_decref(p);
    protocol_file file = {.name = d->filename, .data = d->data, .len = d->len, .mime = d->mime};
    protocol_in in = {.city_id = d->city,
                      .user_id = d->user,
                      .direction = city ? "out" : "in",
                      .kind = "letter",
                      .correspondent = who,
                      .subject = subject,
                      .ref_type = "table",
                      .ref_id = d->table,
                      .files = &file,
                      .nfiles = 1,
                      .now = d->now};
    protocol_number n;
    return protocol_register(c, &in, &n);
}

cd_rc codesign_document_add(db_conn *c, int64_t table_id, int64_t user_id, const char *name,
                            const char *filename, const void *data, size_t len, const char *mime,
                            int64_t now, int64_t *version)
{
    char state[16] = "";
    int64_t city = city_of_table(c, table_id, state, sizeof state), doc = 0;
    if (!city) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    int64_t party = codesign_party_of(c, table_id, user_id);
    if (!party) return CD_NOT_PARTY;
    char sha[65];
    if (blob_put(c, data, len, mime, sha) != DB_OK ||
        db_exec(c,
                "INSERT INTO table_documents (table_id, name) VALUES (?, ?) "
                "ON CONFLICT (table_id, name) DO NOTHING",
                DB_ARGS(DB_INT(table_id), DB_TEXT(name)), NULL) != DB_OK ||
        db_query_int(c, "SELECT id FROM table_documents WHERE table_id = ? AND name = ?",
                     DB_ARGS(DB_INT(table_id), DB_TEXT(name)), &doc) != DB_OK ||
        db_query_int(
            c,
            "INSERT INTO table_document_versions (document_id, version, sha256, filename, "
            "mime, size, uploaded_by, uploaded_at) SELECT ?, COALESCE(MAX(version), 0) + 1, "
            "?, ?, ?, ?, ?, ? FROM table_document_versions WHERE document_id = ? "
            "RETURNING version",
            DB_ARGS(DB_INT(doc), DB_TEXT(sha), DB_TEXT(filename), DB_TEXT(mime),
                    DB_INT((int64_t)len), DB_INT(user_id), DB_INT(now), DB_INT(doc)),
            version) != DB_OK)
        return CD_ERROR;
    table_doc d = {city, table_id, party, user_id, *version, now, name, filename, mime, data, len};
    if (register_document(c, &d) != PROTO_OK) return CD_ERROR;
    return audit_append(c, city, user_id, "table_document", "codesign_table", table_id, NULL)
               ? CD_ERROR
               : CD_OK;
}

void *codesign_document(db_conn *c, int64_t table_id, int64_t document_id, int64_t version,
                        size_t *len, char *filename, size_t fnlen, char *mime, size_t mimelen)
{
    db_rows *r = db_query(
        c,
        "SELECT v.filename, v.mime, b.content FROM table_document_versions v "
        "JOIN table_documents d ON d.id = v.document_id JOIN blobs b ON b.sha256 = v.sha256 "
        "WHERE d.table_id = ? AND d.id = ? AND v.version = ?",
        DB_ARGS(DB_INT(table_id), DB_INT(document_id), DB_INT(version)));
    void *copy = NULL;
    if (r && db_next(r)) {
        snprintf(filename, fnlen, "%s", db_text(r, 0));
        snprintf(mime, mimelen, "%s", db_text(r, 1));
        copy = blob_copy(r, 2, len);
    }
    db_rows_close(r);
    return copy;
}

cd_rc codesign_decision_add(db_conn *c, int64_t table_id, int64_t session_id, int64_t user_id,
                            const char *text, int64_t now)
{
    char state[16] = "";
    int64_t city = city_of_table(c, table_id, state, sizeof state);
    if (!city) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    if (!codesign_party_of(c, table_id, user_id)) return CD_NOT_PARTY;
    return db_exec(
               c,
               "INSERT INTO table_decisions (table_id, session_id, text, decided_at, recorded_by) "
               "VALUES (?, ?, ?, ?, ?)",
               DB_ARGS(DB_INT(table_id), session_id ? DB_INT(session_id) : DB_NULL, DB_TEXT(text),
                       DB_INT(now), DB_INT(user_id)),
               NULL) == DB_OK
               ? CD_OK
               : CD_ERROR;
}

json_t *codesign_project_latest(db_conn *c, int64_t table_id)
{
    json_t *v =
        db_query_object(c,
                        "SELECT id, version, content, content_sha256, created_at, approved_at "
                        "FROM final_project_versions WHERE table_id = ? "
                        "ORDER BY version DESC LIMIT 1",
                        DB_ARGS(DB_INT(table_id)));
    if (!v) return NULL;
    json_t *content = json_loads(json_string_value(json_object_get(v, "content")), 0, NULL);
    json_object_set_new(v, "project", content ? content : json_object());
    json_object_del(v, "content");
    return v;
}

static cd_rc project_rules(db_conn *c, int64_t table_id, json_t *content, call_problem *out,
                           int max, int *n);

cd_rc codesign_project_save(db_conn *c, int64_t table_id, int64_t user_id, json_t *content,
                            int64_t now, call_problem *out, int max, int *n)
{
    *n = 0;
    char state[16] = "";
    if (!city_of_table(c, table_id, state, sizeof state)) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    if (!codesign_party_of(c, table_id, user_id)) return CD_NOT_PARTY;
    /* Types and ranges first, whoever sent it: only the clean copy is read and stored. */
    json_t *clean = NULL;
    *n = project_normalise(content, &clean, out, max);
    if (*n) return CD_RULES;
    content = clean;
    cd_rc rc = project_rules(c, table_id, content, out, max, n);
    if (rc == CD_OK) rc = store_version(c, table_id, user_id, content, now);
    json_decref(clean);
    return rc;
}

/* The call's rules on a clean project, and its space inside the table's city. */
static cd_rc project_rules(db_conn *c, int64_t table_id, json_t *content, call_problem *out,
                           int max, int *n)
{
    /* The call's rules still hold: the same check as a submission. */
    proposal_facts f = {.texts_complete = true, .lead_has_runts = true};
    db_rows *r =
        db_query(c,
                 "SELECT a.budget_cents, k.min_cofinancing_bp FROM codesign_tables t "
                 "JOIN proposals p ON p.id = t.proposal_id JOIN call_areas a ON a.id = p.area_id "
                 "JOIN calls k ON k.id = t.call_id WHERE t.id = ?",
                 DB_ARGS(DB_INT(table_id)));
    if (r && db_next(r)) {
        f.area_budget_cents = db_int(r, 0);
        f.min_cofinancing_bp = db_int(r, 1);
    }
    db_rows_close(r);
    f.requested_cents = json_integer_value(json_object_get(content, "requested_cents"));
    f.cofinancing_cents = json_integer_value(json_object_get(content, "cofinancing_cents"));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(content, "budget_lines"), i, x)
    {
        f.lines_total_cents += json_integer_value(json_object_get(x, "amount_cents"));
    }
    json_array_foreach(json_object_get(content, "targets"), i, x)
    {
        if (json_integer_value(json_object_get(x, "participants")) > 0) f.targets++;
    }
    const char *title = json_string_value(json_object_get(content, "title"));
    if (!title || !*title) f.texts_complete = false;
    *n = proposal_check(&f, out, max);
    /* Where lines give their public share (each already within its line), the shares add up
     * to the public contribution. */
    int64_t pub = 0;
    bool split = false;
    json_array_foreach(json_object_get(content, "budget_lines"), i, x)
    {
        json_t *p = json_object_get(x, "public_cents");
        if (!json_is_integer(p)) continue;
        split = true;
        pub += json_integer_value(p);
    }
    if (split && pub != f.requested_cents && *n < max)
        out[(*n)++] = (call_problem){"line_public", "codesign.split_sum"};
    int64_t space = json_integer_value(json_object_get(content, "space_id")), here = 0;
    if (space)
        db_query_int(c,
                     "SELECT COUNT(*) FROM spaces s JOIN codesign_tables t ON t.id = ? "
                     "JOIN calls k ON k.id = t.call_id WHERE s.id = ? AND s.city_id = k.city_id",
                     DB_ARGS(DB_INT(table_id), DB_INT(space)), &here);
    if (space && !here && *n < max) out[(*n)++] = (call_problem){"space_id", "input.bad_choice"};
    return *n ? CD_RULES : CD_OK;
}

/* The approval closes the co-design: a decision of the city, going out to the body, whose
 * document is the approved version (its content, by its SHA-256). */
static proto_rc register_approval(db_conn *c, int64_t city_id, int64_t table_id, int64_t user_id,
                                  int64_t now)
{
    json_t *v = db_query_object(
        c,
        "SELECT v.version, v.content_sha256, o.name AS organisation, o.tax_code, p.title FROM "
        "final_project_versions v JOIN codesign_tables t ON t.id = v.table_id JOIN proposals p "
        "ON p.id = t.proposal_id JOIN organisations o ON o.id = p.organisation_id WHERE "
        "v.table_id = ? ORDER BY v.version DESC LIMIT 1",
        DB_ARGS(DB_INT(table_id)));
    if (!v) return PROTO_ERROR;
    char who[300], subject[500], name[64];
    snprintf(who, sizeof who, "%s (%s)", json_string_value(json_object_get(v, "organisation")),
             json_string_value(json_object_get(v, "tax_code")));
    snprintf(subject, sizeof subject,
             "Approvazione del progetto definitivo \"%.300s\" (versione %lld), tavolo di "
             "co-progettazione n. %lld",
             json_string_value(json_object_get(v, "title")),
             (long long)json_integer_value(json_object_get(v, "version")), (long long)table_id);
    snprintf(name, sizeof name, "progetto-definitivo-%lld.json", (long long)table_id);
    protocol_file file = {.name = name,
                          .sha256 = json_string_value(json_object_get(v, "content_sha256"))};
    protocol_in in = {.city_id = city_id,
                      .user_id = user_id,
                      .direction = "out",
                      .kind = "decision",
                      .correspondent = who,
                      .subject = subject,
                      .ref_type = "table",
                      .ref_id = table_id,
                      .files = &file,
                      .nfiles = 1,
                      .now = now};
    protocol_number n;
    proto_rc rc = protocol_register(c, &in, &n);
    json_decref(v);
    return rc;
}

cd_rc codesign_project_approve(db_conn *c, int64_t city_id, int64_t table_id, int64_t user_id,
                               int64_t now)
{
    char state[16] = "";
    if (city_of_table(c, table_id, state, sizeof state) != city_id) return CD_NOT_FOUND;
    if (strcmp(state, "open") != 0) return CD_WRONG_STATE;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE final_project_versions SET approved_at = ?, approved_by = ? WHERE id = "
                "(SELECT id FROM final_project_versions WHERE table_id = ? ORDER BY version DESC "
                "LIMIT 1)",
                DB_ARGS(DB_INT(now), DB_INT(user_id), DB_INT(table_id)), &changed) != DB_OK ||
        !changed ||
        db_exec(c, "UPDATE codesign_tables SET state = 'closed' WHERE id = ?",
                DB_ARGS(DB_INT(table_id)), NULL) != DB_OK ||
        register_approval(c, city_id, table_id, user_id, now) != PROTO_OK)
        return CD_ERROR;
    return audit_append(c, city_id, user_id, "final_project_approve", "codesign_table", table_id,
                        NULL)
               ? CD_ERROR
               : CD_OK;
}

json_t *codesign_tables_of_call(db_conn *c, int64_t call_id)
{
    return db_query_json(c,
                         "SELECT t.id, t.state, t.window_end_at, p.id AS proposal_id, p.title, "
                         "o.name AS organisation, (SELECT COUNT(*) FROM table_sessions s "
                         "WHERE s.table_id = t.id) AS sessions FROM codesign_tables t "
                         "JOIN proposals p ON p.id = t.proposal_id "
                         "JOIN organisations o ON o.id = p.organisation_id "
                         "WHERE t.call_id = ? ORDER BY t.id",
                         DB_ARGS(DB_INT(call_id)));
}

json_t *codesign_table_get(db_conn *c, int64_t table_id)
{
    json_t *t = db_query_object(
        c,
        "SELECT t.id, t.state, t.window_end_at, t.opened_at, t.call_id, k.title AS call_title, "
        "k.city_id, t.proposal_id, p.title AS proposal_title, o.name AS organisation "
        "FROM codesign_tables t JOIN calls k ON k.id = t.call_id "
        "JOIN proposals p ON p.id = t.proposal_id JOIN organisations o ON o.id = p.organisation_id "
        "WHERE t.id = ?",
        DB_ARGS(DB_INT(table_id)));
    if (!t) return NULL;
    json_object_set_new(t, "participants",
                        db_query_json(c,
                                      "SELECT id, party, name, approves AS is_approver "
                                      "FROM table_participants WHERE table_id = ? ORDER BY id",
                                      DB_ARGS(DB_INT(table_id))));
    json_t *sessions =
        db_query_json(c,
                      "SELECT id, starts_at, place, agenda, outside_window_reason "
                      "FROM table_sessions WHERE table_id = ? ORDER BY starts_at, id",
                      DB_ARGS(DB_INT(table_id)));
    /* Each session: its latest minutes, who approved that version, and what changed. */
    json_t *versions = db_query_json(c,
                                     "SELECT m.session_id, m.id, m.version, m.text, m.created_at, "
                                     "u.name AS author FROM minutes_versions m "
                                     "JOIN table_sessions s ON s.id = m.session_id "
                                     "JOIN users u ON u.id = m.author_id WHERE s.table_id = ? "
                                     "ORDER BY m.session_id, m.version",
                                     DB_ARGS(DB_INT(table_id)));
    json_t *approvals = db_query_json(c,
                                      "SELECT a.version_id, tp.name, tp.party, a.approved_at "
                                      "FROM minutes_approvals a JOIN table_participants tp "
                                      "ON tp.id = a.participant_id WHERE tp.table_id = ?",
                                      DB_ARGS(DB_INT(table_id)));
    json_t *attendance =
        db_query_json(c,
                      "SELECT a.session_id, tp.id, tp.name FROM session_attendance a "
                      "JOIN table_participants tp ON tp.id = a.participant_id "
                      "WHERE tp.table_id = ? ORDER BY tp.id",
                      DB_ARGS(DB_INT(table_id)));
    int64_t approvers = 0;
    db_query_int(c, "SELECT COUNT(*) FROM table_participants WHERE table_id = ? AND approves = 1",
                 DB_ARGS(DB_INT(table_id)), &approvers);
    size_t i, j, k;
    json_t *s, *v, *a;
    json_array_foreach(sessions, i, s)
    {
        int64_t sid = json_integer_value(json_object_get(s, "id"));
        json_t *present = json_array();
        json_array_foreach(attendance, k, a)
        {
            if (json_integer_value(json_object_get(a, "session_id")) == sid)
                json_array_append(present, a);
        }
        json_object_set_new(s, "attendance", present);
        /* The attendance form's choices, each knowing its session (ids stay unique). */
        json_t *choices = json_array(), *pp;
        size_t q;
        json_array_foreach(json_object_get(t, "participants"), q, pp)
        {
            bool here = false;
            size_t z;
            json_t *y;
            json_array_foreach(present, z, y)
            {
                if (json_integer_value(json_object_get(y, "id")) ==
                    json_integer_value(json_object_get(pp, "id")))
                    here = true;
            }
            json_array_append_new(choices,
                                  json_pack("{s:O,s:O,s:I,s:b}", "id", json_object_get(pp, "id"),
                                            "name", json_object_get(pp, "name"), "session_id",
                                            (json_int_t)sid, "checked", here));
        }
        json_object_set_new(s, "choices", choices);
        json_t *latest = NULL, *before = NULL;
        json_array_foreach(versions, j, v)
        {
            if (json_integer_value(json_object_get(v, "session_id")) != sid) continue;
            before = latest;
            latest = v;
        }
        if (!latest) continue;
        json_t *m = json_deep_copy(latest);
        json_t *by = json_array();
        json_array_foreach(approvals, k, a)
        {
            if (json_integer_value(json_object_get(a, "version_id")) ==
                json_integer_value(json_object_get(latest, "id")))
                json_array_append(by, a);
        }
        json_object_set_new(m, "approved_by", by);
        json_object_set_new(m, "is_approved",
                            json_boolean((int64_t)json_array_size(by) >= approvers));
        if (before)
            json_object_set_new(m, "changes",
                                diff_lines(json_string_value(json_object_get(before, "text")),
                                           json_string_value(json_object_get(latest, "text"))));
        json_object_set_new(s, "minutes", m);
    }
    json_decref(versions);
    json_decref(approvals);
    json_decref(attendance);
    json_object_set_new(t, "sessions", sessions);
    json_object_set_new(t, "decisions",
                        db_query_json(c,
                                      "SELECT d.text, d.decided_at, u.name AS recorded_by "
                                      "FROM table_decisions d JOIN users u ON u.id = d.recorded_by "
                                      "WHERE d.table_id = ? ORDER BY d.decided_at, d.id",
                                      DB_ARGS(DB_INT(table_id))));
    json_object_set_new(
        t, "documents",
        db_query_json(c,
                      "SELECT d.id AS document_id, d.name, v.version, v.filename, "
                      "v.size, v.uploaded_at, u.name AS uploaded_by "
                      "FROM table_documents d JOIN table_document_versions v "
                      "ON v.document_id = d.id JOIN users u ON u.id = v.uploaded_by "
                      "WHERE d.table_id = ? ORDER BY d.name, v.version DESC",
                      DB_ARGS(DB_INT(table_id))));
    json_object_set_new(
        t, "project_versions",
        db_query_json(c,
                      "SELECT version, content_sha256, created_at, approved_at "
                      "FROM final_project_versions WHERE table_id = ? ORDER BY version DESC",
                      DB_ARGS(DB_INT(table_id))));
    json_t *latest = codesign_project_latest(c, table_id);
    if (latest) json_object_set_new(t, "project", latest);
    return t;
}

int64_t codesign_table_of_session(db_conn *c, int64_t session_id)
{
    int64_t t = 0;
    db_query_int(c, "SELECT table_id FROM table_sessions WHERE id = ?", DB_ARGS(DB_INT(session_id)),
                 &t);
    return t;
}

json_t *codesign_to_open(db_conn *c, int64_t call_id)
{
    return db_query_json(c,
                         "SELECT r.proposal_id, p.title, o.name AS organisation FROM "
                         "ranking_entries r JOIN proposals p ON p.id = r.proposal_id "
                         "JOIN organisations o ON o.id = p.organisation_id "
                         "WHERE r.call_id = ? AND r.is_admitted = 1 AND NOT EXISTS "
                         "(SELECT 1 FROM codesign_tables t WHERE t.proposal_id = r.proposal_id) "
                         "ORDER BY r.area_id, r.position",
                         DB_ARGS(DB_INT(call_id)));
}

int64_t codesign_agreement_of(db_conn *c, int64_t table_id)
{
    int64_t a = 0;
    db_query_int(c, "SELECT id FROM agreements WHERE table_id = ?", DB_ARGS(DB_INT(table_id)), &a);
    return a;
}

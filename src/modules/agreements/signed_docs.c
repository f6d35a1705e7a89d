/* Qualified signatures on the table's documents other than the agreement (a session's minutes,
 * the approved final project, the call notice): the PDF of a version frozen at its first
 * download, so every party signs the same bytes; each file a party signed with its own tools
 * checked as an agreement's is (signed_file_check), kept and registered in the protocol. One code
 * for every kind: a kind names its tables (constants, never input) and how its acts are described.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/blobs.h"
#include "modules/agreements/agreements.h"
#include "modules/audit/audit.h"
#include "modules/protocol/protocol.h"

const signed_kind SIGNED_MINUTES = {
    .versions = "minutes_versions",
    .parent = "session_id",
    .files = "minutes_signed_files",
    .which = "",
    .ref_type = "session",
    .what = "Verbale della seduta",
    .stem = "verbale",
    .audit = "minutes_qualified_signature",
};

const signed_kind SIGNED_PROJECT = {
    .versions = "final_project_versions",
    .parent = "table_id",
    .files = "project_signed_files",
    .which = " AND approved_at IS NOT NULL",
    .ref_type = "table",
    .what = "Progetto definitivo del tavolo",
    .stem = "progetto",
    .audit = "project_qualified_signature",
};

void signed_doc_name(const signed_kind *k, int64_t parent_id, char *out, size_t n)
{
    snprintf(out, n, "%s-%lld-da-firmare.pdf", k->stem, (long long)parent_id);
}

const signed_kind SIGNED_CALL = {
    .versions = "call_acts",
    .parent = "call_id",
    .files = "call_signed_files",
    .which = "",
    .ref_type = "call",
    .what = "Avviso pubblico",
    .stem = "avviso",
    .audit = "call_qualified_signature",
    .create = "INSERT INTO call_acts (call_id) VALUES (?) ON CONFLICT (call_id) DO NOTHING",
};

int signed_doc_prepare(db_conn *c, const signed_kind *k, int64_t parent_id)
{
    return !k->create || db_exec(c, k->create, DB_ARGS(DB_INT(parent_id)), NULL) == DB_OK ? 0 : -1;
}

int64_t signed_doc_version(db_conn *c, const signed_kind *k, int64_t parent_id)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE %s = ?%s ORDER BY version DESC LIMIT 1",
             k->versions, k->parent, k->which);
    int64_t id = 0;
    db_query_int(c, sql, DB_ARGS(DB_INT(parent_id)), &id);
    return id;
}

ag_rc signed_doc_add(db_conn *c, const signed_kind *k, const doc_signer *who, const char *file_name,
                     const void *file, size_t len, int64_t now, json_t **report, int64_t *file_id)
{
    *report = NULL;
    *file_id = 0;
    char to_sign[65] = "", sql[512];
    int64_t size = 0, version = 0, number = 0;
    snprintf(sql, sizeof sql,
             "SELECT id, version, to_sign_sha256, to_sign_size FROM %s WHERE %s = ?%s ORDER BY "
             "version DESC LIMIT 1",
             k->versions, k->parent, k->which);
    db_rows *r = db_query(c, sql, DB_ARGS(DB_INT(who->parent_id)));
    if (r && db_next(r)) {
        version = db_int(r, 0);
        number = db_int(r, 1);
        if (!db_isnull(r, 2)) snprintf(to_sign, sizeof to_sign, "%s", db_text(r, 2));
        size = db_isnull(r, 3) ? 0 : db_int(r, 3);
    }
    if (db_rows_close(r) != DB_OK) return AG_ERROR;
    if (!version) return AG_NOT_FOUND;
    if (!*to_sign) return AG_NOT_READY;
    signed_check sc;
    ag_rc rc = signed_file_check(c, who->user_id, to_sign, size, file, len, now, &sc);
    *report = sc.report;
    if (rc != AG_OK) return rc;
    char subject[800], pdf_name[64];
    snprintf(subject, sizeof subject,
             "%s n. %lld (versione %lld) firmato con firma qualificata %s: %s", k->what,
             (long long)who->parent_id, (long long)number, sc.format, sc.names);
    signed_doc_name(k, who->parent_id, pdf_name, sizeof pdf_name);
    protocol_file files[2] = {{.name = file_name,
                               .sha256 = sc.file_sha,
                               .is_signed = true,
                               .is_timestamped = sc.timestamped},
                              {.name = pdf_name, .sha256 = to_sign}};
    /* A body's signed document comes in; the city's goes out to the table's parties. */
    bool city = !strcmp(who->party, "city");
    protocol_in in = {.city_id = who->city_id,
                      .user_id = who->user_id,
                      .direction = city ? "out" : "in",
                      .kind = "letter",
                      .correspondent = who->correspondent,
                      .subject = subject,
                      .ref_type = k->ref_type,
                      .ref_id = who->parent_id,
                      .files = files,
                      .nfiles = 2,
                      .now = now};
    protocol_number n;
    if (protocol_register(c, &in, &n) != PROTO_OK) return AG_ERROR;
    char *text = json_dumps(sc.report, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (version_id, party, uploaded_by, uploaded_at, file_name, "
             "file_sha256, format, signers, report, protocol_entry_id) VALUES (?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?) ON CONFLICT (version_id, file_sha256) DO NOTHING RETURNING id",
             k->files);
    db_rc d = db_query_int(c, sql,
                           DB_ARGS(DB_INT(version), DB_TEXT(who->party), DB_INT(who->user_id),
                                   DB_INT(now), DB_TEXT(file_name), DB_TEXT(sc.file_sha),
                                   DB_TEXT(sc.format), DB_TEXT(sc.names),
                                   DB_TEXT(text ? text : "{}"), DB_INT(n.id)),
                           file_id);
    free(text);
    if (d != DB_OK) return AG_ERROR;
    if (!*file_id) return AG_EXISTS; /* the same file again: already kept */
    json_t *detail = json_pack("{s:I,s:s,s:s,s:s}", "version", (json_int_t)number, "format",
                               sc.format, "file_sha256", sc.file_sha, "protocol", n.label);
    int bad =
        audit_append(c, who->city_id, who->user_id, k->audit, k->ref_type, who->parent_id, detail);
    json_decref(detail);
    return bad ? AG_ERROR : AG_OK;
}

json_t *signed_doc_files(db_conn *c, const signed_kind *k, int64_t parent_id)
{
    char sql[640];
    snprintf(sql, sizeof sql,
             "SELECT f.id, v.version, f.party, f.uploaded_at, u.name AS uploaded_by_name, "
             "f.file_name, f.file_sha256, f.format, f.signers, pe.year AS register_year, "
             "pe.number AS register_number FROM %s f JOIN %s v ON v.id = f.version_id JOIN users "
             "u ON u.id = f.uploaded_by LEFT JOIN protocol_entries pe ON pe.id = "
             "f.protocol_entry_id WHERE v.%s = ? ORDER BY f.id",
             k->files, k->versions, k->parent);
    json_t *rows = db_query_json(c, sql, DB_ARGS(DB_INT(parent_id)));
    protocol_label_each(rows, "register_year", "register_number", "register_label");
    return rows;
}

void *signed_doc_file(db_conn *c, const signed_kind *k, int64_t parent_id, int64_t file_id,
                      size_t *len, json_t **meta)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT f.file_name, b.mime, b.content FROM %s f JOIN %s v ON v.id = f.version_id "
             "JOIN blobs b ON b.sha256 = f.file_sha256 WHERE f.id = ? AND v.%s = ?",
             k->files, k->versions, k->parent);
    return blob_named(c, sql, DB_ARGS(DB_INT(file_id), DB_INT(parent_id)), len, meta);
}

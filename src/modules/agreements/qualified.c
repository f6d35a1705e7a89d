/* Qualified electronic signatures on an agreement: the PDF to sign frozen once, each signed
 * file verified (modules/signatures) against it and the platform's trust, the signer matched by
 * codice fiscale, then kept, registered in the protocol register, and counted as the party's
 * signature. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "db/blobs.h"
#include "modules/accounts/accounts.h"
#include "modules/agreements/agreements.h"
#include "modules/audit/audit.h"
#include "modules/protocol/protocol.h"
#include "modules/signatures/signatures.h"

ag_rc to_sign_freeze(db_conn *c, const char *table, int64_t id, const void *pdf, size_t len)
{
    char sha[65], sql[160];
    if (blob_put(c, pdf, len, "application/pdf", sha) != DB_OK) return AG_ERROR;
    /* The first stored stays: a second download racing this one serves the same bytes. */
    snprintf(sql, sizeof sql,
             "UPDATE %s SET to_sign_sha256 = ?, to_sign_size = ? WHERE id = ? AND to_sign_sha256 "
             "IS NULL",
             table);
    return db_exec(c, sql, DB_ARGS(DB_TEXT(sha), DB_INT((int64_t)len), DB_INT(id)), NULL) == DB_OK
               ? AG_OK
               : AG_ERROR;
}

void *to_sign_read(db_conn *c, const char *table, int64_t id, size_t *len)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT b.content FROM %s x JOIN blobs b ON b.sha256 = x.to_sign_sha256 WHERE x.id = "
             "?",
             table);
    db_rows *r = db_query(c, sql, DB_ARGS(DB_INT(id)));
    void *data = r && db_next(r) ? blob_copy(r, 0, len) : NULL;
    db_rows_close(r);
    return data;
}

/* Which party user signs for: the body's legal representative first, else the city's officer. */
static const char *party_of(db_conn *c, json_t *a, int64_t user_id)
{
    if (agreement_may_sign(c, a, user_id, "ets")) return "ets";
    if (agreement_may_sign(c, a, user_id, "city")) return "city";
    return NULL;
}

/* The names of the report's signatures that passed and are qualified, and whether one of them
 * is tax_code's. */
/* Whether a qualified signature that passed carries a time-stamp that held. */
static bool timestamped(json_t *report)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(report, "signatures"), i, s)
    {
        const char *stamp =
            json_string_value(json_object_get(json_object_get(s, "timestamp"), "indication"));
        if (stamp && !strcmp(stamp, "TOTAL-PASSED") &&
            json_is_true(json_object_get(s, "is_qualified")))
            return true;
    }
    return false;
}

static bool signed_by(json_t *report, const char *tax_code, char *names, size_t max)
{
    bool mine = false;
    size_t i, used = 0;
    json_t *s;
    *names = '\0';
    json_array_foreach(json_object_get(report, "signatures"), i, s)
    {
        const char *ind = json_string_value(json_object_get(s, "indication"));
        if (strcmp(ind, "TOTAL-PASSED") != 0 || !json_is_true(json_object_get(s, "is_qualified")))
            continue;
        const char *cf = json_string_value(json_object_get(s, "tax_code"));
        const char *who = json_string_value(json_object_get(s, "signer"));
        mine = mine || (cf && !strcmp(cf, tax_code));
        int n = snprintf(names + used, max - used, "%s%s", used ? ", " : "", who ? who : "?");
        if (n > 0 && (size_t)n < max - used) used += (size_t)n;
    }
    return mine;
}

ag_rc signed_file_check(db_conn *c, int64_t user_id, const char *to_sign_sha, int64_t to_sign_size,
                        const void *file, size_t len, int64_t now, signed_check *out)
{
    *out = (signed_check){0};
    char cf[17], *anchors = NULL, *crls = NULL;
    account_tax_code(c, user_id, cf);
    if (!*cf) return AG_NO_TAX_CODE;
    if (sig_trust_load(c, &anchors, &crls) != 0) return AG_ERROR;
    sig_trust trust = {anchors, crls};
    sig_expect expect = {to_sign_sha, (size_t)to_sign_size};
    out->report = sig_verify(file, len, &trust, &expect, now);
    free(anchors);
    free(crls);
    if (!out->report) return AG_ERROR;
    if (!json_is_true(json_object_get(out->report, "is_accepted"))) return AG_SIG_REFUSED;
    if (!signed_by(out->report, cf, out->names, sizeof out->names)) return AG_SIG_OTHER;
    out->format = json_string_value(json_object_get(out->report, "format"));
    out->timestamped = timestamped(out->report);
    return blob_put(c, file, len,
                    strcmp(out->format, "PAdES") ? "application/pkcs7-mime" : "application/pdf",
                    out->file_sha) == DB_OK
               ? AG_OK
               : AG_ERROR;
}

static proto_rc register_file(db_conn *c, json_t *a, int64_t user_id, const char *party,
                              const signed_check *sc, const char *file_name,
                              const char *to_sign_sha, int64_t now, protocol_number *n)
{
    int64_t id = json_integer_value(json_object_get(a, "id"));
    json_t *org =
        db_query_object(c, "SELECT name, tax_code FROM organisations WHERE id = ?",
                        DB_ARGS(DB_INT(json_integer_value(json_object_get(a, "organisation_id")))));
    char who[300], subject[700], pdf_name[64];
    snprintf(who, sizeof who, "%s (%s)", json_string_value(json_object_get(org, "name")),
             json_string_value(json_object_get(org, "tax_code")));
    json_decref(org);
    snprintf(subject, sizeof subject, "Convenzione n. %lld firmata con firma qualificata %s: %s",
             (long long)id, sc->format, sc->names);
    snprintf(pdf_name, sizeof pdf_name, "convenzione-%lld-da-firmare.pdf", (long long)id);
    protocol_file files[2] = {{.name = file_name,
                               .sha256 = sc->file_sha,
                               .is_signed = true,
                               .is_timestamped = sc->timestamped},
                              {.name = pdf_name, .sha256 = to_sign_sha}};
    /* The body's signed file comes in; the city's goes out to the body. */
    protocol_in in = {.city_id = json_integer_value(json_object_get(a, "city_id")),
                      .user_id = user_id,
                      .direction = strcmp(party, "ets") == 0 ? "in" : "out",
                      .kind = "agreement",
                      .correspondent = who,
                      .subject = subject,
                      .ref_type = "agreement",
                      .ref_id = id,
                      .files = files,
                      .nfiles = 2,
                      .now = now};
    return protocol_register(c, &in, n);
}

ag_rc agreement_qualified_add(db_conn *c, int64_t id, int64_t user_id, const char *file_name,
                              const void *file, size_t len, int64_t now, json_t **report,
                              int64_t *file_id)
{
    *report = NULL;
    *file_id = 0;
    json_t *a = agreement_get(c, id);
    if (!a) return AG_NOT_FOUND;
    ag_rc rc = AG_ERROR;
    char to_sign_sha[65] = "";
    int64_t to_sign_size = 0;
    const char *party = party_of(c, a, user_id);
    const char *state = json_string_value(json_object_get(a, "state"));
    if (!party) {
        rc = AG_NO_POWER;
        goto out;
    }
    /* The city signs after the body, in coprog or with its own tools. */
    if (!strcmp(party, "city") && !strcmp(state, "draft")) {
        rc = AG_WRONG_STATE;
        goto out;
    }
    db_rows *r = db_query(c,
                          "SELECT to_sign_sha256, to_sign_size FROM agreements WHERE id = ? AND "
                          "to_sign_sha256 IS NOT NULL",
                          DB_ARGS(DB_INT(id)));
    if (r && db_next(r)) {
        snprintf(to_sign_sha, sizeof to_sign_sha, "%s", db_text(r, 0));
        to_sign_size = db_int(r, 1);
    }
    db_rows_close(r);
    if (!*to_sign_sha) {
        rc = AG_NOT_READY;
        goto out;
    }
    signed_check sc;
    rc = signed_file_check(c, user_id, to_sign_sha, to_sign_size, file, len, now, &sc);
    *report = sc.report;
    if (rc != AG_OK) goto out;
    rc = AG_ERROR;
    const char *format = sc.format, *names = sc.names, *file_sha = sc.file_sha;
    protocol_number n;
    if (register_file(c, a, user_id, party, &sc, file_name, to_sign_sha, now, &n) != PROTO_OK)
        goto out;
    char *text = json_dumps(*report, JSON_COMPACT | JSON_SORT_KEYS);
    db_rc d = db_query_int(
        c,
        "INSERT INTO agreement_signed_files (agreement_id, party, uploaded_by, uploaded_at, "
        "file_name, file_sha256, format, signers, report, protocol_entry_id) VALUES (?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id, party, file_sha256) DO NOTHING RETURNING id",
        DB_ARGS(DB_INT(id), DB_TEXT(party), DB_INT(user_id), DB_INT(now), DB_TEXT(file_name),
                DB_TEXT(file_sha), DB_TEXT(format), DB_TEXT(names), DB_TEXT(text ? text : "{}"),
                DB_INT(n.id)),
        file_id);
    free(text);
    if (d != DB_OK) goto out;
    if (!*file_id) { /* the same file again: already kept */
        rc = AG_EXISTS;
        goto out;
    }
    /* The party's turn: the qualified signature is its signature. A party that signed in
     * coprog before keeps that signature and adds this one. */
    bool turn = (!strcmp(party, "ets") && !strcmp(state, "draft")) ||
                (!strcmp(party, "city") && !strcmp(state, "signed_ets"));
    if (turn) {
        rc = agreement_sign(c, id, user_id,
                            json_string_value(json_object_get(a, "document_sha256")), now);
        if (rc != AG_OK) goto out;
    }
    json_t *detail = json_pack("{s:s,s:s,s:s,s:s}", "party", party, "format", format, "file_sha256",
                               file_sha, "protocol", n.label);
    rc = audit_append(c, json_integer_value(json_object_get(a, "city_id")), user_id,
                      "agreement_qualified_signature", "agreement", id, detail)
             ? AG_ERROR
             : AG_OK;
    json_decref(detail);
out:
    json_decref(a);
    return rc;
}

json_t *agreement_signed_files(db_conn *c, int64_t id)
{
    json_t *rows = db_query_json(
        c,
        "SELECT f.id, f.agreement_id, f.party, f.uploaded_at, u.name AS uploaded_by_name, "
        "f.file_name, "
        "f.file_sha256, f.format, f.signers, pe.year AS register_year, pe.number AS "
        "register_number FROM agreement_signed_files f JOIN users u ON u.id = f.uploaded_by "
        "LEFT JOIN protocol_entries pe ON pe.id = f.protocol_entry_id WHERE f.agreement_id = ? "
        "ORDER BY f.id",
        DB_ARGS(DB_INT(id)));
    protocol_label_each(rows, "register_year", "register_number", "register_label");
    return rows;
}

void *agreement_signed_file(db_conn *c, int64_t id, int64_t file_id, size_t *len, json_t **meta)
{
    return blob_named(c,
                      "SELECT f.file_name, b.mime, b.content FROM agreement_signed_files f "
                      "JOIN blobs b ON b.sha256 = f.file_sha256 WHERE f.id = ? AND "
                      "f.agreement_id = ?",
                      DB_ARGS(DB_INT(file_id), DB_INT(id)), len, meta);
}

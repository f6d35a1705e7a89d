#include "modules/proposals/proposals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "db/blobs.h"
#include "base/hex.h"
#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/protocol/protocol.h"
#include "modules/scoring/ranking.h"

static int add(call_problem *out, int n, int max, const char *field, const char *key)
{
    if (n < max) out[n] = (call_problem){field, key};
    return n + 1;
}

int proposal_check(const proposal_facts *f, call_problem *out, int max)
{
    int n = 0;
    if (!f->texts_complete) n = add(out, n, max, "title", "proposals.texts_required");
    if (f->requested_cents <= 0)
        n = add(out, n, max, "requested", "proposals.requested_required");
    else if (f->requested_cents > f->area_budget_cents)
        n = add(out, n, max, "requested", "proposals.requested_above_area");
    /* cofinancing / (requested + cofinancing) >= min share, in integers */
    int64_t total = f->requested_cents + f->cofinancing_cents;
    if (f->cofinancing_cents * 10000 < total * f->min_cofinancing_bp)
        n = add(out, n, max, "cofinancing", "proposals.cofinancing_low");
    if (f->lines_total_cents != total) n = add(out, n, max, "line_amount", "proposals.lines_sum");
    if (f->missing_documents > 0)
        n = add(out, n, max, "attachments", "proposals.documents_missing");
    if (f->targets == 0) n = add(out, n, max, "target_group", "proposals.need_target");
    if (!f->lead_has_runts) n = add(out, n, max, "runts_number", "proposals.need_runts");
    return n;
}

static prop_rc save_children(db_conn *c, int64_t id, int64_t org_id, const proposal_in *in)
{
    static const char *const clear[] = {
        "DELETE FROM proposal_parties WHERE proposal_id = ?",
        "DELETE FROM proposal_targets WHERE proposal_id = ?",
        "DELETE FROM proposal_budget_lines WHERE proposal_id = ?",
    };
    for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++)
        if (db_exec(c, clear[i], DB_ARGS(DB_INT(id)), NULL) != DB_OK) return PROP_ERROR;
    /* The lead is the proposing organisation, as registered. */
    if (db_exec(c,
                "INSERT INTO proposal_parties (proposal_id, position, role, tax_code, name, "
                "runts_number) SELECT ?, 0, 'lead', tax_code, name, COALESCE(runts_number, '') "
                "FROM organisations WHERE id = ?",
                DB_ARGS(DB_INT(id), DB_INT(org_id)), NULL) != DB_OK)
        return PROP_ERROR;
    for (int i = 0; i < in->nparties; i++) {
        db_rc rc = db_exec(c,
                           "INSERT INTO proposal_parties (proposal_id, position, role, tax_code, "
                           "name, runts_number) VALUES (?, ?, ?, ?, ?, ?)",
                           DB_ARGS(DB_INT(id), DB_INT(i + 1), DB_TEXT(in->parties[i].role),
                                   DB_TEXT(in->parties[i].tax_code), DB_TEXT(in->parties[i].name),
                                   DB_TEXT(in->parties[i].runts_number)),
                           NULL);
        if (rc != DB_OK) return rc == DB_CONSTRAINT ? PROP_RULES : PROP_ERROR;
    }
    for (int i = 0; i < in->ntargets; i++)
        if (db_exec(c,
                    "INSERT INTO proposal_targets (proposal_id, position, target_group, "
                    "participants) VALUES (?, ?, ?, ?)",
                    DB_ARGS(DB_INT(id), DB_INT(i + 1), DB_TEXT(in->targets[i].group),
                            DB_INT(in->targets[i].participants)),
                    NULL) != DB_OK)
            return PROP_ERROR;
    for (int i = 0; i < in->nlines; i++)
        if (db_exec(c,
                    "INSERT INTO proposal_budget_lines (proposal_id, position, category, "
                    "description, amount_cents) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(id), DB_INT(i + 1), DB_TEXT(in->lines[i].category),
                            DB_TEXT(in->lines[i].description), DB_INT(in->lines[i].amount_cents)),
                    NULL) != DB_OK)
            return PROP_ERROR;
    return PROP_OK;
}

static bool area_of_call(db_conn *c, int64_t call_id, int64_t area_id)
{
    int64_t n = 0;
    db_query_int(c, "SELECT COUNT(*) FROM call_areas WHERE id = ? AND call_id = ?",
                 DB_ARGS(DB_INT(area_id), DB_INT(call_id)), &n);
    return n == 1;
}

/* A proposal may ask only for a space its call offers (none: no space). */
static bool space_of_call(db_conn *c, int64_t call_id, int64_t space_id)
{
    int64_t n = 0;
    if (!space_id) return true;
    db_query_int(c, "SELECT COUNT(*) FROM call_spaces WHERE call_id = ? AND space_id = ?",
                 DB_ARGS(DB_INT(call_id), DB_INT(space_id)), &n);
    return n == 1;
}

prop_rc proposal_create(db_conn *c, int64_t call_id, int64_t org_id, int64_t user_id,
                        const proposal_in *in, int64_t *id)
{
    if (!area_of_call(c, call_id, in->area_id)) return PROP_BAD_AREA;
    if (!space_of_call(c, call_id, in->space_id)) return PROP_BAD_SPACE;
    int64_t now = clock_now_us();
    if (db_query_int(c,
                     "INSERT INTO proposals (call_id, area_id, organisation_id, created_by, title, "
                     "summary, activities, support_network, sustainability, requested_cents, "
                     "cofinancing_cents, space_id, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(call_id), DB_INT(in->area_id), DB_INT(org_id), DB_INT(user_id),
                             DB_TEXT(in->title), DB_TEXT(in->summary), DB_TEXT(in->activities),
                             DB_TEXT(in->support_network), DB_TEXT(in->sustainability),
                             DB_INT(in->requested_cents), DB_INT(in->cofinancing_cents),
                             in->space_id ? DB_INT(in->space_id) : DB_NULL, DB_INT(now),
                             DB_INT(now)),
                     id) != DB_OK)
        return PROP_ERROR;
    return save_children(c, *id, org_id, in);
}

prop_rc proposal_update(db_conn *c, int64_t id, const proposal_in *in)
{
    int64_t call_id = 0, org_id = 0;
    char status[16] = "";
    db_rows *r = db_query(c, "SELECT call_id, organisation_id, status FROM proposals WHERE id = ?",
                          DB_ARGS(DB_INT(id)));
    if (r && db_next(r)) {
        call_id = db_int(r, 0);
        org_id = db_int(r, 1);
        snprintf(status, sizeof status, "%s", db_text(r, 2));
    }
    db_rows_close(r);
    if (!call_id) return PROP_NOT_FOUND;
    if (strcmp(status, "draft") != 0) return PROP_NOT_DRAFT;
    if (!area_of_call(c, call_id, in->area_id)) return PROP_BAD_AREA;
    if (!space_of_call(c, call_id, in->space_id)) return PROP_BAD_SPACE;
    if (db_exec(
            c,
            "UPDATE proposals SET area_id = ?, title = ?, summary = ?, activities = ?, "
            "support_network = ?, sustainability = ?, requested_cents = ?, "
            "cofinancing_cents = ?, space_id = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
            DB_ARGS(DB_INT(in->area_id), DB_TEXT(in->title), DB_TEXT(in->summary),
                    DB_TEXT(in->activities), DB_TEXT(in->support_network),
                    DB_TEXT(in->sustainability), DB_INT(in->requested_cents),
                    DB_INT(in->cofinancing_cents), in->space_id ? DB_INT(in->space_id) : DB_NULL,
                    DB_INT(clock_now_us()), DB_INT(id)),
            NULL) != DB_OK)
        return PROP_ERROR;
    return save_children(c, id, org_id, in);
}

prop_rc proposal_attach(db_conn *c, int64_t id, int64_t document_id, const char *filename,
                        const void *data, size_t len, const char *mime)
{
    char sha[65];
    int64_t now = clock_now_us();
    if (blob_put(c, data, len, mime, sha) != DB_OK) return PROP_ERROR;
    if (db_exec(c, "DELETE FROM proposal_attachments WHERE proposal_id = ? AND document_id = ?",
                DB_ARGS(DB_INT(id), DB_INT(document_id)), NULL) != DB_OK)
        return PROP_ERROR;
    return db_exec(c,
                   "INSERT INTO proposal_attachments (proposal_id, document_id, filename, sha256, "
                   "size, mime, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(DB_INT(id), DB_INT(document_id), DB_TEXT(filename), DB_TEXT(sha),
                           DB_INT((int64_t)len), DB_TEXT(mime), DB_INT(now)),
                   NULL) == DB_OK
               ? PROP_OK
               : PROP_ERROR;
}

json_t *proposal_get(db_conn *c, int64_t id)
{
    json_t *p = db_query_object(
        c,
        "SELECT p.id, p.call_id, k.title AS call_title, k.city_id, k.deadline_at, k.state AS "
        "call_state, "
        "k.min_cofinancing_bp, p.area_id, a.name AS area, a.budget_cents AS area_budget_cents, "
        "p.organisation_id, o.name AS organisation, o.tax_code AS organisation_tax_code, "
        "COALESCE(o.runts_number, '') AS runts_number, p.status, p.title, p.summary, p.activities, "
        "p.support_network, p.sustainability, p.requested_cents, p.cofinancing_cents, "
        "p.requested_cents + p.cofinancing_cents AS total_cents, p.space_id, "
        "p.admissibility, p.exclusion_reason, p.created_at, p.updated_at "
        "FROM proposals p JOIN calls k ON k.id = p.call_id JOIN call_areas a ON a.id = p.area_id "
        "JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?",
        DB_ARGS(DB_INT(id)));
    if (!p) return NULL;
    json_object_set_new(
        p, "parties",
        db_query_json(c,
                      "SELECT role, tax_code, name, runts_number FROM proposal_parties "
                      "WHERE proposal_id = ? ORDER BY position",
                      DB_ARGS(DB_INT(id))));
    json_object_set_new(p, "targets",
                        db_query_json(c,
                                      "SELECT target_group, participants FROM proposal_targets "
                                      "WHERE proposal_id = ? ORDER BY position",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        p, "budget_lines",
        db_query_json(c,
                      "SELECT category, description, amount_cents "
                      "FROM proposal_budget_lines WHERE proposal_id = ? ORDER BY position",
                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        p, "attachments",
        db_query_json(c,
                      "SELECT pa.id, pa.document_id, d.name AS document, pa.filename, pa.sha256, "
                      "pa.size, pa.mime FROM proposal_attachments pa "
                      "LEFT JOIN call_documents d ON d.id = pa.document_id "
                      "WHERE pa.proposal_id = ? ORDER BY d.position, pa.id",
                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        p, "documents",
        db_query_json(
            c,
            "SELECT d.id, d.name, d.required AS is_required, "
            "(SELECT pa.filename FROM proposal_attachments pa WHERE pa.proposal_id = ? "
            "AND pa.document_id = d.id) AS attached FROM call_documents d "
            "WHERE d.call_id = ? ORDER BY d.position",
            DB_ARGS(DB_INT(id), DB_INT(json_integer_value(json_object_get(p, "call_id"))))));
    json_object_set_new(p, "submissions",
                        db_query_json(c,
                                      "SELECT s.id, s.version, s.protocol, s.submitted_at, "
                                      "s.content_sha256, s.withdrawn_at, CASE WHEN s.withdrawn_at "
                                      "IS NULL THEN 1 ELSE 0 END AS is_live, pe.year AS "
                                      "register_year, pe.number AS register_number FROM "
                                      "submissions s LEFT JOIN protocol_entries pe ON pe.id = "
                                      "s.protocol_entry_id WHERE s.proposal_id = ? "
                                      "ORDER BY s.version DESC",
                                      DB_ARGS(DB_INT(id))));
    protocol_label_each(json_object_get(p, "submissions"), "register_year", "register_number",
                        "register_label");
    return p;
}

/* The canonical content of a submission: what is hashed and kept. */
static char *canonical_content(json_t *p)
{
    static const char *const FIELDS[] = {
        "call_id",        "area_id",         "organisation_id",   "organisation_tax_code",
        "title",          "summary",         "activities",        "support_network",
        "sustainability", "requested_cents", "cofinancing_cents", "space_id",
        "parties",        "targets",         "budget_lines",
    };
    json_t *c = json_object();
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++)
        json_object_set(c, FIELDS[i], json_object_get(p, FIELDS[i]));
    json_t *att = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(p, "attachments"), i, a)
    {
        json_array_append_new(
            att, json_pack("{s:O,s:O,s:O,s:O,s:O}", "document_id",
                           json_object_get(a, "document_id"), "filename",
                           json_object_get(a, "filename"), "sha256", json_object_get(a, "sha256"),
                           "size", json_object_get(a, "size"), "mime", json_object_get(a, "mime")));
    }
    json_object_set_new(c, "attachments", att);
    char *s = json_dumps(c, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(c);
    return s;
}

static proposal_facts facts_of(json_t *p)
{
    proposal_facts f = {
        .requested_cents = json_integer_value(json_object_get(p, "requested_cents")),
        .cofinancing_cents = json_integer_value(json_object_get(p, "cofinancing_cents")),
        .area_budget_cents = json_integer_value(json_object_get(p, "area_budget_cents")),
        .min_cofinancing_bp = json_integer_value(json_object_get(p, "min_cofinancing_bp")),
        .targets = 0,
        .lead_has_runts = *json_string_value(json_object_get(p, "runts_number")) != '\0',
        .texts_complete = true,
    };
    static const char *const TEXTS[] = {"title", "summary", "activities", "support_network",
                                        "sustainability"};
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++)
        if (!*json_string_value(json_object_get(p, TEXTS[i]))) f.texts_complete = false;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "budget_lines"), i, x)
    {
        f.lines_total_cents += json_integer_value(json_object_get(x, "amount_cents"));
    }
    json_array_foreach(json_object_get(p, "targets"), i, x)
    {
        if (json_integer_value(json_object_get(x, "participants")) > 0) f.targets++;
    }
    json_array_foreach(json_object_get(p, "documents"), i, x)
    {
        bool required = json_integer_value(json_object_get(x, "is_required")) == 1;
        if (required && json_is_null(json_object_get(x, "attached"))) f.missing_documents++;
    }
    return f;
}

prop_rc proposal_submit(db_conn *c, int64_t id, int64_t user_id, int64_t now,
                        const receipt_key *key, call_problem *out, int max, int *nproblems,
                        json_t **receipt)
{
    *nproblems = 0;
    json_t *p = proposal_get(c, id);
    if (!p) return PROP_NOT_FOUND;
    prop_rc rc = PROP_ERROR;
    char *content = NULL;
    json_t *payload = NULL;
    int64_t call_id = json_integer_value(json_object_get(p, "call_id"));
    int64_t city_id = json_integer_value(json_object_get(p, "city_id"));
    if (strcmp(json_string_value(json_object_get(p, "status")), "draft") != 0) {
        rc = PROP_NOT_DRAFT;
        goto out;
    }
    if (strcmp(json_string_value(json_object_get(p, "call_state")), "published") != 0 ||
        now >= json_integer_value(json_object_get(p, "deadline_at"))) {
        rc = PROP_DEADLINE;
        goto out;
    }
    proposal_facts f = facts_of(p);
    *nproblems = proposal_check(&f, out, max);
    if (*nproblems) {
        rc = PROP_RULES;
        goto out;
    }
    int64_t protocol = 0, version = 0;
    if (db_query_int(c,
                     "UPDATE calls SET next_protocol = next_protocol + 1 WHERE id = ? "
                     "RETURNING next_protocol - 1",
                     DB_ARGS(DB_INT(call_id)), &protocol) != DB_OK ||
        db_query_int(c,
                     "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE proposal_id = ?",
                     DB_ARGS(DB_INT(id)), &version) != DB_OK)
        goto out;
    content = canonical_content(p);
    if (!content) goto out;
    char sha[65], iso[32];
    sha256_hex(content, strlen(content), sha);
    time_format_iso(now, iso, sizeof iso);
    json_t *att = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(p, "attachments"), i, a)
    {
        json_array_append_new(att,
                              json_pack("{s:O,s:O}", "filename", json_object_get(a, "filename"),
                                        "sha256", json_object_get(a, "sha256")));
    }
    /* The submission is an incoming document of the city: it takes its protocol number in the
     * same transaction, and the receipt names it. */
    protocol_file *files = calloc(1 + json_array_size(att), sizeof *files);
    if (!files) goto out;
    char docname[64];
    snprintf(docname, sizeof docname, "proposta-%lld-v%lld.json", (long long)id,
             (long long)version);
    int nfiles = 0;
    files[nfiles++] = (protocol_file){.name = docname, .sha256 = sha};
    json_array_foreach(att, i, a)
    {
        files[nfiles++] =
            (protocol_file){.name = json_string_value(json_object_get(a, "filename")),
                            .sha256 = json_string_value(json_object_get(a, "sha256"))};
    }
    const char *org = json_string_value(json_object_get(p, "organisation"));
    const char *org_cf = json_string_value(json_object_get(p, "organisation_tax_code"));
    char correspondent[300], subject[500];
    snprintf(correspondent, sizeof correspondent, "%s (%s)", org ? org : "", org_cf ? org_cf : "");
    snprintf(subject, sizeof subject, "Proposta progettuale \"%s\", avviso \"%s\"",
             json_string_value(json_object_get(p, "title")),
             json_string_value(json_object_get(p, "call_title")));
    protocol_in pin = {.city_id = city_id,
                       .user_id = user_id,
                       .direction = "in",
                       .kind = "proposal",
                       .correspondent = correspondent,
                       .subject = subject,
                       .ref_type = "proposal",
                       .ref_id = id,
                       .files = files,
                       .nfiles = nfiles,
                       .now = now};
    protocol_number pn;
    proto_rc prc = protocol_register(c, &pin, &pn);
    free(files);
    if (prc != PROTO_OK) goto out;
    payload = json_pack("{s:s,s:I,s:O,s:I,s:I,s:I,s:s,s:I,s:O,s:O,s:O,s:s,s:o,s:{s:s,s:I,s:I,s:s}}",
                        "issuer", "coprog", "call_id", (json_int_t)call_id, "call_title",
                        json_object_get(p, "call_title"), "proposal_id", (json_int_t)id, "version",
                        (json_int_t)version, "protocol", (json_int_t)protocol, "submitted_at", iso,
                        "submitted_at_us", (json_int_t)now, "area", json_object_get(p, "area"),
                        "organisation", json_object_get(p, "organisation"), "organisation_tax_code",
                        json_object_get(p, "organisation_tax_code"), "content_sha256", sha,
                        "attachments", att, "protocol_register", "number", pn.label, "year",
                        (json_int_t)pn.year, "progressive", (json_int_t)pn.number, "day", pn.day);
    *receipt = receipt_sign(payload, key);
    char *receipt_text = json_dumps(*receipt, JSON_INDENT(2) | JSON_SORT_KEYS);
    int64_t sub_id = 0;
    db_rc d = db_query_int(
        c,
        "INSERT INTO submissions (proposal_id, call_id, area_id, version, protocol, submitted_at, "
        "submitted_by, content, content_sha256, receipt, protocol_entry_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(id), DB_INT(call_id),
                DB_INT(json_integer_value(json_object_get(p, "area_id"))), DB_INT(version),
                DB_INT(protocol), DB_INT(now), DB_INT(user_id), DB_TEXT(content), DB_TEXT(sha),
                DB_TEXT(receipt_text), DB_INT(pn.id)),
        &sub_id);
    free(receipt_text);
    if (d != DB_OK) goto out;
    /* Lead and partners, not supporters, hold their place in the area. */
    json_array_foreach(json_object_get(p, "parties"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "role")), "supporter") == 0) continue;
        d = db_exec(
            c, "INSERT INTO area_participants (area_id, tax_code, submission_id) VALUES (?, ?, ?)",
            DB_ARGS(DB_INT(json_integer_value(json_object_get(p, "area_id"))),
                    DB_TEXT(json_string_value(json_object_get(a, "tax_code"))), DB_INT(sub_id)),
            NULL);
        if (d == DB_CONSTRAINT) {
            rc = PROP_ALREADY_IN_AREA;
            goto out;
        }
        if (d != DB_OK) goto out;
    }
    if (db_exec(c, "UPDATE proposals SET status = 'submitted', updated_at = ? WHERE id = ?",
                DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK)
        goto out;
    json_t *detail = json_pack("{s:I,s:I,s:s}", "protocol", (json_int_t)protocol, "version",
                               (json_int_t)version, "content_sha256", sha);
    int au = audit_append(c, city_id, user_id, "proposal_submit", "proposal", id, detail);
    json_decref(detail);
    rc = au ? PROP_ERROR : PROP_OK;
out:
    if (rc != PROP_OK && receipt && *receipt) {
        json_decref(*receipt);
        *receipt = NULL;
    }
    json_decref(payload);
    free(content);
    json_decref(p);
    return rc;
}

prop_rc proposal_withdraw(db_conn *c, int64_t id, int64_t user_id, int64_t now)
{
    json_t *p = proposal_get(c, id);
    if (!p) return PROP_NOT_FOUND;
    prop_rc rc = PROP_ERROR;
    int64_t city_id = json_integer_value(json_object_get(p, "city_id"));
    if (strcmp(json_string_value(json_object_get(p, "status")), "submitted") != 0) {
        rc = PROP_NOT_DRAFT;
        goto out;
    }
    if (strcmp(json_string_value(json_object_get(p, "call_state")), "published") != 0 ||
        now >= json_integer_value(json_object_get(p, "deadline_at"))) {
        rc = PROP_DEADLINE;
        goto out;
    }
    int64_t sub = 0;
    if (db_query_int(c,
                     "UPDATE submissions SET withdrawn_at = ? WHERE proposal_id = ? AND "
                     "withdrawn_at IS NULL RETURNING id",
                     DB_ARGS(DB_INT(now), DB_INT(id)), &sub) != DB_OK ||
        db_exec(c, "DELETE FROM area_participants WHERE submission_id = ?", DB_ARGS(DB_INT(sub)),
                NULL) != DB_OK ||
        db_exec(c, "UPDATE proposals SET status = 'draft', updated_at = ? WHERE id = ?",
                DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK)
        goto out;
    rc = audit_append(c, city_id, user_id, "proposal_withdraw", "proposal", id, NULL) ? PROP_ERROR
                                                                                      : PROP_OK;
out:
    json_decref(p);
    return rc;
}

#define LIST_COLUMNS                                                                               \
    "SELECT p.id, p.title, p.status, p.requested_cents, p.cofinancing_cents, p.updated_at, "       \
    "p.call_id, k.title AS call_title, a.name AS area, o.name AS organisation, "                   \
    "(SELECT s.protocol FROM submissions s WHERE s.proposal_id = p.id AND s.withdrawn_at IS "      \
    "NULL) "                                                                                       \
    "AS protocol FROM proposals p JOIN calls k ON k.id = p.call_id "                               \
    "JOIN call_areas a ON a.id = p.area_id JOIN organisations o ON o.id = p.organisation_id "

json_t *proposals_of_org(db_conn *c, int64_t org_id)
{
    return db_query_json(c, LIST_COLUMNS "WHERE p.organisation_id = ? ORDER BY p.updated_at DESC",
                         DB_ARGS(DB_INT(org_id)));
}

json_t *proposals_of_city(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         LIST_COLUMNS "WHERE (? = 0 OR k.city_id = ?) AND p.status = 'submitted' "
                                      "ORDER BY p.call_id, a.position, protocol",
                         DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
}

void *proposal_attachment(db_conn *c, int64_t proposal_id, int64_t attachment_id, size_t *len,
                          char *filename, size_t fnlen, char *mime, size_t mimelen)
{
    db_rows *r =
        db_query(c,
                 "SELECT pa.filename, pa.mime, b.content FROM proposal_attachments pa "
                 "JOIN blobs b ON b.sha256 = pa.sha256 WHERE pa.id = ? AND pa.proposal_id = ?",
                 DB_ARGS(DB_INT(attachment_id), DB_INT(proposal_id)));
    void *copy = NULL;
    if (r && db_next(r)) {
        snprintf(filename, fnlen, "%s", db_text(r, 0));
        snprintf(mime, mimelen, "%s", db_text(r, 1));
        copy = blob_copy(r, 2, len);
    }
    db_rows_close(r);
    return copy;
}

/* A score counts while its author sits on the commission: a replaced member's scores stay on
 * record but no longer count, here as in the ranking. */
#define ACTIVE_SCORER                                                                              \
    "EXISTS (SELECT 1 FROM commission_members m JOIN proposals pp ON pp.call_id = m.call_id "      \
    "WHERE pp.id = s.proposal_id AND m.user_id = s.user_id AND m.replaced_at IS NULL)"

json_t *proposal_scores(db_conn *c, int64_t proposal_id)
{
    json_t *rows =
        db_query_json(c,
                      "SELECT k.name AS criterion, k.max_points, "
                      "(SELECT SUM(s.points) FROM scores s WHERE s.proposal_id = ? AND "
                      "s.criterion_id = k.id AND " ACTIVE_SCORER ") AS sum_points, "
                      "(SELECT COUNT(*) FROM scores s WHERE s.proposal_id = ? AND "
                      "s.criterion_id = k.id AND " ACTIVE_SCORER ") AS evaluators, "
                      "(SELECT a.points FROM agreed_scores a WHERE a.proposal_id = ? AND "
                      "a.criterion_id = k.id) AS agreed_points, "
                      "(SELECT a.note FROM agreed_scores a WHERE a.proposal_id = ? AND "
                      "a.criterion_id = k.id) AS agreed_note "
                      "FROM call_criteria k JOIN proposals p ON p.call_id = k.call_id WHERE "
                      "p.id = ? ORDER BY k.position",
                      DB_ARGS(DB_INT(proposal_id), DB_INT(proposal_id), DB_INT(proposal_id),
                              DB_INT(proposal_id), DB_INT(proposal_id)));
    /* The commission's notes, without names, attached to their criterion. */
    json_t *notes = db_query_json(
        c,
        "SELECT k.position, s.note FROM scores s JOIN call_criteria k "
        "ON k.id = s.criterion_id WHERE s.proposal_id = ? AND s.note <> '' AND " ACTIVE_SCORER " "
        "ORDER BY k.position, s.scored_at",
        DB_ARGS(DB_INT(proposal_id)));
    size_t i, k;
    json_t *x, *n;
    json_array_foreach(rows, i, x)
    {
        int64_t sum = json_integer_value(json_object_get(x, "sum_points"));
        int64_t cnt = json_integer_value(json_object_get(x, "evaluators"));
        int64_t h = json_is_integer(json_object_get(x, "agreed_points"))
                        ? json_integer_value(json_object_get(x, "agreed_points")) * 100
                        : ranking_mean_hundredths(sum, cnt);
        char score[32];
        snprintf(score, sizeof score, "%lld,%02lld", (long long)(h / 100), (long long)(h % 100));
        json_object_set_new(x, "score", json_string(score));
        json_t *list = json_array();
        json_array_foreach(notes, k, n)
        {
            if ((size_t)json_integer_value(json_object_get(n, "position")) == i + 1)
                json_array_append(list, json_object_get(n, "note"));
        }
        json_object_set_new(x, "notes", list);
    }
    json_decref(notes);
    return rows;
}

bool proposal_receipt(db_conn *c, int64_t proposal_id, int64_t version, buf *out, int64_t *protocol)
{
    db_rows *r = db_query(
        c, "SELECT receipt, protocol FROM submissions WHERE proposal_id = ? AND version = ?",
        DB_ARGS(DB_INT(proposal_id), DB_INT(version)));
    bool found = r && db_next(r);
    if (found) {
        buf_puts(out, db_text(r, 0));
        buf_putc(out, '\n');
        *protocol = db_int(r, 1);
    }
    db_rows_close(r);
    return found;
}

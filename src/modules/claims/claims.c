#include "modules/claims/claims.h"

#include "base/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/blobs.h"
#include "modules/agreements/agreements.h"
#include "base/hex.h"
#include "modules/audit/audit.h"
#include "modules/protocol/protocol.h"

const char *const CHECKLIST[CHECKLIST_N] = {"eligible_period", "documents_complete",
                                            "payment_traceable", "no_double_funding",
                                            "procurement_rules"};

/* What a line counts for against the budget: its amount until decided, then what was
 * admitted. */
#define COUNTED                                                                                    \
    "CASE l.decision WHEN 'pending' THEN l.amount_cents WHEN 'rejected' THEN 0 "                   \
    "ELSE l.admitted_cents END"

claim_rc claim_add(db_conn *c, int64_t agreement_id, const char *label, const char *from,
                   const char *to, int64_t now, int64_t *id)
{
    if (!from || !to || strcmp(to, from) < 0) return CLAIM_BAD_DATES;
    int64_t active = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM agreements WHERE id = ? AND state = 'active'",
                     DB_ARGS(DB_INT(agreement_id)), &active) != DB_OK)
        return CLAIM_ERROR;
    if (!active) return CLAIM_WRONG_STATE;
    db_rc d = db_query_int(
        c,
        "INSERT INTO expense_claims (agreement_id, label, starts_on, ends_on, "
        "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(agreement_id), DB_TEXT(label), DB_TEXT(from), DB_TEXT(to), DB_INT(now)), id);
    return d == DB_CONSTRAINT ? CLAIM_EXISTS : d == DB_OK ? CLAIM_OK : CLAIM_ERROR;
}

/* The final project's budget lines of an agreement (owned), or NULL. */
static json_t *budget_lines(db_conn *c, int64_t agreement_id)
{
    json_t *project = agreement_final_project(c, agreement_id);
    json_t *lines = json_incref(json_object_get(project, "budget_lines"));
    json_decref(project);
    return lines;
}

static int64_t agreement_total(db_conn *c, int64_t agreement_id)
{
    json_t *row = db_query_object(c, "SELECT document FROM agreements WHERE id = ?",
                                  DB_ARGS(DB_INT(agreement_id)));
    json_t *doc =
        row ? json_loads(json_string_value(json_object_get(row, "document")), 0, NULL) : NULL;
    int64_t total = json_integer_value(json_object_get(doc, "total_cents"));
    json_decref(doc);
    json_decref(row);
    return total;
}

static int64_t claimed_sum(db_conn *c, int64_t agreement_id, int64_t budget_line)
{
    int64_t sum = 0;
    db_query_int(c,
                 "SELECT COALESCE(SUM(" COUNTED "), 0) FROM expense_lines l "
                 "JOIN expense_claims e ON e.id = l.claim_id WHERE e.agreement_id = ? "
                 "AND (? = 0 OR l.budget_line = ?)",
                 DB_ARGS(DB_INT(agreement_id), DB_INT(budget_line), DB_INT(budget_line)), &sum);
    return sum;
}

claim_rc claim_line_add(db_conn *c, int64_t claim_id, const expense_in *in, int64_t now,
                        int64_t *line_id, bool *over_line)
{
    *over_line = false;
    json_t *claim = db_query_object(c,
                                    "SELECT agreement_id, state, starts_on, ends_on "
                                    "FROM expense_claims WHERE id = ?",
                                    DB_ARGS(DB_INT(claim_id)));
    if (!claim) return CLAIM_NOT_FOUND;
    int64_t agreement = json_integer_value(json_object_get(claim, "agreement_id"));
    const char *from = json_string_value(json_object_get(claim, "starts_on"));
    const char *to = json_string_value(json_object_get(claim, "ends_on"));
    claim_rc rc = CLAIM_OK;
    json_t *lines = NULL;
    if (strcmp(json_string_value(json_object_get(claim, "state")), "draft") != 0) {
        rc = CLAIM_WRONG_STATE;
        goto out;
    }
    /* Paid within the claim's period, on a document dated no later than the payment. */
    if (strcmp(in->paid_on, from) < 0 || strcmp(in->paid_on, to) > 0 ||
        strcmp(in->doc_date, in->paid_on) > 0) {
        rc = CLAIM_BAD_DATES;
        goto out;
    }
    lines = budget_lines(c, agreement);
    json_t *line = json_array_get(lines, (size_t)(in->budget_line - 1));
    if (in->budget_line < 1 || !line) {
        rc = CLAIM_BAD_LINE;
        goto out;
    }
    /* Sums through money_add: an amount past the bound, or a sum that would be, is over. */
    int64_t all = claimed_sum(c, agreement, 0),
            on_line = claimed_sum(c, agreement, in->budget_line);
    if (!money_add(&all, in->amount_cents) || all > agreement_total(c, agreement)) {
        rc = CLAIM_OVER_TOTAL;
        goto out;
    }
    *over_line = !money_add(&on_line, in->amount_cents) ||
                 on_line > json_integer_value(json_object_get(line, "amount_cents"));
    char sha[65];
    if (blob_put(c, in->document, in->document_len, in->document_mime, sha) != DB_OK ||
        db_query_int(c,
                     "INSERT INTO expense_lines (claim_id, budget_line, supplier, doc_number, "
                     "doc_date, amount_cents, paid_on, document_sha256, document_name, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(claim_id), DB_INT(in->budget_line), DB_TEXT(in->supplier),
                             DB_TEXT(in->doc_number), DB_TEXT(in->doc_date),
                             DB_INT(in->amount_cents), DB_TEXT(in->paid_on), DB_TEXT(sha),
                             DB_TEXT(in->document_name), DB_INT(now)),
                     line_id) != DB_OK)
        rc = CLAIM_ERROR;
out:
    json_decref(lines);
    json_decref(claim);
    return rc;
}

claim_rc claim_line_delete(db_conn *c, int64_t line_id)
{
    int64_t changed = 0;
    if (db_exec(c,
                "DELETE FROM expense_lines WHERE id = ? AND claim_id IN "
                "(SELECT id FROM expense_claims WHERE state = 'draft')",
                DB_ARGS(DB_INT(line_id)), &changed) != DB_OK)
        return CLAIM_ERROR;
    return changed ? CLAIM_OK : line_claim_of(c, line_id) ? CLAIM_WRONG_STATE : CLAIM_NOT_FOUND;
}

/* A submitted claim is an incoming document of the city: the claim as submitted (its lines,
 * canonical JSON) is the registered document, each line's receipt an attachment. */
static proto_rc register_claim(db_conn *c, int64_t claim_id, int64_t user_id, int64_t now)
{
    json_t *head = db_query_object(
        c,
        "SELECT e.id AS claim_id, k.city_id, o.name AS organisation, o.tax_code, e.label, "
        "e.starts_on, e.ends_on, e.agreement_id FROM expense_claims e JOIN agreements k ON "
        "k.id = e.agreement_id JOIN organisations o ON o.id = k.organisation_id WHERE e.id = ?",
        DB_ARGS(DB_INT(claim_id)));
    json_t *lines = db_query_json(c,
                                  "SELECT budget_line, supplier, doc_number, doc_date, "
                                  "amount_cents, paid_on, document_name, document_sha256 FROM "
                                  "expense_lines WHERE claim_id = ? ORDER BY id",
                                  DB_ARGS(DB_INT(claim_id)));
    proto_rc rc = PROTO_ERROR;
    protocol_file *files = lines ? calloc(1 + json_array_size(lines), sizeof *files) : NULL;
    if (!head || !files) goto out;
    json_object_set(head, "lines", lines);
    char *content = json_dumps(head, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!content) goto out;
    char sha[65], docname[64], who[300], subject[500];
    sha256_hex(content, strlen(content), sha);
    free(content);
    snprintf(docname, sizeof docname, "rendicontazione-%lld.json", (long long)claim_id);
    files[0] = (protocol_file){.name = docname, .sha256 = sha};
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l)
    {
        files[i + 1] =
            (protocol_file){.name = json_string_value(json_object_get(l, "document_name")),
                            .sha256 = json_string_value(json_object_get(l, "document_sha256"))};
    }
    snprintf(who, sizeof who, "%s (%s)", json_string_value(json_object_get(head, "organisation")),
             json_string_value(json_object_get(head, "tax_code")));
    snprintf(subject, sizeof subject, "Rendicontazione \"%s\" (%s - %s), convenzione n. %lld",
             json_string_value(json_object_get(head, "label")),
             json_string_value(json_object_get(head, "starts_on")),
             json_string_value(json_object_get(head, "ends_on")),
             (long long)json_integer_value(json_object_get(head, "agreement_id")));
    protocol_in in = {.city_id = json_integer_value(json_object_get(head, "city_id")),
                      .user_id = user_id,
                      .direction = "in",
                      .kind = "claim",
                      .correspondent = who,
                      .subject = subject,
                      .ref_type = "claim",
                      .ref_id = claim_id,
                      .files = files,
                      .nfiles = 1 + (int)json_array_size(lines),
                      .now = now};
    protocol_number n;
    rc = protocol_register(c, &in, &n);
    if (rc == PROTO_OK && db_exec(c, "UPDATE expense_claims SET protocol_entry_id = ? WHERE id = ?",
                                  DB_ARGS(DB_INT(n.id), DB_INT(claim_id)), NULL) != DB_OK)
        rc = PROTO_ERROR;
out:
    free(files);
    json_decref(lines);
    json_decref(head);
    return rc;
}

claim_rc claim_submit(db_conn *c, int64_t claim_id, int64_t user_id, int64_t now)
{
    int64_t n = 0, changed = 0;
    db_query_int(c, "SELECT COUNT(*) FROM expense_lines WHERE claim_id = ?",
                 DB_ARGS(DB_INT(claim_id)), &n);
    if (!n) return claim_agreement_of(c, claim_id) ? CLAIM_PENDING_LINES : CLAIM_NOT_FOUND;
    if (db_exec(c,
                "UPDATE expense_claims SET state = 'submitted', submitted_at = ? "
                "WHERE id = ? AND state = 'draft'",
                DB_ARGS(DB_INT(now), DB_INT(claim_id)), &changed) != DB_OK)
        return CLAIM_ERROR;
    if (!changed) return CLAIM_WRONG_STATE;
    if (register_claim(c, claim_id, user_id, now) != PROTO_OK) return CLAIM_ERROR;
    return audit_append(c, 0, user_id, "claim_submit", "expense_claim", claim_id, NULL)
               ? CLAIM_ERROR
               : CLAIM_OK;
}

bool claims_manages(db_conn *c, int64_t agreement_id, int64_t user_id)
{
    int64_t n = 0;
    /* The operation's agreements, then any managing act by the user on one of them. */
    db_rc d = db_query_int(
        c,
        "WITH op AS (SELECT k.operation_id AS id FROM agreements g "
        "JOIN codesign_tables t ON t.id = g.table_id JOIN calls k ON k.id = t.call_id "
        "WHERE g.id = ?), "
        "ags AS (SELECT g.id FROM agreements g JOIN codesign_tables t ON t.id = g.table_id "
        "JOIN calls k ON k.id = t.call_id WHERE k.operation_id IN (SELECT id FROM op)) "
        "SELECT (SELECT COUNT(*) FROM calls WHERE operation_id IN (SELECT id FROM op) "
        "AND created_by = ?) "
        "+ (SELECT COUNT(*) FROM agreement_signatures WHERE party = 'city' AND user_id = ? "
        "AND agreement_id IN (SELECT id FROM ags)) "
        "+ (SELECT COUNT(*) FROM indicator_periods WHERE decided_by = ? "
        "AND agreement_id IN (SELECT id FROM ags)) "
        "+ (SELECT COUNT(*) FROM payment_requests WHERE paid_by = ? "
        "AND agreement_id IN (SELECT id FROM ags))",
        DB_ARGS(DB_INT(agreement_id), DB_INT(user_id), DB_INT(user_id), DB_INT(user_id),
                DB_INT(user_id)),
        &n);
    /* When the question cannot be answered, the answer is the safe one. */
    return d != DB_OK || n > 0;
}

/* The claim of a line, checked to be under check in the city; 0 otherwise (rc set). */
static int64_t checkable_agreement(db_conn *c, int64_t city_id, int64_t claim_id, claim_rc *rc)
{
    json_t *row = db_query_object(c,
                                  "SELECT e.agreement_id, e.state FROM expense_claims e "
                                  "JOIN agreements g ON g.id = e.agreement_id "
                                  "WHERE e.id = ? AND g.city_id = ?",
                                  DB_ARGS(DB_INT(claim_id), DB_INT(city_id)));
    int64_t agreement = 0;
    *rc = CLAIM_NOT_FOUND;
    if (row) {
        *rc = strcmp(json_string_value(json_object_get(row, "state")), "submitted") == 0
                  ? CLAIM_OK
                  : CLAIM_WRONG_STATE;
        agreement = json_integer_value(json_object_get(row, "agreement_id"));
    }
    json_decref(row);
    return *rc == CLAIM_OK ? agreement : 0;
}

claim_rc claim_line_check(db_conn *c, int64_t city_id, int64_t line_id, const char *decision,
                          int64_t admitted_cents, const char *reason, int64_t user_id)
{
    claim_rc rc;
    int64_t claim = line_claim_of(c, line_id);
    if (!claim) return CLAIM_NOT_FOUND;
    int64_t agreement = checkable_agreement(c, city_id, claim, &rc);
    if (rc) return rc;
    if (claims_manages(c, agreement, user_id)) return CLAIM_SEPARATION;
    int64_t amount = 0;
    db_query_int(c, "SELECT amount_cents FROM expense_lines WHERE id = ?", DB_ARGS(DB_INT(line_id)),
                 &amount);
    if (strcmp(decision, "admitted") == 0)
        admitted_cents = amount;
    else if (strcmp(decision, "rejected") == 0)
        admitted_cents = 0;
    else if (admitted_cents <= 0 || admitted_cents >= amount)
        return CLAIM_BAD_AMOUNT;
    if (db_exec(c,
                "UPDATE expense_lines SET decision = ?, admitted_cents = ?, reason = ?, "
                "checked_by = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(decision), DB_INT(admitted_cents), DB_TEXT(reason), DB_INT(user_id),
                        DB_INT(line_id)),
                NULL) != DB_OK)
        return CLAIM_ERROR;
    return CLAIM_OK;
}

claim_rc claim_close_check(db_conn *c, int64_t city_id, int64_t claim_id,
                           const bool answers[CHECKLIST_N], const char *note, int64_t user_id,
                           int64_t now)
{
    claim_rc rc;
    int64_t agreement = checkable_agreement(c, city_id, claim_id, &rc);
    if (rc) return rc;
    if (claims_manages(c, agreement, user_id)) return CLAIM_SEPARATION;
    int64_t pending = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM expense_lines WHERE claim_id = ? AND decision = 'pending'",
                 DB_ARGS(DB_INT(claim_id)), &pending);
    if (pending) return CLAIM_PENDING_LINES;
    json_t *list = json_object();
    for (int i = 0; i < CHECKLIST_N; i++)
        json_object_set_new(list, CHECKLIST[i], json_boolean(answers[i]));
    char *text = json_dumps(list, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(list);
    if (!text) return CLAIM_ERROR;
    db_rc d = db_exec(
        c,
        "UPDATE expense_claims SET state = 'checked', checked_by = ?, checked_at = ?, "
        "checklist = ?, outcome_note = ? WHERE id = ?",
        DB_ARGS(DB_INT(user_id), DB_INT(now), DB_TEXT(text), DB_TEXT(note), DB_INT(claim_id)),
        NULL);
    free(text);
    if (d != DB_OK) return CLAIM_ERROR;
    return audit_append(c, city_id, user_id, "claim_checked", "expense_claim", claim_id, NULL)
               ? CLAIM_ERROR
               : CLAIM_OK;
}

json_t *claim_get(db_conn *c, int64_t claim_id)
{
    json_t *claim =
        db_query_object(c,
                        "SELECT e.id, e.agreement_id, e.label, e.starts_on, e.ends_on, "
                        "e.state, e.submitted_at, e.checked_at, e.checklist, "
                        "e.outcome_note, u.name AS checked_by_name, pe.year AS register_year, "
                        "pe.number AS register_number FROM expense_claims e LEFT JOIN users u "
                        "ON u.id = e.checked_by LEFT JOIN protocol_entries pe ON "
                        "pe.id = e.protocol_entry_id WHERE e.id = ?",
                        DB_ARGS(DB_INT(claim_id)));
    if (!claim) return NULL;
    json_t *one = json_pack("[O]", claim);
    protocol_label_each(one, "register_year", "register_number", "register_label");
    json_decref(one);
    json_object_set_new(
        claim, "lines",
        db_query_json(c,
                      "SELECT l.id, l.budget_line, l.supplier, l.doc_number, l.doc_date, "
                      "l.amount_cents, l.paid_on, l.document_name, l.document_sha256, "
                      "l.decision, l.admitted_cents, l.reason FROM expense_lines l "
                      "WHERE l.claim_id = ? ORDER BY l.id",
                      DB_ARGS(DB_INT(claim_id))));
    json_t *checklist = json_loads(json_string_value(json_object_get(claim, "checklist")), 0, NULL);
    json_object_set_new(claim, "checklist", checklist ? checklist : json_object());
    json_object_set_new(claim, "spot_check",
                        db_query_object(c,
                                        "SELECT s.outcome, s.note, s.visited_on, s.draw_id "
                                        "FROM spot_checks s WHERE s.claim_id = ?",
                                        DB_ARGS(DB_INT(claim_id))));
    return claim;
}

json_t *claims_list(db_conn *c, int64_t agreement_id)
{
    return db_query_json(c,
                         "SELECT e.id, e.label, e.starts_on, e.ends_on, e.state, "
                         "COUNT(l.id) AS lines, COALESCE(SUM(l.amount_cents), 0) AS amount_cents, "
                         "COALESCE(SUM(CASE WHEN e.state = 'checked' THEN l.admitted_cents "
                         "ELSE 0 END), 0) AS admitted_cents "
                         "FROM expense_claims e LEFT JOIN expense_lines l ON l.claim_id = e.id "
                         "WHERE e.agreement_id = ? "
                         "GROUP BY e.id, e.label, e.starts_on, e.ends_on, e.state "
                         "ORDER BY e.starts_on, e.id",
                         DB_ARGS(DB_INT(agreement_id)));
}

json_t *claims_budget(db_conn *c, int64_t agreement_id)
{
    json_t *lines = budget_lines(c, agreement_id);
    if (!lines) lines = json_array();
    json_t *sums = db_query_json(
        c,
        "SELECT l.budget_line, SUM(" COUNTED ") AS claimed, "
        "SUM(CASE WHEN e.state = 'checked' THEN l.admitted_cents ELSE 0 END) AS admitted "
        "FROM expense_lines l JOIN expense_claims e ON e.id = l.claim_id "
        "WHERE e.agreement_id = ? GROUP BY l.budget_line",
        DB_ARGS(DB_INT(agreement_id)));
    json_int_t claimed_total = 0, admitted_total = 0;
    size_t i, k;
    json_t *x, *s;
    json_array_foreach(lines, i, x)
    {
        json_int_t claimed = 0, admitted = 0;
        json_array_foreach(sums, k, s)
        {
            if (json_integer_value(json_object_get(s, "budget_line")) == (json_int_t)i + 1) {
                claimed = json_integer_value(json_object_get(s, "claimed"));
                admitted = json_integer_value(json_object_get(s, "admitted"));
            }
        }
        claimed_total += claimed;
        admitted_total += admitted;
        json_object_set_new(x, "position", json_integer((json_int_t)i + 1));
        json_object_set_new(x, "claimed_cents", json_integer(claimed));
        json_object_set_new(x, "admitted_cents", json_integer(admitted));
        json_object_set_new(
            x, "is_over",
            json_boolean(claimed > json_integer_value(json_object_get(x, "amount_cents"))));
    }
    json_decref(sums);
    return json_pack("{s:o,s:I,s:I,s:I}", "lines", lines, "total_cents",
                     (json_int_t)agreement_total(c, agreement_id), "claimed_cents", claimed_total,
                     "admitted_cents", admitted_total);
}

int64_t claim_agreement_of(db_conn *c, int64_t claim_id)
{
    int64_t a = 0;
    db_query_int(c, "SELECT agreement_id FROM expense_claims WHERE id = ?",
                 DB_ARGS(DB_INT(claim_id)), &a);
    return a;
}

int64_t line_claim_of(db_conn *c, int64_t line_id)
{
    int64_t a = 0;
    db_query_int(c, "SELECT claim_id FROM expense_lines WHERE id = ?", DB_ARGS(DB_INT(line_id)),
                 &a);
    return a;
}

void *line_document(db_conn *c, int64_t line_id, size_t *len, char *name, size_t namelen,
                    char *mime, size_t mimelen)
{
    db_rows *r = db_query(c,
                          "SELECT l.document_name, b.mime, b.content FROM expense_lines l "
                          "JOIN blobs b ON b.sha256 = l.document_sha256 WHERE l.id = ?",
                          DB_ARGS(DB_INT(line_id)));
    void *data = NULL;
    if (r && db_next(r)) {
        snprintf(name, namelen, "%s", db_text(r, 0));
        snprintf(mime, mimelen, "%s", db_text(r, 1));
        data = blob_copy(r, 2, len);
    }
    db_rows_close(r);
    return data;
}

json_t *claims_of_operation(db_conn *c, int64_t operation_id)
{
    return db_query_json(
        c,
        "SELECT e.agreement_id, o.name AS organisation, e.label, e.starts_on, e.ends_on, e.state, "
        "COALESCE(SUM(l.amount_cents), 0) AS amount_cents, "
        "COALESCE(SUM(CASE WHEN e.state = 'checked' THEN l.admitted_cents ELSE 0 END), 0) AS "
        "admitted_cents FROM expense_claims e JOIN agreements g ON g.id = e.agreement_id "
        "JOIN organisations o ON o.id = g.organisation_id "
        "JOIN codesign_tables t ON t.id = g.table_id JOIN calls k ON k.id = t.call_id "
        "LEFT JOIN expense_lines l ON l.claim_id = e.id WHERE k.operation_id = ? "
        "GROUP BY e.id, e.agreement_id, o.name, e.label, e.starts_on, e.ends_on, e.state "
        "ORDER BY e.agreement_id, e.starts_on, e.id",
        DB_ARGS(DB_INT(operation_id)));
}

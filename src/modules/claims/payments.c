/* Payment requests following the agreement's schedule, computed in cents; each request and
 * each payment registered in the protocol. */
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "base/money.h"
#include "modules/audit/audit.h"
#include "modules/claims/claims.h"
#include "modules/protocol/protocol.h"

const char *const INSTALMENTS[4] = {"advance", "interim", "balance", NULL};

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

claim_rc payment_due(const payment_basis *b, int k, int64_t *due)
{
    *due = 0;
    if (k < 0 || k > 2) return CLAIM_ERROR;
    if (b->nrequested != k) return b->nrequested > k ? CLAIM_EXISTS : CLAIM_ORDER;
    if (b->total_cents <= 0) return CLAIM_ERROR;
    /* 128-bit product: admitted × funding passes 2^63 for budgets above 30 million euro. */
    int64_t share = (int64_t)((__int128)b->admitted_cents * b->funding_cents / b->total_cents);
    switch (k) {
    case 0:
        *due = b->schedule_cents[0];
        break;
    case 1:
        *due = min64(share, b->schedule_cents[0] + b->schedule_cents[1]) - b->requested_cents;
        break;
    default:
        if (b->claims_open) return CLAIM_ORDER;
        *due = min64(share, b->funding_cents) - b->requested_cents;
        break;
    }
    return *due > 0 ? CLAIM_OK : CLAIM_NOTHING_DUE;
}

claim_rc payment_basis_of(db_conn *c, int64_t agreement_id, payment_basis *b)
{
    memset(b, 0, sizeof *b);
    json_t *row = db_query_object(c, "SELECT document, state FROM agreements WHERE id = ?",
                                  DB_ARGS(DB_INT(agreement_id)));
    if (!row) return CLAIM_NOT_FOUND;
    json_t *doc = json_loads(json_string_value(json_object_get(row, "document")), 0, NULL);
    bool active = strcmp(json_string_value(json_object_get(row, "state")), "active") == 0;
    json_decref(row);
    b->funding_cents = json_integer_value(json_object_get(doc, "funding_cents"));
    b->total_cents = json_integer_value(json_object_get(doc, "total_cents"));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(doc, "payments"), i, p)
    {
        const char *label = json_string_value(json_object_get(p, "label"));
        for (int k = 0; k < 3; k++)
            if (label && strcmp(label, INSTALMENTS[k]) == 0)
                b->schedule_cents[k] = json_integer_value(json_object_get(p, "amount_cents"));
    }
    json_decref(doc);
    int64_t open = 0, requested = 0, n = 0;
    if (db_query_int(c,
                     "SELECT COALESCE(SUM(l.admitted_cents), 0) FROM expense_lines l "
                     "JOIN expense_claims e ON e.id = l.claim_id "
                     "WHERE e.agreement_id = ? AND e.state = 'checked'",
                     DB_ARGS(DB_INT(agreement_id)), &b->admitted_cents) != DB_OK ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM expense_claims WHERE agreement_id = ? "
                     "AND state <> 'checked'",
                     DB_ARGS(DB_INT(agreement_id)), &open) != DB_OK ||
        db_query_int(c,
                     "SELECT COALESCE(SUM(amount_cents), 0) FROM payment_requests "
                     "WHERE agreement_id = ?",
                     DB_ARGS(DB_INT(agreement_id)), &requested) != DB_OK ||
        db_query_int(c, "SELECT COUNT(*) FROM payment_requests WHERE agreement_id = ?",
                     DB_ARGS(DB_INT(agreement_id)), &n) != DB_OK)
        return CLAIM_ERROR;
    b->claims_open = open > 0;
    b->requested_cents = requested;
    b->nrequested = (int)n;
    return active ? CLAIM_OK : CLAIM_WRONG_STATE;
}

/* A request comes in from the body; the payment goes out to it. The registered document is the
 * request as the register keeps it (canonical JSON of the request's row and the body). */
static claim_rc register_payment(db_conn *c, int64_t payment_id, bool paid, int64_t user_id,
                                 int64_t now)
{
    json_t *p = db_query_object(
        c,
        "SELECT p.id AS payment_id, p.agreement_id, p.instalment, p.amount_cents, "
        "p.admitted_cents, p.requested_at, p.paid_on, k.city_id, o.name AS organisation, "
        "o.tax_code FROM payment_requests p JOIN agreements k ON k.id = p.agreement_id JOIN "
        "organisations o ON o.id = k.organisation_id WHERE p.id = ?",
        DB_ARGS(DB_INT(payment_id)));
    char *content = p ? json_dumps(p, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    if (!content) {
        json_decref(p);
        return CLAIM_ERROR;
    }
    static const char *const WORDS[] = {"dell'anticipo", "della quota intermedia", "del saldo"};
    int k = 0;
    while (INSTALMENTS[k] &&
           strcmp(INSTALMENTS[k], json_string_value(json_object_get(p, "instalment"))) != 0)
        k++;
    char sha[65], name[64], who[300], subject[500], amount[40];
    sha256_hex(content, strlen(content), sha);
    free(content);
    money_format(json_integer_value(json_object_get(p, "amount_cents")), "it", amount,
                 sizeof amount);
    long long agreement = (long long)json_integer_value(json_object_get(p, "agreement_id"));
    snprintf(name, sizeof name, "%s-%lld.json", paid ? "pagamento" : "richiesta-pagamento",
             (long long)payment_id);
    snprintf(who, sizeof who, "%s (%s)", json_string_value(json_object_get(p, "organisation")),
             json_string_value(json_object_get(p, "tax_code")));
    if (paid)
        snprintf(subject, sizeof subject, "Pagamento %s di %s, convenzione n. %lld, pagato il %s",
                 WORDS[k < 3 ? k : 2], amount, agreement,
                 json_string_value(json_object_get(p, "paid_on")));
    else
        snprintf(subject, sizeof subject, "Richiesta di pagamento %s di %s, convenzione n. %lld",
                 WORDS[k < 3 ? k : 2], amount, agreement);
    protocol_file file = {.name = name, .sha256 = sha};
    protocol_in in = {.city_id = json_integer_value(json_object_get(p, "city_id")),
                      .user_id = user_id,
                      .direction = paid ? "out" : "in",
                      .kind = paid ? "decision" : "letter",
                      .correspondent = who,
                      .subject = subject,
                      .ref_type = "agreement",
                      .ref_id = agreement,
                      .files = &file,
                      .nfiles = 1,
                      .now = now};
    json_decref(p);
    protocol_number n;
    if (protocol_register(c, &in, &n) != PROTO_OK) return CLAIM_ERROR;
    return db_exec(c,
                   paid ? "UPDATE payment_requests SET paid_entry_id = ? WHERE id = ?"
                        : "UPDATE payment_requests SET request_entry_id = ? WHERE id = ?",
                   DB_ARGS(DB_INT(n.id), DB_INT(payment_id)), NULL) == DB_OK
               ? CLAIM_OK
               : CLAIM_ERROR;
}

claim_rc payment_request(db_conn *c, int64_t agreement_id, const char *instalment, int64_t user_id,
                         int64_t now, int64_t *id, int64_t *amount)
{
    int k = 0;
    while (INSTALMENTS[k] && strcmp(INSTALMENTS[k], instalment) != 0) k++;
    if (!INSTALMENTS[k]) return CLAIM_ERROR;
    payment_basis b;
    claim_rc rc = payment_basis_of(c, agreement_id, &b);
    if (rc) return rc;
    if ((rc = payment_due(&b, k, amount))) return rc;
    db_rc d = db_query_int(c,
                           "INSERT INTO payment_requests (agreement_id, instalment, amount_cents, "
                           "admitted_cents, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?) "
                           "RETURNING id",
                           DB_ARGS(DB_INT(agreement_id), DB_TEXT(instalment), DB_INT(*amount),
                                   DB_INT(b.admitted_cents), DB_INT(user_id), DB_INT(now)),
                           id);
    if (d == DB_CONSTRAINT) return CLAIM_EXISTS;
    if (d != DB_OK || register_payment(c, *id, false, user_id, now) != CLAIM_OK) return CLAIM_ERROR;
    return audit_append(c, 0, user_id, "payment_request", "payment_request", *id, NULL)
               ? CLAIM_ERROR
               : CLAIM_OK;
}

claim_rc payment_paid(db_conn *c, int64_t city_id, int64_t payment_id, const char *paid_on,
                      int64_t user_id, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE payment_requests SET state = 'paid', paid_on = ?, paid_by = ? "
                "WHERE id = ? AND state = 'requested' AND agreement_id IN "
                "(SELECT id FROM agreements WHERE city_id = ?)",
                DB_ARGS(DB_TEXT(paid_on), DB_INT(user_id), DB_INT(payment_id), DB_INT(city_id)),
                &changed) != DB_OK)
        return CLAIM_ERROR;
    if (!changed) return payment_agreement_of(c, payment_id) ? CLAIM_WRONG_STATE : CLAIM_NOT_FOUND;
    if (register_payment(c, payment_id, true, user_id, now) != CLAIM_OK) return CLAIM_ERROR;
    return audit_append(c, city_id, user_id, "payment_paid", "payment_request", payment_id, NULL)
               ? CLAIM_ERROR
               : CLAIM_OK;
}

int64_t payment_agreement_of(db_conn *c, int64_t payment_id)
{
    int64_t a = 0;
    db_query_int(c, "SELECT agreement_id FROM payment_requests WHERE id = ?",
                 DB_ARGS(DB_INT(payment_id)), &a);
    return a;
}

json_t *payments_list(db_conn *c, int64_t agreement_id)
{
    json_t *requests =
        db_query_json(c,
                      "SELECT p.id, p.instalment, p.amount_cents, p.admitted_cents, p.state, "
                      "p.requested_at, p.paid_on, ri.year AS request_year, ri.number AS "
                      "request_number, pi.year AS paid_year, pi.number AS paid_number FROM "
                      "payment_requests p LEFT JOIN protocol_entries ri ON ri.id = "
                      "p.request_entry_id LEFT JOIN protocol_entries pi ON pi.id = "
                      "p.paid_entry_id WHERE p.agreement_id = ? ORDER BY p.id",
                      DB_ARGS(DB_INT(agreement_id)));
    protocol_label_each(requests, "request_year", "request_number", "request_label");
    protocol_label_each(requests, "paid_year", "paid_number", "paid_label");
    payment_basis b;
    json_t *next = json_null();
    if (payment_basis_of(c, agreement_id, &b) == CLAIM_OK && b.nrequested < 3) {
        int64_t due = 0;
        claim_rc rc = payment_due(&b, b.nrequested, &due);
        next =
            json_pack("{s:s,s:I,s:b,s:s}", "instalment", INSTALMENTS[b.nrequested], "due_cents",
                      (json_int_t)(due > 0 ? due : 0), "is_requestable", rc == CLAIM_OK, "reason",
                      rc == CLAIM_ORDER         ? "claims_open"
                      : rc == CLAIM_NOTHING_DUE ? "nothing_due"
                                                : "");
    }
    json_int_t paid = 0;
    size_t i;
    json_t *x;
    json_array_foreach(requests, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "state")), "paid") == 0)
            paid += json_integer_value(json_object_get(x, "amount_cents"));
    }
    return json_pack("{s:o,s:o,s:I,s:I,s:I,s:I}", "requests", requests ? requests : json_array(),
                     "next", next, "paid_cents", paid, "admitted_cents",
                     (json_int_t)b.admitted_cents, "funding_cents", (json_int_t)b.funding_cents,
                     "total_cents", (json_int_t)b.total_cents);
}

json_t *payments_of_operation(db_conn *c, int64_t operation_id)
{
    return db_query_json(c,
                         "SELECT p.agreement_id, o.name AS organisation, p.instalment, "
                         "p.amount_cents, p.admitted_cents, p.state, p.paid_on "
                         "FROM payment_requests p JOIN agreements g ON g.id = p.agreement_id "
                         "JOIN organisations o ON o.id = g.organisation_id "
                         "JOIN codesign_tables t ON t.id = g.table_id "
                         "JOIN calls k ON k.id = t.call_id WHERE k.operation_id = ? "
                         "ORDER BY p.agreement_id, p.id",
                         DB_ARGS(DB_INT(operation_id)));
}

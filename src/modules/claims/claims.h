/* Expense claims (rendicontazione) of active agreements and their first-level checks:
 * the body files claims per period with expense lines and their documents; a controller of the
 * city, who never managed the same operation, admits, reduces or rejects each line and closes
 * the check with its checklist; sampled on-the-spot checks; payment requests following the
 * agreement's schedule. Rules and SQL only. */
#ifndef COPROG_MODULES_CLAIMS_H
#define COPROG_MODULES_CLAIMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    CLAIM_OK = 0,
    CLAIM_ERROR = -1,
    CLAIM_NOT_FOUND = -2,
    CLAIM_WRONG_STATE = -3,   /* not in the state this step needs */
    CLAIM_EXISTS = -4,        /* label already used, instalment already requested */
    CLAIM_BAD_DATES = -5,     /* period, or a document or payment date outside it */
    CLAIM_OVER_TOTAL = -6,    /* the agreement's total budget would be passed */
    CLAIM_BAD_LINE = -7,      /* no such budget line in the agreement */
    CLAIM_SEPARATION = -8,    /* the controller managed this operation */
    CLAIM_PENDING_LINES = -9, /* lines still to be decided */
    CLAIM_NOTHING_DUE = -10,  /* the computed amount is zero or less */
    CLAIM_ORDER = -11,        /* an earlier instalment is missing, or claims are open */
    CLAIM_BAD_AMOUNT = -12,   /* a reduction must be above 0 and below the line's amount */
} claim_rc;

/* Items of the administrative checklist, in order. */
enum { CHECKLIST_N = 5 };
extern const char *const CHECKLIST[CHECKLIST_N];

typedef struct expense_in {
    int64_t budget_line; /* 1-based position in the final project's budget */
    const char *supplier, *doc_number, *doc_date, *paid_on;
    int64_t amount_cents;
    const void *document;
    size_t document_len;
    const char *document_mime, *document_name;
} expense_in;

claim_rc claim_add(db_conn *c, int64_t agreement_id, const char *label, const char *from,
                   const char *to, int64_t now, int64_t *id);
/* Adds a line to a draft claim. Refused (CLAIM_OVER_TOTAL) when the amounts claimed on the
 * agreement would pass its total budget; *over_line is set when its budget line is passed (a
 * warning: budget lines may be rebalanced). */
claim_rc claim_line_add(db_conn *c, int64_t claim_id, const expense_in *in, int64_t now,
                        int64_t *line_id, bool *over_line);
claim_rc claim_line_delete(db_conn *c, int64_t line_id);
claim_rc claim_submit(db_conn *c, int64_t claim_id, int64_t user_id, int64_t now);

/* The separation of functions: true when the user managed the agreement's operation (wrote
 * one of its calls, signed one of its agreements for the city, decided its indicators, or
 * recorded one of its payments). */
bool claims_manages(db_conn *c, int64_t agreement_id, int64_t user_id);
/* decision: admitted, reduced (admitted_cents) or rejected; reduced and rejected need a
 * reason. */
claim_rc claim_line_check(db_conn *c, int64_t city_id, int64_t line_id, const char *decision,
                          int64_t admitted_cents, const char *reason, int64_t user_id);
/* Closes the check of a claim whose lines are all decided: checklist answers and a note. */
claim_rc claim_close_check(db_conn *c, int64_t city_id, int64_t claim_id,
                           const bool answers[CHECKLIST_N], const char *note, int64_t user_id,
                           int64_t now);

json_t *claim_get(db_conn *c, int64_t claim_id);
json_t *claims_list(db_conn *c, int64_t agreement_id);
/* The agreement's budget lines with amounts claimed (pending or admitted) and admitted, and
 * the totals: {"lines": [...], "total_cents", "claimed_cents", "admitted_cents"}. */
json_t *claims_budget(db_conn *c, int64_t agreement_id);
int64_t claim_agreement_of(db_conn *c, int64_t claim_id);
int64_t line_claim_of(db_conn *c, int64_t line_id);
/* The line's document (malloc'd), or NULL. */
void *line_document(db_conn *c, int64_t line_id, size_t *len, char *name, size_t namelen,
                    char *mime, size_t mimelen);

/* Sampling for on-the-spot checks. Orders ids by the SHA-256 of "<seed>:<id>" (hex,
 * ascending; ties cannot happen in practice) and returns how many of the first ones make the
 * sample: rate_bp of n rounded up, at least 1 when n > 0. Pure: anyone can repeat it. */
size_t sample_order(const char *seed, int64_t *ids, size_t n, int64_t rate_bp);
/* Draws over the city's submitted or checked claims not sampled yet; records the draw (seed,
 * population, selection) and a pending spot check for each selected claim. seed NULL: 128
 * random bits. */
claim_rc sample_draw(db_conn *c, int64_t city_id, int64_t rate_bp, const char *seed,
                     int64_t user_id, int64_t now, int64_t *draw_id);
claim_rc spot_check_record(db_conn *c, int64_t city_id, int64_t claim_id, const char *outcome,
                           const char *visited_on, const char *note, int64_t user_id);
/* The city's claims awaiting a check, its draws and spot checks. */
json_t *controls_overview(db_conn *c, int64_t city_id);

/* Payments. An instalment: 0 advance, 1 interim, 2 balance. */
typedef struct payment_basis {
    int64_t funding_cents, total_cents; /* public funding; funding plus co-financing */
    int64_t schedule_cents[3];          /* the agreement's instalments */
    int64_t admitted_cents;             /* admitted expenses of checked claims */
    int64_t requested_cents;            /* instalments already requested */
    int nrequested;                     /* how many: requests go in order */
    bool claims_open;                   /* a claim is still draft or under check */
} payment_basis;
/* The amount due for instalment k, in cents. The public share of admitted expenses is
 * admitted × funding / total, rounded down, so co-financing stays at its agreed share.
 * Advance: its scheduled amount. Interim: the public share, capped at advance + interim, less
 * what was requested. Balance: the public share, capped at the funding, less what was
 * requested, once every claim is checked. */
claim_rc payment_due(const payment_basis *b, int k, int64_t *due);
extern const char *const INSTALMENTS[4];
claim_rc payment_request(db_conn *c, int64_t agreement_id, const char *instalment, int64_t user_id,
                         int64_t now, int64_t *id, int64_t *amount);
/* Both register in the protocol: the request comes in from the body, the payment goes out. */
claim_rc payment_paid(db_conn *c, int64_t city_id, int64_t payment_id, const char *paid_on,
                      int64_t user_id, int64_t now);
/* The basis of an agreement's payments as stored now. */
claim_rc payment_basis_of(db_conn *c, int64_t agreement_id, payment_basis *b);
/* Requests with their states, and the amount due now for each instalment not requested. */
json_t *payments_list(db_conn *c, int64_t agreement_id);
int64_t payment_agreement_of(db_conn *c, int64_t payment_id);

/* Every claim (with its claimed and admitted totals) and every payment request of an
 * operation's agreements, for the city's reports. */
json_t *claims_of_operation(db_conn *c, int64_t operation_id);
json_t *payments_of_operation(db_conn *c, int64_t operation_id);

#endif

/* Proposals (proposte progettuali) of Third Sector bodies for an area of a call: drafts saved
 * at any time, attachments (PDF, JPEG, PNG recognised by their content), and submissions that
 * are immutable, numbered per call, hashed and signed (see modules/receipts). A submission can
 * be withdrawn before the deadline and a new version submitted; every version is kept. */
#ifndef COPROG_MODULES_PROPOSALS_H
#define COPROG_MODULES_PROPOSALS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"
#include "modules/calls/calls.h"
#include "modules/receipts/receipts.h"

enum {
    PROPOSAL_MAX_PARTIES = 20,
    PROPOSAL_MAX_TARGETS = 20,
    PROPOSAL_MAX_LINES = 60,
};

typedef struct party_in {
    const char *role; /* partner or supporter: the lead is the proposing body itself */
    const char *tax_code, *name, *runts_number;
} party_in;

typedef struct target_in {
    const char *group;
    int64_t participants;
} target_in;

typedef struct line_in {
    const char *category, *description;
    int64_t amount_cents;
} line_in;

typedef struct proposal_in {
    int64_t area_id, space_id;
    const char *title, *summary, *activities, *support_network, *sustainability;
    int64_t requested_cents, cofinancing_cents;
    party_in parties[PROPOSAL_MAX_PARTIES];
    int nparties;
    target_in targets[PROPOSAL_MAX_TARGETS];
    int ntargets;
    line_in lines[PROPOSAL_MAX_LINES];
    int nlines;
} proposal_in;

/* What the submission rules look at. */
typedef struct proposal_facts {
    int64_t requested_cents, cofinancing_cents, lines_total_cents;
    int64_t area_budget_cents, min_cofinancing_bp;
    int missing_documents, targets;
    bool lead_has_runts;
    bool texts_complete;
} proposal_facts;

/* The rules of a submission, without the database: requested funding within the area's
 * budget, co-financing at least the call's share of the total cost (requested + co-financing),
 * budget lines adding up to that total, required documents attached, target groups given,
 * the lead enrolled in RUNTS. Returns the number of problems written to out. */
int proposal_check(const proposal_facts *f, call_problem *out, int max);

/* "application/pdf", "image/jpeg", "image/png" by the bytes themselves, or NULL. */
/* Final scores per criterion and the commission's notes for one proposal (shown to its ETS
 * once the ranking is out); only the scores of members still on the commission count. */
json_t *proposal_scores(db_conn *c, int64_t proposal_id);

typedef enum {
    PROP_OK = 0,
    PROP_ERROR = -1,
    PROP_NOT_FOUND = -2,
    PROP_NOT_DRAFT = -3,       /* submitted: withdraw it first */
    PROP_DEADLINE = -4,        /* the call is not open (deadline passed, or not published) */
    PROP_RULES = -5,           /* proposal_check found problems */
    PROP_ALREADY_IN_AREA = -6, /* a body of the proposal is already in another one for the area */
    PROP_BAD_AREA = -7,
    PROP_BAD_SPACE = -8, /* a space the call does not offer */
} prop_rc;

prop_rc proposal_create(db_conn *c, int64_t call_id, int64_t org_id, int64_t user_id,
                        const proposal_in *in, int64_t *id);
prop_rc proposal_update(db_conn *c, int64_t id, const proposal_in *in);
/* Stores the file (once per content) and links it to the proposal for a call document,
 * replacing an earlier file for the same document. */
prop_rc proposal_attach(db_conn *c, int64_t id, int64_t document_id, const char *filename,
                        const void *data, size_t len, const char *mime);
/* Everything about a proposal, with its call, area, parties, targets, lines, attachments and
 * submissions. NULL when missing. */
json_t *proposal_get(db_conn *c, int64_t id);
/* Submits: checks the deadline and the rules, numbers, hashes and signs. On PROP_RULES the
 * problems are in out[0..*nproblems). *receipt gets the signed receipt (new reference). */
prop_rc proposal_submit(db_conn *c, int64_t id, int64_t user_id, int64_t now,
                        const receipt_key *key, call_problem *out, int max, int *nproblems,
                        json_t **receipt);
prop_rc proposal_withdraw(db_conn *c, int64_t id, int64_t user_id, int64_t now);
/* Proposals of an organisation, or of the calls of a city. */
json_t *proposals_of_org(db_conn *c, int64_t org_id);
json_t *proposals_of_city(db_conn *c, int64_t city_id);
/* The bytes of an attachment of a proposal (malloc'd), with name and type. */
void *proposal_attachment(db_conn *c, int64_t proposal_id, int64_t attachment_id, size_t *len,
                          char *filename, size_t fnlen, char *mime, size_t mimelen);

/* The signed receipt of one submitted version, as issued (JSON, a line), and its protocol. */
bool proposal_receipt(db_conn *c, int64_t proposal_id, int64_t version, buf *out,
                      int64_t *protocol);

#endif

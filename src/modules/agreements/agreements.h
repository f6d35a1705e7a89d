/* Agreements (convenzioni, art. 11 L. 241/1990) generated from an approved final project:
 * parties, object, duration, funding with its payment schedule, co-financing, obligations, the
 * space granted in free loan, the reporting calendar. The document is JSON, hashed; signing is
 * the authenticated acceptance of that exact hash by a person with the power to sign (the
 * ETS's legal representative first, then an officer of the city). States: draft → signed_ets →
 * signed_city → active → closed. Activation assigns the space; a space holds one active
 * assignment at a time, which the database enforces. */
#ifndef COPROG_MODULES_AGREEMENTS_H
#define COPROG_MODULES_AGREEMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    AG_OK = 0,
    AG_ERROR = -1,
    AG_NOT_FOUND = -2,
    AG_WRONG_STATE = -3,
    AG_NOT_APPROVED = -4, /* the final project is not approved yet */
    AG_BAD_SCHEDULE = -5, /* payment percentages do not add up to 100 */
    AG_EXISTS = -6,
    AG_STALE = -7,        /* the hash accepted is not the document's */
    AG_NO_POWER = -8,     /* the person cannot sign for that party */
    AG_SPACE_TAKEN = -9,  /* the space has another active assignment */
    AG_NOT_READY = -10,   /* the PDF to sign was never downloaded, so nobody can have signed it */
    AG_SIG_REFUSED = -11, /* the signed file did not pass verification: see the report */
    AG_SIG_OTHER = -12,   /* passed, but no qualified signature is the uploader's */
    AG_NO_TAX_CODE = -13, /* the uploader has no codice fiscale to match a certificate with */
} ag_rc;

/* Whether user may sign for party ("ets": the body's legal representative; "city": an officer
 * of the agreement's city). */
bool agreement_may_sign(db_conn *c, json_t *agreement, int64_t user_id, const char *party);

/* Qualified signatures (qualified.c). The PDF to sign of a row of table ("agreements" or
 * "minutes_versions" or "final_project_versions", whose to_sign_sha256 and to_sign_size hold it) is
 * frozen at its first download, so that every party signs the same bytes: freeze stores pdf unless
 * one is stored already; read returns the stored bytes (malloc'd) or NULL. */
ag_rc to_sign_freeze(db_conn *c, const char *table, int64_t id, const void *pdf, size_t len);
void *to_sign_read(db_conn *c, const char *table, int64_t id, size_t *len);
/* A signed file uploaded by user: verified against the frozen PDF and the platform's trust
 * (*report always set when verification ran, owned by the caller); accepted when it passes, is
 * qualified and carries the uploader's own signature. Accepted, it is kept, registered in the
 * protocol register and, when it is that party's turn, signs the agreement for it (a party
 * that signed in coprog before may add its qualified signature later). */
/* The check every signed file goes through (an agreement's, a session's minutes): verified under
 * the platform's trust against the PDF to sign (its SHA-256 and size), accepted only when it
 * passes and one of its qualified signatures is user_id's by codice fiscale, then kept as a
 * blob. On AG_OK: report (the caller's to free, also on AG_SIG_*), the qualified signers'
 * names, the format, the file's SHA-256. AG_NO_TAX_CODE, AG_SIG_REFUSED, AG_SIG_OTHER. */
typedef struct signed_check {
    json_t *report;
    const char *format; /* in report */
    char names[600], file_sha[65];
    bool timestamped; /* a qualified signature's time-stamp held */
} signed_check;
ag_rc signed_file_check(db_conn *c, int64_t user_id, const char *to_sign_sha, int64_t to_sign_size,
                        const void *file, size_t len, int64_t now, signed_check *out);
/* Qualified signatures on the table's other documents (signed_docs.c): a kind names the
 * versions' table (whose to_sign_sha256 and to_sign_size hold the frozen PDF), the column naming
 * the parent (a session, a table), the signed files' table, which versions may be signed, and
 * how the protocol describes them. The version to sign (0 for none), a signed file checked,
 * kept and registered (AG_NOT_READY before the PDF to sign was downloaded, AG_EXISTS for the
 * same file again), the files kept (oldest first, each with its version and protocol entry),
 * and one of them (malloc'd, with meta {name, mime}) or NULL. The signer is a party of the
 * table: "ets" for a body, "city" for the city's officer, named as correspondent. */
typedef struct signed_kind {
    const char *versions, *parent, *files, *which, *ref_type;
    const char *what; /* the protocol's subject: "<what> n. <parent id> (versione ...)" */
    const char *stem; /* of the file names: "<stem>-<parent id>-da-firmare.pdf" */
    const char *audit;
    const char *create; /* SQL making the one version of a parent that has none yet, or NULL */
} signed_kind;
extern const signed_kind SIGNED_MINUTES; /* a session's minutes: the latest version */
extern const signed_kind SIGNED_PROJECT; /* a table's final project: the latest approved */
extern const signed_kind SIGNED_CALL;    /* a call's notice: its one act, signed by the city */
typedef struct doc_signer {
    int64_t city_id, parent_id, user_id;
    const char *party, *correspondent;
} doc_signer;
int64_t signed_doc_version(db_conn *c, const signed_kind *k, int64_t parent_id);
void signed_doc_name(const signed_kind *k, int64_t parent_id, char *out, size_t n);
/* Makes the version to sign where the kind makes it on demand (the call's act): 0, -1. */
int signed_doc_prepare(db_conn *c, const signed_kind *k, int64_t parent_id);
ag_rc signed_doc_add(db_conn *c, const signed_kind *k, const doc_signer *who, const char *file_name,
                     const void *file, size_t len, int64_t now, json_t **report, int64_t *file_id);
json_t *signed_doc_files(db_conn *c, const signed_kind *k, int64_t parent_id);
void *signed_doc_file(db_conn *c, const signed_kind *k, int64_t parent_id, int64_t file_id,
                      size_t *len, json_t **meta);
ag_rc agreement_qualified_add(db_conn *c, int64_t id, int64_t user_id, const char *file_name,
                              const void *file, size_t len, int64_t now, json_t **report,
                              int64_t *file_id);
/* The signed files kept for an agreement, oldest first. */
json_t *agreement_signed_files(db_conn *c, int64_t id);
/* One kept signed file's bytes (malloc'd) with its name in *meta, or NULL. */
void *agreement_signed_file(db_conn *c, int64_t id, int64_t file_id, size_t *len, json_t **meta);

/* Payments as basis points of the funding (10000 = 100%). */
ag_rc agreement_create(db_conn *c, int64_t city_id, int64_t table_id, int64_t user_id,
                       int64_t advance_bp, int64_t interim_bp, int64_t balance_bp, int64_t now,
                       int64_t *id);
ag_rc agreement_sign(db_conn *c, int64_t id, int64_t user_id, const char *sha256, int64_t now);
ag_rc agreement_activate(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now);
ag_rc agreement_close(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now);
/* The agreement with its document, signatures and space assignment; NULL when missing. */
json_t *agreement_get(db_conn *c, int64_t id);
/* Agreements of a city (0: all); only the signed ones when public_only. */
json_t *agreements_list(db_conn *c, int64_t city_id, bool public_only);
/* The document as PDF blocks (see view/pdf.h). */
json_t *agreement_pdf_doc(json_t *agreement);
/* Splits funding into the payments in cents; the balance takes the rounding remainder. */
void agreement_payments(int64_t funding_cents, int64_t advance_bp, int64_t interim_bp,
                        int64_t out[3]);

/* Creates the agreement's output indicators (the final project's own and the programme's
 * common ones) if it has none yet; active or closed agreements only. Activation does it. */
ag_rc agreement_indicators_ensure(db_conn *c, int64_t agreement_id);

/* The agreement's final project as frozen (content parsed, owned), or NULL. */
json_t *agreement_final_project(db_conn *c, int64_t agreement_id);

#endif

/* Verifying the signed files people upload: CAdES (a .p7m, DER or base64, nested signatures
 * unwrapped layer by layer) and PAdES (a PDF with one or more signatures, each over its byte
 * ranges). The indications and sub-indications are ETSI EN 319 102-1's; the checks are the
 * file's integrity, each signer's certificate chain to the trusted anchors at the time of
 * validation with the revocation lists given, the CAdES signing-certificate attribute, and the
 * qualified-certificate statements (QcCompliance, QcSSCD). A signature time-stamp that holds
 * (timestamp.h) proves the signature existed at its time: a signer expired or revoked after it
 * is judged at that time; without one, an expired or revoked signer is INDETERMINATE, as the
 * standard says.
 *
 * Beside the signatures, coprog asks whether the signed content is exactly the document the
 * parties approved: for CAdES the innermost content's SHA-256, for PAdES the PDF coprog
 * produced as the unchanged start of the signed file (a signature is an incremental update). */
#ifndef COPROG_MODULES_SIGNATURES_H
#define COPROG_MODULES_SIGNATURES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* The trusted anchors (PEM certificates: the trusted list's qualified CAs) and revocation lists
 * (PEM CRLs). Either may be NULL or empty; without a CRL for a CA its signers are TRY_LATER. */
typedef struct sig_trust {
    const char *anchors_pem;
    const char *crls_pem;
} sig_trust;

/* The document the signatures must be about: its SHA-256 (hex) and length in bytes. */
typedef struct sig_expect {
    const char *sha256;
    size_t len;
} sig_expect;

enum { SIG_MAX_BYTES = 20 << 20, SIG_MAX_LAYERS = 5 };

/* Verifies a signed file at instant now (UTC microseconds). Always returns a report (NULL only
 * when out of memory):
 *   format            "CAdES", "PAdES" or "unknown"
 *   indication        "TOTAL-PASSED", "TOTAL-FAILED" or "INDETERMINATE" (the worst signature's)
 *   sub_indication    ETSI's, or "" when passed
 *   signatures[]      per signature: layer (CAdES nesting, 1 outermost) or revision (PAdES),
 *                     signer, tax_code (from serialNumber TINIT-...), issuer, not_before,
 *                     not_after (instants), signing_time (claimed, or null), is_qualified,
 *                     indication, sub_indication, is_whole_file (PAdES), and timestamp when
 *                     there is one: time_at, tsa, indication, sub_indication
 *   content_sha256    CAdES: the innermost content's; PAdES: the whole file's
 *   is_document       whether the content is the expected document (always false without it)
 *   is_accepted       passed, qualified, and the expected document
 *   reason            a catalog key under signatures.reason saying why not accepted, or "" */
json_t *sig_verify(const void *data, size_t len, const sig_trust *trust, const sig_expect *expect,
                   int64_t now);

/* The anchors and CRLs as people see them: subject, issuer, validity, SHA-256 fingerprint;
 * NULL when the PEM text holds something that is not a certificate or a CRL. */
json_t *sig_trust_describe(const sig_trust *trust);

/* The platform's trust, kept in the settings (every instance reads the same): an administrator
 * loads the trusted list's CAs and their CRLs. Load: both texts malloc'd ("" when unset), 0 or
 * -1. */
int sig_trust_load(db_conn *c, char **anchors_pem, char **crls_pem);
/* Replaces what is given (NULL leaves it as it is), after checking it parses; audited. 0, -1 on
 * failure, 1 when a text holds no certificate or no CRL. */
int sig_trust_save(db_conn *c, const char *anchors_pem, const char *crls_pem, int64_t by_user);
/* The anchors taken from a trusted list (tsl.h), with what the list says of itself; audited. */
int sig_trust_list_save(db_conn *c, json_t *list, const char *anchors_pem, int64_t by_user);
/* What the loaded trusted list says (json null when the anchors were given by hand); NULL on a
 * database error. */
json_t *sig_trust_list_load(db_conn *c);

#endif

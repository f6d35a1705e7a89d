/* Signature time-stamps (CAdES-T, and PAdES-T's signature time-stamp, which is the same CMS
 * attribute): an RFC 3161 token over the signature's value, in the unsigned attribute
 * id-aa-signatureTimeStampToken. A token that holds proves the signature existed at its time
 * (ETSI EN 319 102-1's proof of existence), so a certificate that expired or was revoked
 * after it no longer makes the signature INDETERMINATE. Module-internal. */
#ifndef COPROG_MODULES_SIGNATURES_TIMESTAMP_H
#define COPROG_MODULES_SIGNATURES_TIMESTAMP_H

#include <jansson.h>
#include <openssl/cms.h>
#include <openssl/x509.h>
#include <stdint.h>

/* The signer's time-stamp checked against st (the TSA's certificate chained to an anchor, at
 * the token's time; its imprint the digest of this signature's value; its signature intact):
 * NULL when there is none, else {time_at (instant), tsa, indication, sub_indication}; *poe is the
 * token's time when it passed, INT64_MIN otherwise. st's own verification time is left as it
 * was. */
json_t *sig_timestamp(CMS_SignerInfo *si, X509_STORE *st, int64_t *poe);

#endif

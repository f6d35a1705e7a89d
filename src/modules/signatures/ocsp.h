/* Revocation by OCSP (RFC 6960), for a signer whose CA's CRL is not at hand. Module-internal. */
#ifndef COPROG_MODULES_SIGNATURES_OCSP_H
#define COPROG_MODULES_SIGNATURES_OCSP_H

#include <openssl/x509.h>

typedef enum { OCSP_GOOD, OCSP_REVOKED, OCSP_NO_ANSWER } ocsp_status;

/* Asks the responder the certificate names (its Authority Information Access, plain HTTP or
 * HTTPS) about cert, issued by issuer: one request with a nonce, ten seconds at most, the answer
 * signed by the issuer or by a responder it delegated (checked against st and chain), current,
 * and about this certificate. OCSP_NO_ANSWER for no responder named, no answer in time, or an
 * answer that does not hold. */
ocsp_status ocsp_ask(X509 *cert, X509 *issuer, X509_STORE *st, STACK_OF(X509) * chain);

#endif

/* What the module's readers share (module-internal): OpenSSL's times as instants, and base64
 * text (with or without PEM armour, whitespace anywhere) as bytes. */
#ifndef COPROG_MODULES_SIGNATURES_DER_H
#define COPROG_MODULES_SIGNATURES_DER_H

#include <openssl/asn1.h>
#include <stddef.h>
#include <stdint.h>

/* The instant (UTC microseconds) of t, or otherwise when there is none or it does not parse. */
int64_t sig_instant(const ASN1_TIME *t, int64_t otherwise);
/* The bytes base64 text stands for (malloc'd, *out its length), or NULL when it is not base64. */
unsigned char *sig_base64(const unsigned char *p, size_t len, size_t *out);

#endif

/* Base32 (RFC 4648, upper case, no padding): how authenticator apps take a TOTP secret. */
#ifndef COPROG_BASE_BASE32_H
#define COPROG_BASE_BASE32_H

#include <stddef.h>

/* Writes the encoding of n bytes and a NUL into out (size >= (8n+4)/5+1). */
void base32_encode(const unsigned char *p, size_t n, char *out);
/* Decodes s (case and spaces ignored, '=' padding allowed) into out (at most max bytes):
 * the length, or -1 when s is not base32 or does not fit. */
int base32_decode(const char *s, unsigned char *out, size_t max);

#endif

/* Hex encoding and SHA-256 helpers over libsodium. */
#ifndef COPROG_BASE_HEX_H
#define COPROG_BASE_HEX_H

#include <stddef.h>

/* Writes 2*n hex digits plus NUL into out (size >= 2n+1). */
void hex_encode(const unsigned char *p, size_t n, char *out);
/* SHA-256 of data as 64 hex digits + NUL in out[65]. */
void sha256_hex(const void *data, size_t n, char out[65]);

#endif

/* The JOSE pieces the federation needs, over OpenSSL: base64url (RFC 4648 §5, no padding) and
 * compact JWS with RS256 (RFC 7515, 7518). Module-internal. */
#ifndef COPROG_MODULES_IDENTITY_JOSE_H
#define COPROG_MODULES_IDENTITY_JOSE_H

#include <jansson.h>
#include <openssl/evp.h>
#include <stddef.h>

#include "db/db.h"

/* malloc'd base64url of n bytes, or NULL. */
char *jose_b64url(const unsigned char *p, size_t n);
/* header.payload.signature, signed with key (RS256); header gets alg. malloc'd, or NULL. */
char *jose_sign(json_t *header, json_t *payload, EVP_PKEY *key);

/* The key of a use, made on first use (keys.c); the caller frees it. */
EVP_PKEY *identity_key(db_conn *c, const char *use);
/* A key's public half as a JWK with its RFC 7638 thumbprint as kid. */
json_t *identity_jwk(const EVP_PKEY *k, const char *use);

#endif

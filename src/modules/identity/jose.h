/* The JOSE pieces the federation needs, over OpenSSL: base64url (RFC 4648 §5, no padding) and
 * compact JWS with RS256 (RFC 7515, 7518). Module-internal. */
#ifndef COPROG_MODULES_IDENTITY_JOSE_H
#define COPROG_MODULES_IDENTITY_JOSE_H

#include <jansson.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

/* malloc'd base64url of n bytes, or NULL. */
char *jose_b64url(const unsigned char *p, size_t n);
/* header.payload.signature, signed with key (RS256); header gets alg. malloc'd, or NULL. */
char *jose_sign(json_t *header, json_t *payload, EVP_PKEY *key);

/* Decodes base64url; malloc'd bytes and their count, or NULL. */
unsigned char *jose_b64url_decode(const char *s, size_t n, size_t *len);
/* A JSON object from n characters of base64url, or NULL. */
json_t *jose_part(const char *s, size_t n);
/* An RSA public key (2048 bits or more) from a JWK, or NULL. */
EVP_PKEY *jose_jwk_key(const json_t *jwk);
/* Verifies a compact JWS by a signing key of jwks ({"keys":[...]}, the header's kid when it
 * names one) with RS256/RS512/PS256/PS512 only; its payload (and header when asked), or NULL
 * with why an i18n key. Expiry and claims are the caller's. */
json_t *jose_verify(const char *jwt, const json_t *jwks, json_t **header, const char **why);
/* Decrypts a compact JWE (RSA-OAEP or RSA-OAEP-256; A128CBC-HS256 or A256CBC-HS512) with key;
 * malloc'd NUL-ended plaintext and its length, or NULL with why an i18n key. */
char *jose_decrypt(const char *jwe, EVP_PKEY *key, size_t *len, const char **why);

/* The key of a use, made on first use (keys.c); the caller frees it. */
EVP_PKEY *identity_key(db_conn *c, const char *use);
/* A key's public half as a JWK with its RFC 7638 thumbprint as kid. */
json_t *identity_jwk(const EVP_PKEY *k, const char *use);

#endif

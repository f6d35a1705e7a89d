/* Submission receipts, signed with the instance's Ed25519 key so that anyone holding the
 * published public key can check one offline.
 *
 * A receipt is a JSON document {"receipt": {...}, "algorithm": "Ed25519", "public_key": B64,
 * "signature": B64}; the signature covers the "receipt" object serialised canonically (keys
 * sorted, no spaces, ASCII only), so a receipt survives reformatting but not a changed value. */
#ifndef COPROG_MODULES_RECEIPTS_H
#define COPROG_MODULES_RECEIPTS_H

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>

#include "db/db.h"

typedef struct receipt_key {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
} receipt_key;

/* The instance's key, created on first use and kept in the settings table (so every instance
 * behind the proxy signs with the same key). 0 or -1. */
int receipt_key_load(db_conn *c, receipt_key *k);
/* The instance's public key if it has one, without making one: 0, or -1 when there is none. */
int receipt_public_key(db_conn *c, unsigned char pk[crypto_sign_PUBLICKEYBYTES]);
/* The public key as base64 (out: 45 bytes). */
void receipt_public_b64(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[64]);
/* Wraps payload into a signed receipt (new reference). */
json_t *receipt_sign(json_t *payload, const receipt_key *k);

typedef enum {
    RECEIPT_VALID = 0,
    RECEIPT_MALFORMED = -1,     /* not a receipt document */
    RECEIPT_BAD_SIGNATURE = -2, /* the content was changed, or the signature is not the key's */
    RECEIPT_OTHER_KEY = -3,     /* valid, but signed by another key than the one expected */
} receipt_rc;

/* Verifies a receipt document. expected_pk NULL: trust the key written in the receipt (the
 * caller then compares its fingerprint with the published one). */
receipt_rc receipt_verify(const char *text, size_t len,
                          const unsigned char *expected_pk /* may be NULL */);
const char *receipt_message(receipt_rc rc);

#endif

#include "modules/receipts/receipts.h"

#include <stdlib.h>
#include <string.h>

#include "base/hex.h"

static char *canonical(json_t *v)
{
    return json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
}

void receipt_public_b64(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[64])
{
    sodium_bin2base64(out, 64, pk, crypto_sign_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL);
}

static int from_hex(const char *hex, unsigned char *out, size_t n)
{
    size_t got = 0;
    return sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL) == 0 && got == n ? 0 : -1;
}

int receipt_key_load(db_conn *c, receipt_key *k)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        db_rows *r =
            db_query(c, "SELECT value FROM settings WHERE key = 'receipt_secret_key'", DB_NOARGS);
        int found = -1;
        if (r && db_next(r)) found = from_hex(db_text(r, 0), k->sk, sizeof k->sk);
        db_rows_close(r);
        if (found == 0) {
            crypto_sign_ed25519_sk_to_pk(k->pk, k->sk);
            return 0;
        }
        /* First use: make one. Two instances racing here both try; the loser re-reads. */
        crypto_sign_keypair(k->pk, k->sk);
        char hex[2 * crypto_sign_SECRETKEYBYTES + 1];
        hex_encode(k->sk, sizeof k->sk, hex);
        db_exec(c,
                "INSERT INTO settings (key, value) VALUES ('receipt_secret_key', ?) "
                "ON CONFLICT (key) DO NOTHING",
                DB_ARGS(DB_TEXT(hex)), NULL);
        sodium_memzero(hex, sizeof hex);
    }
    return -1;
}

int receipt_public_key(db_conn *c, unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
    receipt_key k;
    db_rows *r =
        db_query(c, "SELECT value FROM settings WHERE key = 'receipt_secret_key'", DB_NOARGS);
    int found = -1;
    if (r && db_next(r)) found = from_hex(db_text(r, 0), k.sk, sizeof k.sk);
    db_rows_close(r);
    if (found == 0) crypto_sign_ed25519_sk_to_pk(pk, k.sk);
    sodium_memzero(&k, sizeof k);
    return found == 0 ? 0 : -1;
}

json_t *receipt_sign(json_t *payload, const receipt_key *k)
{
    char *msg = canonical(payload);
    if (!msg) return NULL;
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), k->sk);
    free(msg);
    char sig64[128], pk64[64];
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    receipt_public_b64(k->pk, pk64);
    return json_pack("{s:O,s:s,s:s,s:s}", "receipt", payload, "algorithm", "Ed25519", "public_key",
                     pk64, "signature", sig64);
}

static int b64(const char *s, unsigned char *out, size_t n)
{
    size_t got = 0;
    if (!s) return -1;
    return sodium_base642bin(out, n, s, strlen(s), NULL, &got, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
                   got == n
               ? 0
               : -1;
}

receipt_rc receipt_verify(const char *text, size_t len, const unsigned char *expected_pk)
{
    json_error_t e;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
    json_t *payload = json_object_get(doc, "receipt");
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    receipt_rc rc = RECEIPT_MALFORMED;
    if (!json_is_object(payload) || !json_is_string(json_object_get(doc, "algorithm")) ||
        strcmp(json_string_value(json_object_get(doc, "algorithm")), "Ed25519") != 0 ||
        b64(json_string_value(json_object_get(doc, "public_key")), pk, sizeof pk) ||
        b64(json_string_value(json_object_get(doc, "signature")), sig, sizeof sig))
        goto out;
    char *msg = canonical(payload);
    if (!msg) goto out;
    rc = crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), pk) == 0
             ? RECEIPT_VALID
             : RECEIPT_BAD_SIGNATURE;
    free(msg);
    if (rc == RECEIPT_VALID && expected_pk && sodium_memcmp(pk, expected_pk, sizeof pk) != 0)
        rc = RECEIPT_OTHER_KEY;
out:
    json_decref(doc);
    return rc;
}

const char *receipt_message(receipt_rc rc)
{
    switch (rc) {
    case RECEIPT_VALID:
        return "valid: the receipt is intact and signed by this key";
    case RECEIPT_MALFORMED:
        return "not a coprog receipt (malformed JSON or missing fields)";
    case RECEIPT_BAD_SIGNATURE:
        return "invalid: the content was changed or the signature is forged";
    case RECEIPT_OTHER_KEY:
        return "signed by another key than this instance's";
    }
    return "invalid";
}

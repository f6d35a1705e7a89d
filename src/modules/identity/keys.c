/* The relying party's RSA keys, one per use, made on first use and kept in the settings (PEM):
 * every instance behind the proxy signs and decrypts with the same. Their public halves as JWK
 * (RFC 7517) with RFC 7638 thumbprints as kid. */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/identity/identity.h"
#include "modules/identity/jose.h"

static EVP_PKEY *from_pem(const char *pem)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    return k;
}

EVP_PKEY *identity_key(db_conn *c, const char *use)
{
    char name[64];
    snprintf(name, sizeof name, "identity_key_%s", use);
    for (int attempt = 0; attempt < 2; attempt++) {
        db_rows *r =
            db_query(c, "SELECT value FROM settings WHERE key = ?", DB_ARGS(DB_TEXT(name)));
        EVP_PKEY *k = r && db_next(r) ? from_pem(db_text(r, 0)) : NULL;
        db_rows_close(r);
        if (k) return k;
        /* First use: make one; two instances racing both try, the loser reads the winner's. */
        EVP_PKEY *made = EVP_RSA_gen(2048);
        BIO *b = BIO_new(BIO_s_mem());
        char *pem = NULL;
        if (made && b && PEM_write_bio_PrivateKey(b, made, NULL, NULL, 0, NULL, NULL)) {
            char *mem = NULL;
            long n = BIO_get_mem_data(b, &mem);
            pem = n > 0 ? strndup(mem, (size_t)n) : NULL;
        }
        BIO_free(b);
        EVP_PKEY_free(made);
        if (!pem) return NULL;
        db_exec(c, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                DB_ARGS(DB_TEXT(name), DB_TEXT(pem)), NULL);
        sodium_memzero(pem, strlen(pem));
        free(pem);
    }
    return NULL;
}

static char *bn_b64url(const EVP_PKEY *k, const char *param)
{
    BIGNUM *bn = NULL;
    if (!EVP_PKEY_get_bn_param(k, param, &bn)) return NULL;
    int n = BN_num_bytes(bn);
    unsigned char *raw = malloc((size_t)n + 1);
    char *out = raw ? jose_b64url(raw, (size_t)BN_bn2bin(bn, raw)) : NULL;
    free(raw);
    BN_free(bn);
    return out;
}

json_t *identity_jwk(const EVP_PKEY *k, const char *use)
{
    char *n = bn_b64url(k, OSSL_PKEY_PARAM_RSA_N), *e = bn_b64url(k, OSSL_PKEY_PARAM_RSA_E);
    json_t *jwk = NULL;
    if (n && e) {
        /* RFC 7638: the SHA-256 of the required members, in lexical order, no spaces. */
        char *members = NULL;
        if (asprintf(&members, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", e, n) > 0) {
            unsigned char h[32];
            crypto_hash_sha256(h, (const unsigned char *)members, strlen(members));
            char *kid = jose_b64url(h, sizeof h);
            bool enc = !strcmp(use, "oidc-enc");
            jwk = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kty", "RSA", "use", enc ? "enc" : "sig",
                            "alg", enc ? "RSA-OAEP-256" : "RS256", "kid", kid ? kid : "", "n", n,
                            "e", e);
            free(kid);
            free(members);
        }
    }
    free(n);
    free(e);
    return jwk;
}

/* Compact JWE decryption (RFC 7516) for the userinfo the providers send: the content key
 * unwrapped with RSA-OAEP or RSA-OAEP-256 (RFC 7518 §4.3), the content with AES-CBC and
 * HMAC-SHA-2 (§5.2). Debian's cjose has no RSA-OAEP-256, so this stands on OpenSSL's EVP.
 * Every other algorithm (RSA1_5, "dir", GCM, ...) is refused. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "modules/identity/jose.h"

typedef struct content_alg {
    const char *name;
    size_t key_len; /* the whole content key: MAC key then encryption key */
    const EVP_MD *(*mac)(void);
    const EVP_CIPHER *(*cipher)(void);
} content_alg;

static const content_alg CONTENT[] = {
    {"A128CBC-HS256", 32, EVP_sha256, EVP_aes_128_cbc},
    {"A256CBC-HS512", 64, EVP_sha512, EVP_aes_256_cbc},
};

/* RSA-OAEP uses SHA-1 for its hash and mask, RSA-OAEP-256 SHA-256 for both. */
static unsigned char *unwrap(EVP_PKEY *key, const EVP_MD *md, const unsigned char *wrapped,
                             size_t n, size_t *len)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    unsigned char *out = NULL;
    size_t out_len = 0;
    if (ctx && EVP_PKEY_decrypt_init(ctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) == 1 &&
        EVP_PKEY_decrypt(ctx, NULL, &out_len, wrapped, n) == 1 && (out = malloc(out_len)) &&
        EVP_PKEY_decrypt(ctx, out, &out_len, wrapped, n) == 1) {
        *len = out_len;
    } else {
        free(out);
        out = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    return out;
}

/* The five parts; false unless there are exactly five. */
static bool split5(const char *jwe, const char *start[5], size_t len[5])
{
    const char *p = jwe;
    for (int i = 0; i < 5; i++) {
        const char *dot = strchr(p, '.');
        if ((i < 4) != (dot != NULL)) return false;
        start[i] = p;
        len[i] = dot ? (size_t)(dot - p) : strlen(p);
        p = dot ? dot + 1 : p;
    }
    return true;
}

static bool tag_ok(const content_alg *ca, const unsigned char *mac_key, const char *aad,
                   size_t aad_len, const unsigned char *iv, size_t iv_len, const unsigned char *ct,
                   size_t ct_len, const unsigned char *tag, size_t tag_len)
{
    /* M = HMAC(MAC_KEY, A || IV || E || AL), AL the bits of A as 64-bit big-endian; the tag is
     * M's first half. */
    unsigned char al[8], m[EVP_MAX_MD_SIZE];
    uint64_t bits = (uint64_t)aad_len * 8;
    for (int i = 7; i >= 0; i--, bits >>= 8) al[i] = (unsigned char)(bits & 0xff);
    unsigned int m_len = 0;
    size_t half = ca->key_len / 2, n = aad_len + iv_len + ct_len + sizeof al;
    unsigned char *input = malloc(n);
    if (!input) return false;
    memcpy(input, aad, aad_len);
    memcpy(input + aad_len, iv, iv_len);
    memcpy(input + aad_len + iv_len, ct, ct_len);
    memcpy(input + n - sizeof al, al, sizeof al);
    bool ok = HMAC(ca->mac(), mac_key, (int)half, input, n, m, &m_len) && tag_len == half &&
              m_len >= half && CRYPTO_memcmp(m, tag, half) == 0;
    free(input);
    return ok;
}

char *jose_decrypt(const char *jwe, EVP_PKEY *key, size_t *out_len, const char **why)
{
    *why = "identity.jwe_malformed";
    const char *part[5];
    size_t len[5];
    if (!jwe || !split5(jwe, part, len)) return NULL;
    json_t *header = jose_part(part[0], len[0]);
    const char *alg = json_string_value(json_object_get(header, "alg"));
    const char *enc = json_string_value(json_object_get(header, "enc"));
    const EVP_MD *oaep = !alg                           ? NULL
                         : !strcmp(alg, "RSA-OAEP")     ? EVP_sha1()
                         : !strcmp(alg, "RSA-OAEP-256") ? EVP_sha256()
                                                        : NULL;
    const content_alg *ca = NULL;
    for (size_t i = 0; enc && i < sizeof CONTENT / sizeof *CONTENT; i++)
        if (!strcmp(enc, CONTENT[i].name)) ca = &CONTENT[i];
    unsigned char *raw[5] = {0}, *cek = NULL, *plain = NULL;
    size_t raw_len[5] = {0}, cek_len = 0;
    char *out = NULL;
    if (!header) goto done;
    /* A compressed payload ("zip") is refused: no one sends it, and it is a decompression
     * bomb's way in. */
    if (!oaep || !ca || json_object_get(header, "zip")) {
        *why = "identity.jwe_algorithm";
        goto done;
    }
    for (int i = 1; i < 5; i++)
        if (!(raw[i] = jose_b64url_decode(part[i], len[i], &raw_len[i]))) goto done;
    *why = "identity.jwe_decrypt";
    cek = unwrap(key, oaep, raw[1], raw_len[1], &cek_len);
    if (!cek || cek_len != ca->key_len || raw_len[2] != 16) goto done;
    if (!tag_ok(ca, cek, part[0], len[0], raw[2], raw_len[2], raw[3], raw_len[3], raw[4],
                raw_len[4]))
        goto done;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int n1 = 0, n2 = 0;
    plain = malloc(raw_len[3] + 17);
    if (c && plain &&
        EVP_DecryptInit_ex(c, ca->cipher(), NULL, cek + ca->key_len / 2, raw[2]) == 1 &&
        EVP_DecryptUpdate(c, plain, &n1, raw[3], (int)raw_len[3]) == 1 &&
        EVP_DecryptFinal_ex(c, plain + n1, &n2) == 1) {
        plain[n1 + n2] = '\0';
        *out_len = (size_t)n1 + (size_t)n2;
        out = (char *)plain;
        plain = NULL;
        *why = NULL;
    }
    EVP_CIPHER_CTX_free(c);
done:
    if (cek) OPENSSL_cleanse(cek, cek_len);
    free(cek);
    free(plain);
    for (int i = 1; i < 5; i++) free(raw[i]);
    json_decref(header);
    return out;
}

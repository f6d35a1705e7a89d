#include "modules/identity/jose.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

char *jose_b64url(const unsigned char *p, size_t n)
{
    size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(len);
    if (out) sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static char *part(json_t *v)
{
    char *text = json_dumps(v, JSON_COMPACT);
    char *out = text ? jose_b64url((const unsigned char *)text, strlen(text)) : NULL;
    free(text);
    return out;
}

char *jose_sign(json_t *header, json_t *payload, EVP_PKEY *key)
{
    json_object_set_new(header, "alg", json_string("RS256"));
    char *h = part(header), *p = part(payload), *input = NULL, *out = NULL;
    unsigned char *sig = NULL;
    size_t siglen = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!h || !p || !md || asprintf(&input, "%s.%s", h, p) < 0) goto done;
    if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
        EVP_DigestSign(md, NULL, &siglen, (const unsigned char *)input, strlen(input)) != 1 ||
        !(sig = malloc(siglen)) ||
        EVP_DigestSign(md, sig, &siglen, (const unsigned char *)input, strlen(input)) != 1)
        goto done;
    char *s = jose_b64url(sig, siglen);
    if (s && asprintf(&out, "%s.%s", input, s) < 0) out = NULL;
    free(s);
done:
    EVP_MD_CTX_free(md);
    free(sig);
    free(input);
    free(h);
    free(p);
    return out;
}

unsigned char *jose_b64url_decode(const char *s, size_t n, size_t *len)
{
    unsigned char *out = malloc(n * 3 / 4 + 1);
    if (out && sodium_base642bin(out, n * 3 / 4 + 1, s, n, NULL, len, NULL,
                                 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0)
        return out;
    free(out);
    return NULL;
}

json_t *jose_part(const char *s, size_t n)
{
    size_t len = 0;
    unsigned char *raw = jose_b64url_decode(s, n, &len);
    json_t *v = raw ? json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL) : NULL;
    free(raw);
    if (v && !json_is_object(v)) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

static BIGNUM *jwk_bn(const json_t *jwk, const char *member)
{
    const char *s = json_string_value(json_object_get(jwk, member));
    size_t len = 0;
    unsigned char *raw = s ? jose_b64url_decode(s, strlen(s), &len) : NULL;
    BIGNUM *bn = raw && len ? BN_bin2bn(raw, (int)len, NULL) : NULL;
    free(raw);
    return bn;
}

EVP_PKEY *jose_jwk_key(const json_t *jwk)
{
    const char *kty = json_string_value(json_object_get(jwk, "kty"));
    if (!kty || strcmp(kty, "RSA") != 0) return NULL;
    BIGNUM *n = jwk_bn(jwk, "n"), *e = jwk_bn(jwk, "e");
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *k = NULL;
    /* Keys under 2048 bits are refused, as the federation's rules ask. */
    if (!n || !e || !b || BN_num_bits(n) < 2048 ||
        !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, e) ||
        !(params = OSSL_PARAM_BLD_to_param(b)))
        goto done;
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params) != 1)
        k = NULL;
done:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(b);
    BN_free(n);
    BN_free(e);
    return k;
}

/* The signature algorithms the SPID/CIE rules allow with RSA keys; "none", HS* and anything
 * else are refused before any key is looked at. */
static const EVP_MD *rsa_alg(const char *alg, bool *pss)
{
    static const struct {
        const char *name;
        bool pss;
        int bits;
    } allowed[] = {
        {"RS256", false, 256}, {"RS512", false, 512}, {"PS256", true, 256}, {"PS512", true, 512}};
    for (size_t i = 0; alg && i < sizeof allowed / sizeof *allowed; i++)
        if (!strcmp(alg, allowed[i].name)) {
            *pss = allowed[i].pss;
            return allowed[i].bits == 256 ? EVP_sha256() : EVP_sha512();
        }
    return NULL;
}

static bool signature_ok(EVP_PKEY *key, const EVP_MD *md, bool pss, const char *input,
                         size_t input_len, const unsigned char *sig, size_t sig_len)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    bool ok = ctx && EVP_DigestVerifyInit(ctx, &pctx, md, NULL, key) == 1 &&
              (!pss || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1)) &&
              EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)input, input_len) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

json_t *jose_verify(const char *jwt, const json_t *jwks, json_t **header_out, const char **why)
{
    *why = "identity.jws_malformed";
    const char *dot1 = jwt ? strchr(jwt, '.') : NULL;
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot2 || strchr(dot2 + 1, '.')) return NULL;
    json_t *header = jose_part(jwt, (size_t)(dot1 - jwt));
    json_t *payload = NULL;
    if (!header) return NULL;
    bool pss = false;
    const EVP_MD *md = rsa_alg(json_string_value(json_object_get(header, "alg")), &pss);
    const char *kid = json_string_value(json_object_get(header, "kid"));
    json_t *keys = json_object_get(jwks, "keys");
    size_t sig_len = 0;
    unsigned char *sig = NULL;
    if (!md) {
        *why = "identity.jws_algorithm";
        goto done;
    }
    sig = jose_b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig_len);
    if (!sig) goto done;
    *why = "identity.jws_no_key";
    size_t i;
    json_t *jwk;
    json_array_foreach(keys, i, jwk)
    {
        const char *k_kid = json_string_value(json_object_get(jwk, "kid"));
        const char *use = json_string_value(json_object_get(jwk, "use"));
        /* A key named in the header must be that key; an encryption key never signs. */
        if ((kid && (!k_kid || strcmp(kid, k_kid) != 0)) || (use && strcmp(use, "sig") != 0))
            continue;
        EVP_PKEY *k = jose_jwk_key(jwk);
        bool ok = k && signature_ok(k, md, pss, jwt, (size_t)(dot2 - jwt), sig, sig_len);
        EVP_PKEY_free(k);
        if (ok) {
            payload = jose_part(dot1 + 1, (size_t)(dot2 - dot1 - 1));
            *why = payload ? NULL : "identity.jws_malformed";
            break;
        }
        *why = "identity.jws_signature";
    }
done:
    free(sig);
    if (payload && header_out)
        *header_out = header;
    else
        json_decref(header);
    return payload;
}

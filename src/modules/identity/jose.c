#include "modules/identity/jose.h"

#include <sodium.h>
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

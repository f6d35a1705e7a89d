#include "modules/signatures/der.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t sig_instant(const ASN1_TIME *t, int64_t otherwise)
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm(t, &tm)) return otherwise;
    return (int64_t)timegm(&tm) * 1000000;
}

unsigned char *sig_base64(const unsigned char *p, size_t len, size_t *out)
{
    /* base64, possibly inside PEM armour: the letters between the armour lines */
    const unsigned char *q = p, *end = p + len;
    const unsigned char *begin = memmem(p, len, "-----BEGIN", 10);
    if (begin) {
        const unsigned char *nl = memchr(begin, '\n', (size_t)(end - begin));
        q = nl ? nl + 1 : end;
        const unsigned char *stop = memmem(q, (size_t)(end - q), "-----END", 8);
        if (stop) end = stop;
    }
    char *clean = malloc(len + 1);
    if (!clean) return NULL;
    size_t n = 0, pad = 0;
    for (; q < end; q++) {
        if (isspace(*q)) continue;
        if (!isalnum(*q) && *q != '+' && *q != '/' && *q != '=') break;
        pad = *q == '=' ? pad + 1 : 0;
        clean[n++] = (char)*q;
    }
    unsigned char *d = q == end && n >= 4 && n % 4 == 0 && pad <= 2 ? malloc(n / 4 * 3) : NULL;
    int got = d ? EVP_DecodeBlock(d, (unsigned char *)clean, (int)n) : -1;
    free(clean);
    if (got <= 0 || (size_t)got < pad) {
        free(d);
        return NULL;
    }
    *out = (size_t)got - pad; /* EVP_DecodeBlock counts the padding as bytes */
    return d;
}

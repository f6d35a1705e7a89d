#include "base/base32.h"

#include <ctype.h>
#include <string.h>

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void base32_encode(const unsigned char *p, size_t n, char *out)
{
    unsigned acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = ALPHABET[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out[o++] = ALPHABET[(acc << (5 - bits)) & 31];
    out[o] = '\0';
}

int base32_decode(const char *s, unsigned char *out, size_t max)
{
    unsigned acc = 0;
    int bits = 0;
    size_t o = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '=') continue;
        const char *at = strchr(ALPHABET, toupper((unsigned char)*s));
        if (!at || !*at) return -1;
        acc = (acc << 5) | (unsigned)(at - ALPHABET);
        bits += 5;
        if (bits >= 8) {
            if (o == max) return -1;
            out[o++] = (unsigned char)((acc >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return (int)o;
}

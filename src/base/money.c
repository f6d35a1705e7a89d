#include "base/money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int money_format(int64_t cents, const char *lang, char *out, size_t outlen)
{
    bool en = lang && strcmp(lang, "en") == 0;
    char thou = en ? ',' : '.', dec = en ? '.' : ',';
    bool neg = cents < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    uint64_t units = v / 100;
    unsigned frac = (unsigned)(v % 100);
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)units);
    char body[48];
    size_t k = 0;
    for (int i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0) body[k++] = thou;
        body[k++] = digits[i];
    }
    body[k] = '\0';
    int n = en ? snprintf(out, outlen, "%s€%s%c%02u", neg ? "-" : "", body, dec, frac)
               : snprintf(out, outlen, "%s%s%c%02u €", neg ? "-" : "", body, dec, frac);
    return (n < 0 || (size_t)n >= outlen) ? -1 : n;
}

int money_parse(const char *s, const char *lang, int64_t *cents)
{
    bool en = lang && strcmp(lang, "en") == 0;
    char thou = en ? ',' : '.', dec = en ? '.' : ',';
    while (*s == ' ') s++;
    bool neg = false;
    if (*s == '-') {
        neg = true;
        s++;
    }
    uint64_t units = 0;
    int ndig = 0, frac_digits = -1;
    unsigned frac = 0;
    for (; *s; s++) {
        char c = *s;
        if (c >= '0' && c <= '9') {
            if (frac_digits >= 0) {
                if (frac_digits == 2) return -1;
                frac = frac * 10 + (unsigned)(c - '0');
                frac_digits++;
            } else {
                if (units > (uint64_t)INT64_MAX / 1000) return -1;
                units = units * 10 + (uint64_t)(c - '0');
                ndig++;
            }
        } else if (c == thou && frac_digits < 0 && ndig > 0) {
            continue;
        } else if (c == dec && frac_digits < 0 && ndig > 0) {
            frac_digits = 0;
        } else if (c == ' ' || (unsigned char)c == 0xe2) {
            /* trailing " €" (UTF-8 e2 82 ac) */
            if ((unsigned char)c == 0xe2 && strcmp(s, "\xe2\x82\xac") != 0) return -1;
            break;
        } else {
            return -1;
        }
    }
    if (ndig == 0) return -1;
    if (frac_digits == 1) frac *= 10;
    uint64_t v = units * 100 + frac;
    if (v > (uint64_t)INT64_MAX) return -1;
    *cents = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

int money_format_input(int64_t cents, const char *lang, char *out, size_t outlen)
{
    bool en = lang && strcmp(lang, "en") == 0;
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    int n = snprintf(out, outlen, "%s%llu%c%02u", cents < 0 ? "-" : "",
                     (unsigned long long)(v / 100), en ? '.' : ',', (unsigned)(v % 100));
    return (n < 0 || (size_t)n >= outlen) ? -1 : n;
}

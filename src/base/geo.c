#include "base/geo.h"

#include <ctype.h>

int coord_parse(const char *s, bool latitude, int64_t *e6)
{
    if (!s) return -1;
    while (*s == ' ') s++;
    bool minus = *s == '-';
    if (*s == '-' || *s == '+') s++;
    int64_t whole = 0, frac = 0;
    int digits = 0, decimals = 0;
    while (isdigit((unsigned char)*s) && digits < 3) whole = whole * 10 + (*s++ - '0'), digits++;
    if (!digits) return -1;
    if (*s == '.' || *s == ',') {
        s++;
        while (isdigit((unsigned char)*s) && decimals < 6)
            frac = frac * 10 + (*s++ - '0'), decimals++;
        if (!decimals) return -1;
    }
    while (*s == ' ') s++;
    if (*s) return -1; /* more digits than that, or anything else */
    for (int i = decimals; i < 6; i++) frac *= 10;
    int64_t v = whole * 1000000 + frac;
    if (v > (latitude ? 90000000 : 180000000)) return -1;
    *e6 = minus ? -v : v;
    return 0;
}

#include "check/normalise.h"

#include <ctype.h>

int check_normalise(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '-') continue;
        if (n + 1 >= cap) return -1;
        out[n++] = (char)toupper(c);
    }
    out[n] = '\0';
    return (int)n;
}

/* CUP (format) and CIG (classic and SmartCIG check). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/normalise.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'F');
}

check_result check_cup(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n != 15) return CHECK_LENGTH;
    /* ^[A-Z][0-9]{2}[A-Z][0-9]{11}$ */
    if (!(s[0] >= 'A' && s[0] <= 'Z') || !(s[3] >= 'A' && s[3] <= 'Z')) return CHECK_CHARS;
    for (int i = 1; i < 15; i++)
        if (i != 3 && !is_digit(s[i])) return CHECK_CHARS;
    memcpy(out, s, 16);
    return CHECK_OK;
}

static long hex_value(const char *s, int n)
{
    char tmp[16];
    memcpy(tmp, s, (size_t)n);
    tmp[n] = '\0';
    return strtol(tmp, NULL, 16);
}

check_result check_cig(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n != 10) return CHECK_LENGTH;
    if (s[0] == 'X' || s[0] == 'Y' || s[0] == 'Z') {
        /* SmartCIG: K (2 hex) = C (7 hex) * 211 mod 251 */
        for (int i = 1; i < 10; i++)
            if (!is_hex(s[i])) return CHECK_CHARS;
        long c = hex_value(s + 3, 7);
        if (c == 0) return CHECK_ZERO;
        if (hex_value(s + 1, 2) != (c * 211) % 251) return CHECK_DIGIT;
    } else {
        /* Classic: 7 digits, then K (3 hex) = number * 211 mod 4091 */
        for (int i = 0; i < 7; i++)
            if (!is_digit(s[i])) return CHECK_CHARS;
        for (int i = 7; i < 10; i++)
            if (!is_hex(s[i])) return CHECK_CHARS;
        long num = strtol((char[]){s[0], s[1], s[2], s[3], s[4], s[5], s[6], 0}, NULL, 10);
        if (num == 0) return CHECK_ZERO;
        if (hex_value(s + 7, 3) != (num * 211) % 4091) return CHECK_DIGIT;
    }
    memcpy(out, s, 11);
    return CHECK_OK;
}

/* Partita IVA and organisations' codice fiscale: 11 digits, Luhn-like check digit. */
#include <string.h>

#include "check/check.h"
#include "check/normalise.h"

check_result check_piva(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n == 13 && s[0] == 'I' && s[1] == 'T') { /* "IT" VAT prefix */
        memmove(s, s + 2, 12);
        n = 11;
    }
    if (n != 11) return CHECK_LENGTH;
    int sum = 0, zeros = 0;
    for (int i = 0; i < 11; i++) {
        if (s[i] < '0' || s[i] > '9') return CHECK_CHARS;
        zeros += s[i] == '0';
    }
    if (zeros == 11) return CHECK_ZERO;
    for (int i = 0; i < 10; i++) {
        int v = s[i] - '0';
        if (i % 2 == 1) { /* even 1-based position */
            v *= 2;
            if (v > 9) v -= 9;
        }
        sum += v;
    }
    if ((10 - sum % 10) % 10 != s[10] - '0') return CHECK_DIGIT;
    memcpy(out, s, 12);
    return CHECK_OK;
}

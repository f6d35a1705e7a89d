/* The code of a social benefit in INPS's table (SIUSS CodicePrestazione): 5 to 10 characters,
 * capitals, digits and dots ("A1.02"). */
#include <string.h>

#include "check/check.h"
#include "check/normalise.h"

check_result check_siuss_code(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n < 5 || n > 10) return CHECK_LENGTH;
    for (int i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            return CHECK_CHARS;
    memcpy(out, s, (size_t)n + 1);
    return CHECK_OK;
}

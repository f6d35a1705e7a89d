/* IBAN (ISO 13616): registry lengths, mod-97, and the Italian CIN. */
#include <stdbool.h>
#include <string.h>

#include "check/check.h"
#include "check/normalise.h"

/* Country code and IBAN length, from the SWIFT IBAN registry. */
static const struct {
    char cc[3];
    int len;
} registry[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

static int registry_length(const char *cc)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (registry[i].cc[0] == cc[0] && registry[i].cc[1] == cc[1]) return registry[i].len;
    return -1;
}

static bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int mod97(const char *s, int n)
{
    /* Rearranged: characters 5.. then 1..4; letters count as two digits (A=10). */
    int r = 0;
    for (int k = 0; k < n; k++) {
        char c = s[(k + 4) % n];
        if (c >= '0' && c <= '9')
            r = (r * 10 + (c - '0')) % 97;
        else
            r = (r * 100 + (c - 'A' + 10)) % 97;
    }
    return r;
}

check_result check_iban(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n < 4) return CHECK_LENGTH;
    for (int i = 0; i < n; i++)
        if (!alnum(s[i])) return CHECK_CHARS;
    if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z') || !digits(s + 2, 2))
        return CHECK_CHARS;
    int want = registry_length(s);
    if (want < 0) return CHECK_COUNTRY;
    if (n != want) return CHECK_LENGTH;
    bool italian_bban = strncmp(s, "IT", 2) == 0 || strncmp(s, "SM", 2) == 0;
    if (italian_bban) {
        /* CIN letter, ABI 5 digits, CAB 5 digits, 12-character account. */
        if (!(s[4] >= 'A' && s[4] <= 'Z') || !digits(s + 5, 10)) return CHECK_CHARS;
    }
    if (mod97(s, n) != 1) return CHECK_DIGIT;
    if (italian_bban && check_cf_letter(s + 5, 22) != s[4]) return CHECK_CIN;
    memcpy(out, s, (size_t)n + 1);
    return CHECK_OK;
}

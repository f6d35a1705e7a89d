/* Codice fiscale of persons (DM 23/12/1976) with omocodia, and of organisations. */
#include <stdbool.h>
#include <string.h>

#include "check/check.h"
#include "check/normalise.h"

static int odd_value(char c)
{
    /* Values at odd (1-based) positions, for 0-9 and A-Z alike. */
    static const int odd[26] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    if (c >= '0' && c <= '9') return odd[c - '0'];
    if (c >= 'A' && c <= 'Z') return odd[c - 'A'];
    return -1;
}

static int even_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A';
    return -1;
}

char check_cf_letter(const char *s, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = (i % 2 == 0) ? odd_value(s[i]) : even_value(s[i]);
        if (v < 0) return 0;
        sum += v;
    }
    return (char)('A' + sum % 26);
}

static bool is_alpha(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Omocodia replaces digits with these letters, in order 0..9. */
static int omocode_digit(char c)
{
    static const char letters[] = "LMNPQRSTUV";
    if (is_digit(c)) return c - '0';
    const char *p = c ? strchr(letters, c) : NULL;
    return p ? (int)(p - letters) : -1;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_exists(int yy, int month, int day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (day < 1) return false;
    if (day <= days[month - 1]) return true;
    /* 29 February: the century is unknown, so either 19yy or 20yy may make it real. */
    return month == 2 && day == 29 && (leap(1900 + yy) || leap(2000 + yy));
}

check_result check_cf_person(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n != 16) return CHECK_LENGTH;
    static const int digit_pos[] = {6, 7, 9, 10, 12, 13, 14};
    for (int i = 0; i < 6; i++)
        if (!is_alpha(s[i])) return CHECK_CHARS;
    if (!is_alpha(s[8]) || !is_alpha(s[11]) || !is_alpha(s[15])) return CHECK_CHARS;
    int d[7];
    for (int i = 0; i < 7; i++)
        if ((d[i] = omocode_digit(s[digit_pos[i]])) < 0) return CHECK_CHARS;
    const char *m = strchr("ABCDEHLMPRST", s[8]);
    if (!m) return CHECK_MONTH;
    int month = (int)(m - "ABCDEHLMPRST") + 1;
    int yy = d[0] * 10 + d[1];
    int day = d[2] * 10 + d[3];
    if (day > 40) day -= 40;
    if (!date_exists(yy, month, day)) return CHECK_DATE;
    if (check_cf_letter(s, 15) != s[15]) return CHECK_DIGIT;
    memcpy(out, s, 17);
    return CHECK_OK;
}

check_result check_cf(const char *in, char *out)
{
    char s[CHECK_MAX_IN];
    int n = check_normalise(in, s, sizeof s);
    if (n == 0) return CHECK_EMPTY;
    if (n == 11) return check_piva(s, out);
    return check_cf_person(s, out);
}

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

/* Skips one grouping or padding space: ASCII space, no-break space (U+00A0) or narrow no-break
 * space (U+202F), as spreadsheets and word processors write them. Returns its length or 0. */
static size_t space_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t') return 1;
    if (u[0] == 0xc2 && u[1] == 0xa0) return 2;
    if (u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf) return 3;
    return 0;
}

static const char *skip_spaces(const char *s)
{
    for (size_t n; (n = space_len(s)) != 0;) s += n;
    return s;
}

static const char EURO[] = "\xe2\x82\xac";

/* The amount without padding and euro sign, as [*b, *e). */
static bool strip(const char *s, const char **b, const char **e)
{
    s = skip_spaces(s);
    bool sign = strncmp(s, EURO, 3) == 0;
    if (sign) s = skip_spaces(s + 3);
    const char *end = s + strlen(s);
    /* Trailing spaces, then a trailing euro sign (only if none led), then spaces again. */
    for (bool again = true; again;) {
        again = false;
        if (end > s && (end[-1] == ' ' || end[-1] == '\t')) {
            end--;
            again = true;
        } else if (end - s >= 2 && (unsigned char)end[-2] == 0xc2 &&
                   (unsigned char)end[-1] == 0xa0) {
            end -= 2;
            again = true;
        } else if (end - s >= 3 && memcmp(end - 3, "\xe2\x80\xaf", 3) == 0) {
            end -= 3;
            again = true;
        } else if (!sign && end - s >= 3 && memcmp(end - 3, EURO, 3) == 0) {
            end -= 3;
            sign = true;
            again = true;
        }
    }
    *b = s;
    *e = end;
    return end > s;
}

int money_parse(const char *s, int64_t *cents)
{
    const char *b, *e;
    if (!s || !strip(s, &b, &e)) return -1;
    /* Separators between digit runs: the run lengths and what separated them. */
    enum { MAX_RUNS = 8 };
    size_t run[MAX_RUNS];
    char sep[MAX_RUNS]; /* sep[i] follows run[i]: '.', ',', '\'' or ' ' */
    int nruns = 0;
    const char *p = b;
    while (p < e) {
        if (nruns == MAX_RUNS) return -1;
        size_t n = 0;
        while (p + n < e && p[n] >= '0' && p[n] <= '9') n++;
        if (n == 0) return -1;
        run[nruns] = n;
        p += n;
        if (p == e) {
            sep[nruns++] = 0;
            break;
        }
        size_t sl = space_len(p);
        if (sl) {
            sep[nruns] = ' ';
            p += sl;
        } else if (*p == '.' || *p == ',' || *p == '\'') {
            sep[nruns] = *p++;
        } else {
            return -1;
        }
        if (p == e) return -1; /* a separator must be followed by digits */
        nruns++;
    }
    if (nruns == 0) return -1;
    /* Which separator is the decimal mark, if any: the last one, when it is '.' or ',' and is
     * followed by one or two digits, or when the other of the two appears before it. */
    int dec = -1; /* index of the run before the decimal mark */
    if (nruns >= 2) {
        char last = sep[nruns - 2];
        size_t tail = run[nruns - 1];
        bool other_before = false;
        for (int i = 0; i < nruns - 2; i++)
            if ((sep[i] == '.' || sep[i] == ',') && sep[i] != last) other_before = true;
        if ((last == '.' || last == ',') && (tail <= 2 || other_before)) {
            if (tail > 2) return -1;
            dec = nruns - 2;
        }
    }
    int nint = dec >= 0 ? dec + 1 : nruns;
    /* Thousands groups: one kind of separator, first group 1-3 digits, others exactly 3. */
    char group = 0;
    for (int i = 0; i < nint - 1; i++) {
        if (group && sep[i] != group) return -1;
        group = sep[i];
        if (run[i + 1] != 3) return -1;
    }
    if (nint > 1 && run[0] > 3) return -1;
    if (dec >= 0 && group == sep[dec]) return -1;
    uint64_t units = 0;
    p = b;
    for (int i = 0; i < nint; i++) {
        while (!(*p >= '0' && *p <= '9')) p++;
        for (size_t k = 0; k < run[i]; k++, p++) {
            units = units * 10 + (uint64_t)(*p - '0');
            if (units > (uint64_t)MONEY_MAX_CENTS / 100) return -1;
        }
    }
    unsigned frac = 0;
    if (dec >= 0) {
        p++; /* the decimal mark */
        frac = (unsigned)(p[0] - '0') * 10;
        if (run[nruns - 1] == 2) frac += (unsigned)(p[1] - '0');
    }
    uint64_t v = units * 100 + frac;
    if (v > (uint64_t)MONEY_MAX_CENTS) return -1;
    *cents = (int64_t)v;
    return 0;
}

bool money_in_range(int64_t v)
{
    return v >= 0 && v <= MONEY_MAX_CENTS;
}

bool money_add(int64_t *sum, int64_t v)
{
    if (!money_in_range(*sum) || !money_in_range(v) || *sum + v > MONEY_MAX_CENTS) return false;
    *sum += v;
    return true;
}

int money_format_input(int64_t cents, const char *lang, char *out, size_t outlen)
{
    bool en = lang && strcmp(lang, "en") == 0;
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    int n = snprintf(out, outlen, "%s%llu%c%02u", cents < 0 ? "-" : "",
                     (unsigned long long)(v / 100), en ? '.' : ',', (unsigned)(v % 100));
    return (n < 0 || (size_t)n >= outlen) ? -1 : n;
}

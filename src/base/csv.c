#include "base/csv.h"

#include <string.h>

void csv_init(csv_reader *r, char *data, size_t len)
{
    r->p = data;
    r->end = data + len;
    r->line = 0;
    /* A byte-order mark, as spreadsheets write, is not part of the first name. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) r->p += 3;
    int commas = 0, semis = 0;
    for (const char *q = r->p; q < r->end && *q != '\n'; q++) {
        commas += *q == ',';
        semis += *q == ';';
    }
    r->sep = semis > commas ? ';' : ',';
}

int csv_next(csv_reader *r, char **fields)
{
    if (r->p >= r->end) return 0;
    r->line++;
    int n = 0;
    for (;;) {
        /* One field, decoded in place: out trails p. */
        char *out = r->p, *start = out;
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            for (;;) {
                if (r->p >= r->end) return -1;
                if (*r->p == '"') {
                    if (r->p + 1 < r->end && r->p[1] == '"') {
                        *out++ = '"';
                        r->p += 2;
                        continue;
                    }
                    r->p++;
                    break;
                }
                if (*r->p == '\n') r->line++;
                *out++ = *r->p++;
            }
            /* Anything between the closing quote and the separator is kept as typed. */
            while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r')
                *out++ = *r->p++;
        } else {
            while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r')
                *out++ = *r->p++;
        }
        char stop = r->p < r->end ? *r->p : '\n';
        *out = '\0';
        if (n < CSV_MAX_FIELDS) fields[n] = start;
        n++;
        if (stop == r->sep) {
            r->p++;
            continue;
        }
        /* End of record: CRLF, LF or the end of the data. The NUL may have overwritten the
         * CR or LF at p: stop remembers it. */
        if (r->p < r->end && (stop == '\r' || stop == '\n')) r->p++;
        if (stop == '\r' && r->p < r->end && *r->p == '\n') r->p++;
        return n;
    }
}

bool csv_is_number(const char *s)
{
    if (*s == '-') s++;
    if (!(*s >= '0' && *s <= '9')) return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.' || *s == ',') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

static bool formula_like(const char *s)
{
    while (*s == ' ') s++;
    return *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
}

static int quoted(buf *b, const char *prefix, const char *s)
{
    int rc = buf_putc(b, '"');
    rc |= buf_puts(b, prefix);
    for (const char *p = s; *p; p++) {
        if (*p == '"') rc |= buf_putc(b, '"');
        rc |= buf_putc(b, *p);
    }
    return rc | buf_putc(b, '"');
}

int csv_put_text(buf *b, const char *s, char sep)
{
    if (!s) s = "";
    if (formula_like(s)) return quoted(b, "'", s);
    char specials[5] = {sep, '"', '\r', '\n', 0};
    return strpbrk(s, specials) ? quoted(b, "", s) : buf_puts(b, s);
}

int csv_put_number(buf *b, const char *s, char sep)
{
    if (!s || !csv_is_number(s)) return csv_put_text(b, s, sep);
    return strchr(s, sep) ? quoted(b, "", s) : buf_puts(b, s);
}

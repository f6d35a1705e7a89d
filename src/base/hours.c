/* Opening hours as people write them, one day per line (base/hours.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/hours.h"

static const char *const DAYS_IT[] = {"lunedì",  "martedì", "mercoledì", "giovedì",
                                      "venerdì", "sabato",  "domenica"};
static const char *const DAYS_EN[] = {"monday", "tuesday",  "wednesday", "thursday",
                                      "friday", "saturday", "sunday"};

/* The weekday a word names by its first three letters or more; 0 when none. */
static int weekday_of(const char *w, size_t n)
{
    if (n < 3) return 0;
    for (int d = 0; d < 7; d++)
        if (strncasecmp(w, DAYS_IT[d], n) == 0 || strncasecmp(w, DAYS_EN[d], n) == 0) return d + 1;
    return 0;
}

/* "9:00", "09.30" or "9" into minutes; -1 when not a time of day. */
static int minutes_of(const char *s, const char **end)
{
    int h = 0, m = 0, digits = 0;
    while (isdigit((unsigned char)*s) && digits < 2) h = h * 10 + (*s++ - '0'), digits++;
    if (!digits) return -1;
    if (*s == ':' || *s == '.') {
        s++;
        if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return -1;
        m = (s[0] - '0') * 10 + (s[1] - '0');
        s += 2;
    }
    *end = s;
    if (h > 24 || m > 59 || (h == 24 && m)) return -1;
    return h * 60 + m;
}

int hours_parse(const char *text, week_period *out, int max)
{
    int n = 0, line = 0;
    const char *p = text ? text : "";
    while (*p) {
        line++;
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *s = p, *e = p + len;
        while (s < e && isspace((unsigned char)*s)) s++;
        if (s < e) {
            const char *w = s;
            /* A day name is letters, with UTF-8 accents. */
            while (s < e && (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80)) s++;
            int day = weekday_of(w, (size_t)(s - w));
            if (!day) return -line;
            int periods = 0;
            for (;;) {
                while (s < e && (isspace((unsigned char)*s) || *s == ',' || *s == ';')) s++;
                if (s >= e) break;
                const char *after;
                int from = minutes_of(s, &after);
                if (from < 0 || after >= e || *after != '-') return -line;
                int to = minutes_of(after + 1, &s);
                if (to <= from || s > e || n == max) return -line;
                out[n++] = (week_period){day, from, to};
                periods++;
            }
            if (!periods) return -line;
        }
        p = eol ? eol + 1 : p + len;
    }
    return n;
}

void hours_format(const week_period *p, int n, const char *lang, char *out, size_t outlen)
{
    const char *const *days = lang && strcmp(lang, "en") == 0 ? DAYS_EN : DAYS_IT;
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < outlen; i++) {
        bool same_day = i > 0 && p[i - 1].weekday == p[i].weekday;
        int w = snprintf(out + used, outlen - used, "%s%s %d:%02d-%d:%02d",
                         same_day ? "" : (i ? "\n" : ""), same_day ? "" : days[p[i].weekday - 1],
                         p[i].opens / 60, p[i].opens % 60, p[i].closes / 60, p[i].closes % 60);
        if (w < 0) break;
        used += (size_t)w;
    }
    if (used >= outlen) out[outlen - 1] = '\0';
}

bool hours_open_at(const week_period *p, int n, int weekday, int minute)
{
    for (int i = 0; i < n; i++)
        if (p[i].weekday == weekday && minute >= p[i].opens && minute < p[i].closes) return true;
    return false;
}

void hours_day(const week_period *p, int n, int d, char *out, size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < outlen; i++) {
        if (p[i].weekday != d) continue;
        int w = snprintf(out + used, outlen - used, "%s%d:%02d-%d:%02d", used ? " " : "",
                         p[i].opens / 60, p[i].opens % 60, p[i].closes / 60, p[i].closes % 60);
        if (w < 0) break;
        used += (size_t)w;
    }
    if (used >= outlen) out[outlen - 1] = '\0';
}

void hours_summary(const week_period *p, int n, const char *lang, char *out, size_t outlen)
{
    bool en = lang && strcmp(lang, "en") == 0;
    const char *const *days = en ? DAYS_EN : DAYS_IT;
    char text[7][256];
    for (int d = 0; d < 7; d++) hours_day(p, n, d + 1, text[d], sizeof text[d]);
    size_t used = 0;
    out[0] = '\0';
    for (int d = 0; d < 7 && used < outlen;) {
        int last = d;
        while (last + 1 < 7 && strcmp(text[last + 1], text[d]) == 0) last++;
        if (*text[d]) {
            int w;
            if (d == 0 && last == 6)
                w = snprintf(out + used, outlen - used, "%s", en ? "every day" : "tutti i giorni");
            else if (last > d)
                w = snprintf(out + used, outlen - used, "%s%s-%s", used ? "\n" : "", days[d],
                             days[last]);
            else
                w = snprintf(out + used, outlen - used, "%s%s", used ? "\n" : "", days[d]);
            if (w < 0) break;
            used += (size_t)w;
            if (used < outlen) {
                w = snprintf(out + used, outlen - used, " %s", text[d]);
                if (w < 0) break;
                used += (size_t)w;
            }
        }
        d = last + 1;
    }
    if (used >= outlen) out[outlen - 1] = '\0';
}

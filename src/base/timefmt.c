#include "base/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void time_init(void)
{
    /* Only Europe/Rome is ever shown, so localtime_r is the Rome conversion. */
    setenv("TZ", "Europe/Rome", 1);
    tzset();
}

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* 01:00 UTC on the last Sunday of a month with 31 days: when EU summer time starts or ends. */
static int64_t eu_switch(int64_t year, int month)
{
    int64_t last = days_from_civil(year, month, 31);
    int64_t weekday = ((last + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday; 0 is Sunday */
    return (last - weekday) * 86400 + 3600;
}

bool time_rome(int64_t seconds, struct tm *out)
{
    /* Italy has followed the EU rule since 1996; earlier dates ask the system's zone data
     * (localtime_r takes a process-wide lock, which is why it is not the common path). */
    if (seconds < INT64_C(820454400)) {
        time_t t = (time_t)seconds;
        return localtime_r(&t, out) != NULL;
    }
    time_t t = (time_t)seconds;
    struct tm utc;
    if (!gmtime_r(&t, &utc)) return false;
    int64_t year = utc.tm_year + 1900;
    bool summer = seconds >= eu_switch(year, 3) && seconds < eu_switch(year, 10);
    time_t local = (time_t)(seconds + (summer ? 7200 : 3600));
    if (!gmtime_r(&local, out)) return false;
    out->tm_isdst = summer;
    out->tm_gmtoff = summer ? 7200 : 3600;
    out->tm_zone = summer ? "CEST" : "CET";
    return true;
}

int time_format_local(int64_t us, const char *lang, char *out, size_t outlen)
{
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (!time_rome(us / 1000000, &tm)) return -1;
    int n;
    if (lang && strcmp(lang, "en") == 0)
        n = snprintf(out, outlen, "%d %s %04d, %02d:%02d", tm.tm_mday, months[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
    else
        n = snprintf(out, outlen, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
    return (n < 0 || (size_t)n >= outlen) ? -1 : n;
}

int time_format_iso(int64_t us, char *out, size_t outlen)
{
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) return -1;
    size_t n = strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return n ? (int)n : -1;
}

int time_parse_local(const char *s, int64_t *us)
{
    struct tm tm = {0};
    int sec = 0, consumed = 0;
    if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &consumed) != 5)
        return -1;
    const char *rest = s + consumed;
    if (rest[0] == ':') {
        int c2 = 0;
        if (sscanf(rest, ":%2d%n", &sec, &c2) != 1) return -1;
        rest += c2;
    }
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || sec > 59)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec = sec;
    time_t t;
    if (strcmp(rest, "Z") == 0) {
        t = timegm(&tm);
    } else if (*rest == '\0') {
        tm.tm_isdst = -1;
        t = mktime(&tm);
    } else {
        return -1;
    }
    if (t == (time_t)-1) return -1;
    *us = (int64_t)t * 1000000;
    return 0;
}

int time_format_input(int64_t us, char *out, size_t outlen)
{
    struct tm tm;
    if (!time_rome(us / 1000000, &tm)) return -1;
    size_t n = strftime(out, outlen, "%Y-%m-%dT%H:%M", &tm);
    return n ? (int)n : -1;
}

#include "base/timefmt.h"

#include <stdbool.h>

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

/* The civil date of a day count from 1970-01-01 (the inverse of days_from_civil). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t date_day_number(const char *iso)
{
    int y, m, d;
    if (date_parse(iso, &y, &m, &d)) return INT64_MIN;
    return days_from_civil(y, m, d);
}

void date_from_day_number(int64_t day, char out[11])
{
    int64_t y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", (int)y, m, d);
}

bool time_utc(int64_t seconds, struct tm *out)
{
    int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    int64_t rest = seconds - days * 86400, year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    if (year < -2000000 || year > 2000000) return false;
    *out = (struct tm){.tm_year = (int)(year - 1900),
                       .tm_mon = month - 1,
                       .tm_mday = day,
                       .tm_hour = (int)(rest / 3600),
                       .tm_min = (int)(rest / 60 % 60),
                       .tm_sec = (int)(rest % 60),
                       .tm_wday = (int)(((days + 4) % 7 + 7) % 7),
                       .tm_yday = (int)(days - days_from_civil(year, 1, 1)),
                       .tm_zone = "UTC"};
    return true;
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
    struct tm utc;
    if (!time_utc(seconds, &utc)) return false;
    int64_t year = utc.tm_year + 1900;
    bool summer = seconds >= eu_switch(year, 3) && seconds < eu_switch(year, 10);
    if (!time_utc(seconds + (summer ? 7200 : 3600), out)) return false;
    out->tm_isdst = summer;
    out->tm_gmtoff = summer ? 7200 : 3600;
    out->tm_zone = summer ? "CEST" : "CET";
    return true;
}

/* Digits written by hand: these run for every instant of every page. */
static char *put2(char *p, int v)
{
    *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

static char *put4(char *p, int v)
{
    return put2(put2(p, v / 100), v % 100);
}

int time_format_local(int64_t us, const char *lang, char *out, size_t outlen)
{
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (!time_rome(us / 1000000, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999 ||
        outlen < 22)
        return -1;
    char *p = out;
    if (lang && strcmp(lang, "en") == 0) { /* "24 Nov 2026, 23:55" */
        if (tm.tm_mday >= 10) *p++ = (char)('0' + tm.tm_mday / 10);
        *p++ = (char)('0' + tm.tm_mday % 10);
        *p++ = ' ';
        memcpy(p, months[tm.tm_mon], 3);
        p += 3;
        *p++ = ' ';
        p = put4(p, tm.tm_year + 1900);
        *p++ = ',';
    } else { /* "24/11/2026 23:55" */
        p = put2(p, tm.tm_mday);
        *p++ = '/';
        p = put2(p, tm.tm_mon + 1);
        *p++ = '/';
        p = put4(p, tm.tm_year + 1900);
    }
    *p++ = ' ';
    p = put2(p, tm.tm_hour);
    *p++ = ':';
    p = put2(p, tm.tm_min);
    *p = '\0';
    return (int)(p - out);
}

int time_format_iso(int64_t us, char *out, size_t outlen)
{
    struct tm tm;
    if (!time_utc(us / 1000000, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999 ||
        outlen < 21)
        return -1;
    char *p = put4(out, tm.tm_year + 1900); /* "2026-11-24T22:55:00Z" */
    *p++ = '-';
    p = put2(p, tm.tm_mon + 1);
    *p++ = '-';
    p = put2(p, tm.tm_mday);
    *p++ = 'T';
    p = put2(p, tm.tm_hour);
    *p++ = ':';
    p = put2(p, tm.tm_min);
    *p++ = ':';
    p = put2(p, tm.tm_sec);
    *p++ = 'Z';
    *p = '\0';
    return (int)(p - out);
}

int date_days_in_month(int year, int month)
{
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return DAYS[month - 1] + (month == 2 && leap);
}

/* n digits at s into *out; false when any is not a digit. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* The date at the start of s (10 characters), checked; false when it is not one. */
static bool date_prefix(const char *s, int *y, int *m, int *d)
{
    if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' ||
        !digits(s + 8, 2, d))
        return false;
    return *y >= DATE_MIN_YEAR && *y <= DATE_MAX_YEAR && *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= date_days_in_month(*y, *m);
}

int date_parse(const char *s, int *year, int *month, int *day)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || !date_prefix(s, &y, &m, &d)) return -1;
    if (year) *year = y;
    if (month) *month = m;
    if (day) *day = d;
    return 0;
}

int time_parse_local(const char *s, int64_t *us)
{
    int y, mo, d, h, mi, sec = 0;
    if (!s || strlen(s) < 16 || !date_prefix(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi))
        return -1;
    const char *rest = s + 16;
    if (rest[0] == ':') {
        if (!digits(rest + 1, 2, &sec)) return -1;
        rest += 3;
    }
    if (h > 23 || mi > 59 || sec > 59) return -1;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    time_t t;
    if (strcmp(rest, "Z") == 0) {
        t = timegm(&tm);
    } else if (*rest == '\0') {
        /* Rome is UTC+2 in summer and UTC+1 otherwise: the wall time is whichever reading
         * time_rome gives back unchanged (summer first, so the hour repeated in October reads
         * as its first pass). None does for the hour skipped in March: refused, never moved. */
        time_t wall = timegm(&tm);
        t = (time_t)-1;
        for (int off = 2; off >= 1 && t == (time_t)-1; off--) {
            struct tm back;
            time_t guess = wall - (time_t)off * 3600;
            if (time_rome((int64_t)guess, &back) && back.tm_hour == h && back.tm_min == mi &&
                back.tm_mday == d && back.tm_mon == mo - 1)
                t = guess;
        }
    } else {
        return -1;
    }
    if (t == (time_t)-1) return -1;
    *us = (int64_t)t * 1000000;
    return 0;
}

void date_rome(int64_t us, char out[11])
{
    struct tm tm;
    if (!time_rome(us / 1000000, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
        snprintf(out, 11, "1970-01-01");
}

int time_format_input(int64_t us, char *out, size_t outlen)
{
    struct tm tm;
    if (!time_rome(us / 1000000, &tm)) return -1;
    size_t n = strftime(out, outlen, "%Y-%m-%dT%H:%M", &tm);
    return n ? (int)n : -1;
}

int date_term_end(const char *iso, int months, char out[11])
{
    int y, m, d;
    if (months < 0 || date_parse(iso, &y, &m, &d)) return -1;
    int64_t month0 = (int64_t)y * 12 + (m - 1) + months;
    int ny = (int)(month0 / 12), nm = (int)(month0 % 12) + 1;
    if (ny > DATE_MAX_YEAR) return -1;
    int dim = date_days_in_month(ny, nm);
    char same[40];
    snprintf(same, sizeof same, "%04d-%02d-%02d", ny, nm, d < dim ? d : dim);
    /* A term starting on the 31st ends on the last day of the shorter month, not the day
     * before it. */
    if (d > dim) {
        memcpy(out, same, 11);
        return 0;
    }
    date_from_day_number(date_day_number(same) - 1, out);
    return 0;
}

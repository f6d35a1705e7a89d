#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"

/* The lock-free Rome conversion agrees with the system's zone data, hour by hour around every
 * switch and at random instants from 1996 to 2060 (and before 1996 it is the system's). */
Test(timefmt, rome_agrees_with_the_zone_data)
{
    time_init();
    int64_t checked = 0;
    for (int64_t s = INT64_C(788918400); s < INT64_C(2840140800); s += 3607 * 7) {
        struct tm a, b;
        time_t t = (time_t)s;
        cr_assert(time_rome(s, &a));
        cr_assert(localtime_r(&t, &b));
        cr_assert(a.tm_year == b.tm_year && a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday &&
                      a.tm_hour == b.tm_hour && a.tm_min == b.tm_min && a.tm_isdst == b.tm_isdst,
                  "at %lld: %d-%d-%d %d:%d dst %d vs %d-%d-%d %d:%d dst %d", (long long)s,
                  a.tm_year, a.tm_mon, a.tm_mday, a.tm_hour, a.tm_min, a.tm_isdst, b.tm_year,
                  b.tm_mon, b.tm_mday, b.tm_hour, b.tm_min, b.tm_isdst);
        checked++;
    }
    cr_expect_gt(checked, 70000);
    char out[32];
    /* 2026-03-29 01:00 UTC: 01:59:59 CET, then 03:00 CEST. */
    time_format_local(INT64_C(1774745999) * 1000000, "it", out, sizeof out);
    cr_expect_str_eq(out, "29/03/2026 01:59");
    time_format_local(INT64_C(1774746000) * 1000000, "it", out, sizeof out);
    cr_expect_str_eq(out, "29/03/2026 03:00");
    /* 2026-10-25 01:00 UTC: 03:00 CEST goes back to 02:00 CET. */
    time_format_local(INT64_C(1792890000) * 1000000, "en", out, sizeof out);
    cr_expect_str_eq(out, "25 Oct 2026, 02:00");
}

/* The lock-free UTC conversion and ISO format agree with gmtime_r and strftime, from 1900 to
 * 2100, before and after the epoch. */
Test(timefmt, utc_agrees_with_gmtime)
{
    int64_t checked = 0;
    for (int64_t s = INT64_C(-2208988800); s < INT64_C(4102444800); s += 86400 * 3 + 3671) {
        struct tm a, b;
        time_t t = (time_t)s;
        cr_assert(time_utc(s, &a));
        cr_assert(gmtime_r(&t, &b));
        cr_assert(a.tm_year == b.tm_year && a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday &&
                      a.tm_hour == b.tm_hour && a.tm_min == b.tm_min && a.tm_sec == b.tm_sec &&
                      a.tm_wday == b.tm_wday && a.tm_yday == b.tm_yday,
                  "at %lld", (long long)s);
        if (s >= 0) {
            char mine[32], theirs[32];
            cr_assert_eq(time_format_iso(s * 1000000, mine, sizeof mine), 20);
            strftime(theirs, sizeof theirs, "%Y-%m-%dT%H:%M:%SZ", &b);
            cr_assert_str_eq(mine, theirs);
        }
        checked++;
    }
    cr_expect_gt(checked, 20000);
    char small[8];
    cr_expect_eq(time_format_iso(0, small, sizeof small), -1, "a buffer too small is refused");
}

Test(timefmt, only_dates_that_exist)
{
    static const char *const good[] = {"2024-02-29", "2000-02-29", "1900-01-01", "2199-12-31",
                                       "2026-04-30"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        cr_expect_eq(date_parse(good[i], NULL, NULL, NULL), 0, "%s refused", good[i]);
    static const char *const bad[] = {
        "2021-02-30", "2023-02-29", "1900-02-29", "0000-01-01", "1899-12-31",  "2200-01-01",
        "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-1",   "2026-04-01x", "20260401",
        "+026-04-01", "2026-04-0 ", "",           "2026/04/01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(date_parse(bad[i], NULL, NULL, NULL), -1, "%s accepted", bad[i]);
    int y, m, d;
    cr_expect_eq(date_parse("2026-12-02", &y, &m, &d), 0);
    cr_expect(y == 2026 && m == 12 && d == 2);
}

Test(timefmt, only_times_that_exist)
{
    int64_t us = 0;
    cr_expect_eq(time_parse_local("2027-02-30T10:00", &us), -1, "30 February never becomes March");
    cr_expect_eq(time_parse_local("2026-03-29T02:30", &us), -1, "the hour skipped for summer time");
    cr_expect_eq(time_parse_local("2026-13-01 10:00", &us), -1);
    cr_expect_eq(time_parse_local("2026-01-01 24:00", &us), -1);
    cr_expect_eq(time_parse_local("2026-01-01 10:60", &us), -1);
    cr_expect_eq(time_parse_local("0000-01-01T00:00", &us), -1);
    cr_expect_eq(time_parse_local("2026-01-01T10:00:61", &us), -1);
    cr_expect_eq(time_parse_local("2026-01-01T10:00 ", &us), -1);
    cr_expect_eq(time_parse_local("2026-03-29T03:30", &us), 0);
    cr_expect_eq(us, (int64_t)1774747800 * 1000000, "03:30 CEST is 01:30 UTC");
    cr_expect_eq(time_parse_local("2026-10-25T12:00:30Z", &us), 0);
    cr_expect_eq(us, (int64_t)1792929630 * 1000000);
}

/* The day an instant falls on in Rome: after midnight there while UTC is still on the day
 * before, in winter (+1) and in summer (+2). */
Test(timefmt, the_day_in_rome)
{
    char day[11];
    int64_t s = 1000000;
    date_rome(INT64_C(1796167800) * s, day); /* 2026-12-01T23:30:00Z */
    cr_assert_str_eq(day, "2026-12-02");
    date_rome(INT64_C(1796164200) * s, day); /* 2026-12-01T22:30:00Z */
    cr_assert_str_eq(day, "2026-12-01");
    date_rome(INT64_C(1782945000) * s, day); /* 2026-07-01T22:30:00Z */
    cr_assert_str_eq(day, "2026-07-02");
}

/* A term of months ends the day before the same day months later; from the 31st (or the 29th
 * of February) it ends on the shorter month's last day. */
Test(timefmt, term_end_of_months)
{
    static const struct {
        const char *from;
        int months;
        const char *end;
    } V[] = {{"2026-01-15", 12, "2027-01-14"}, {"2026-01-31", 1, "2026-02-28"},
             {"2028-01-31", 1, "2028-02-29"},  {"2026-03-01", 1, "2026-03-31"},
             {"2026-12-01", 1, "2026-12-31"},  {"2028-02-29", 12, "2029-02-28"},
             {"2026-09-20", 24, "2028-09-19"}, {"2026-05-10", 0, "2026-05-09"}};
    for (size_t i = 0; i < sizeof V / sizeof *V; i++) {
        char out[11] = "";
        cr_assert_eq(date_term_end(V[i].from, V[i].months, out), 0, "%s", V[i].from);
        cr_expect_str_eq(out, V[i].end, "%s + %d months", V[i].from, V[i].months);
    }
    char out[11];
    cr_expect_eq(date_term_end("2026-02-30", 1, out), -1);
    cr_expect_eq(date_term_end("2199-06-01", 12, out), -1, "past the last year a date may have");
    cr_expect_eq(date_term_end("2026-01-01", -1, out), -1);
}

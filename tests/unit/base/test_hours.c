#include <criterion/criterion.h>
#include <string.h>

#include "base/hours.h"

Test(hours, hours_parse_days_periods_and_languages)
{
    week_period p[HOURS_MAX_PERIODS];
    int n = hours_parse("lun 9:00-12:30 14:00-18:00\n  Venerdì 9.30-12\r\nsun 10-11", p,
                        HOURS_MAX_PERIODS);
    cr_assert_eq(n, 4);
    cr_expect_eq(p[0].weekday, 1);
    cr_expect_eq(p[0].opens, 540);
    cr_expect_eq(p[0].closes, 750);
    cr_expect_eq(p[1].opens, 840);
    cr_expect_eq(p[2].weekday, 5);
    cr_expect_eq(p[2].opens, 570);
    cr_expect_eq(p[2].closes, 720);
    cr_expect_eq(p[3].weekday, 7);
    cr_expect_eq(hours_parse("", p, HOURS_MAX_PERIODS), 0);
    cr_expect_eq(hours_parse("\n\n", p, HOURS_MAX_PERIODS), 0);
}

Test(hours, hours_parse_names_the_first_bad_line)
{
    week_period p[HOURS_MAX_PERIODS];
    cr_expect_eq(hours_parse("lun 9-12\nxyz 9-12", p, HOURS_MAX_PERIODS), -2, "unknown day");
    cr_expect_eq(hours_parse("lu 9-12", p, HOURS_MAX_PERIODS), -1, "too short to be a day");
    cr_expect_eq(hours_parse("mar 12-9", p, HOURS_MAX_PERIODS), -1, "closes before it opens");
    cr_expect_eq(hours_parse("mar 9:60-10", p, HOURS_MAX_PERIODS), -1);
    cr_expect_eq(hours_parse("mar 9-25", p, HOURS_MAX_PERIODS), -1);
    cr_expect_eq(hours_parse("mar", p, HOURS_MAX_PERIODS), -1, "a day with no hours");
    cr_expect_eq(hours_parse("mar 9-10 11", p, HOURS_MAX_PERIODS), -1);
    cr_expect_eq(hours_parse("lun 0-24", p, HOURS_MAX_PERIODS), 1);
    cr_expect_eq(hours_parse("lun 1-2 3-4 5-6", p, 2), -1, "more periods than room");
}

Test(hours, hours_format_reads_back)
{
    week_period p[HOURS_MAX_PERIODS], q[HOURS_MAX_PERIODS];
    int n = hours_parse("lun 9-12:30 14-18\nven 9:30-12", p, HOURS_MAX_PERIODS);
    char it[256], en[256];
    hours_format(p, n, "it", it, sizeof it);
    hours_format(p, n, "en", en, sizeof en);
    cr_expect_str_eq(it, "lunedì 9:00-12:30 14:00-18:00\nvenerdì 9:30-12:00");
    cr_expect_str_eq(en, "monday 9:00-12:30 14:00-18:00\nfriday 9:30-12:00");
    cr_assert_eq(hours_parse(it, q, HOURS_MAX_PERIODS), n);
    cr_expect_eq(memcmp(p, q, (size_t)n * sizeof *p), 0);
    char tiny[8];
    hours_format(p, n, "it", tiny, sizeof tiny);
    cr_expect_eq(strlen(tiny), sizeof tiny - 1, "truncated, still terminated");
}

Test(hours, open_at_a_minute_of_a_day)
{
    week_period p[HOURS_MAX_PERIODS];
    int n = hours_parse("lun 9-12:30 14-18\ndom 20-24", p, HOURS_MAX_PERIODS);
    cr_assert_eq(n, 3);
    cr_expect(hours_open_at(p, n, 1, 9 * 60));
    cr_expect(!hours_open_at(p, n, 1, 12 * 60 + 30), "closing time is closed");
    cr_expect(!hours_open_at(p, n, 1, 13 * 60));
    cr_expect(hours_open_at(p, n, 7, 23 * 60 + 59));
    cr_expect(!hours_open_at(p, n, 2, 10 * 60), "another day");
}

Test(hours, a_summary_runs_days_together)
{
    static const struct {
        const char *typed, *it, *en;
    } C[] = {
        {"lun 0-24\nmar 0-24\nmer 0-24\ngio 0-24\nven 0-24\nsab 0-24\ndom 0-24",
         "tutti i giorni 0:00-24:00", "every day 0:00-24:00"},
        {"lun 9-17\nmar 9-17\nmer 9-17\ngio 9-17\nven 9-17", "lunedì-venerdì 9:00-17:00",
         "monday-friday 9:00-17:00"},
        {"mar 14-18\ngio 14-18", "martedì 14:00-18:00\ngiovedì 14:00-18:00",
         "tuesday 14:00-18:00\nthursday 14:00-18:00"},
        {"lun 9-12:30 14-18\nmar 9-12:30 14-18\nsab 10-12",
         "lunedì-martedì 9:00-12:30 14:00-18:00\nsabato 10:00-12:00",
         "monday-tuesday 9:00-12:30 14:00-18:00\nsaturday 10:00-12:00"},
        {"", "", ""},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        week_period p[HOURS_MAX_PERIODS];
        int n = hours_parse(C[i].typed, p, HOURS_MAX_PERIODS);
        cr_assert_geq(n, 0, "%s", C[i].typed);
        char it[512], en[512];
        hours_summary(p, n, "it", it, sizeof it);
        hours_summary(p, n, "en", en, sizeof en);
        cr_expect_str_eq(it, C[i].it);
        cr_expect_str_eq(en, C[i].en);
    }
}

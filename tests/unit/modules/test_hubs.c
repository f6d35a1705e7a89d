#include <criterion/criterion.h>
#include <string.h>

#include "modules/hubs/hubs.h"

Test(hubs, hours_parse_days_periods_and_languages)
{
    hub_period p[HUB_MAX_PERIODS];
    int n = hub_hours_parse("lun 9:00-12:30 14:00-18:00\n  Venerdì 9.30-12\r\nsun 10-11", p,
                            HUB_MAX_PERIODS);
    cr_assert_eq(n, 4);
    cr_expect_eq(p[0].weekday, 1);
    cr_expect_eq(p[0].opens, 540);
    cr_expect_eq(p[0].closes, 750);
    cr_expect_eq(p[1].opens, 840);
    cr_expect_eq(p[2].weekday, 5);
    cr_expect_eq(p[2].opens, 570);
    cr_expect_eq(p[2].closes, 720);
    cr_expect_eq(p[3].weekday, 7);
    cr_expect_eq(hub_hours_parse("", p, HUB_MAX_PERIODS), 0);
    cr_expect_eq(hub_hours_parse("\n\n", p, HUB_MAX_PERIODS), 0);
}

Test(hubs, hours_parse_names_the_first_bad_line)
{
    hub_period p[HUB_MAX_PERIODS];
    cr_expect_eq(hub_hours_parse("lun 9-12\nxyz 9-12", p, HUB_MAX_PERIODS), -2, "unknown day");
    cr_expect_eq(hub_hours_parse("lu 9-12", p, HUB_MAX_PERIODS), -1, "too short to be a day");
    cr_expect_eq(hub_hours_parse("mar 12-9", p, HUB_MAX_PERIODS), -1, "closes before it opens");
    cr_expect_eq(hub_hours_parse("mar 9:60-10", p, HUB_MAX_PERIODS), -1);
    cr_expect_eq(hub_hours_parse("mar 9-25", p, HUB_MAX_PERIODS), -1);
    cr_expect_eq(hub_hours_parse("mar", p, HUB_MAX_PERIODS), -1, "a day with no hours");
    cr_expect_eq(hub_hours_parse("mar 9-10 11", p, HUB_MAX_PERIODS), -1);
    cr_expect_eq(hub_hours_parse("lun 0-24", p, HUB_MAX_PERIODS), 1);
    cr_expect_eq(hub_hours_parse("lun 1-2 3-4 5-6", p, 2), -1, "more periods than room");
}

Test(hubs, hours_format_reads_back)
{
    hub_period p[HUB_MAX_PERIODS], q[HUB_MAX_PERIODS];
    int n = hub_hours_parse("lun 9-12:30 14-18\nven 9:30-12", p, HUB_MAX_PERIODS);
    char it[256], en[256];
    hub_hours_format(p, n, "it", it, sizeof it);
    hub_hours_format(p, n, "en", en, sizeof en);
    cr_expect_str_eq(it, "lunedì 9:00-12:30 14:00-18:00\nvenerdì 9:30-12:00");
    cr_expect_str_eq(en, "monday 9:00-12:30 14:00-18:00\nfriday 9:30-12:00");
    cr_assert_eq(hub_hours_parse(it, q, HUB_MAX_PERIODS), n);
    cr_expect_eq(memcmp(p, q, (size_t)n * sizeof *p), 0);
    char tiny[8];
    hub_hours_format(p, n, "it", tiny, sizeof tiny);
    cr_expect_eq(strlen(tiny), sizeof tiny - 1, "truncated, still terminated");
}

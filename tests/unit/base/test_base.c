#include <criterion/criterion.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/money.h"
#include "base/timefmt.h"
#include "base/utf8.h"

Test(money, formats_italian_and_english)
{
    char s[64];
    money_format(51650000, "it", s, sizeof s);
    cr_expect_str_eq(s, "516.500,00 €");
    money_format(51650000, "en", s, sizeof s);
    cr_expect_str_eq(s, "€516,500.00");
    money_format(-5, "it", s, sizeof s);
    cr_expect_str_eq(s, "-0,05 €");
    money_format(100000000000, "it", s, sizeof s);
    cr_expect_str_eq(s, "1.000.000.000,00 €");
}

Test(money, parses_what_people_type)
{
    int64_t c = 0;
    static const struct {
        const char *in;
        int64_t cents;
    } ok[] = {
        {"516.500,00", 51650000},
        {"516500", 51650000},
        {"12,5", 1250},
        {"516.500,00 €", 51650000},
        {"516,500.25", 51650025},
        {"12,345", 1234500},
        {"1.500", 150000},
        {"1,500", 150000},
        {"1.5", 150},
        {"1 000,00", 100000},
        {"1\xc2\xa0"
         "000,00",
         100000},
        {"€ 1.234", 123400},
        {"1'234.50", 123450},
        {" 0,05 ", 5},
        {"1.234.567,89", 123456789},
        {"10000000000", 1000000000000},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        c = -1;
        cr_expect_eq(money_parse(ok[i].in, &c), 0, "%s refused", ok[i].in);
        cr_expect_eq(c, ok[i].cents, "%s read as %lld", ok[i].in, (long long)c);
    }
    static const char *const bad[] = {
        "abc",
        "",
        "5 abc",
        "1 00",
        "1,5,0",
        "-3",
        "+3",
        "1e3",
        "1.234,567",
        "1,234.567",
        "12.34.5",
        "1..5",
        "1,",
        ",5",
        "1.000.00",
        "1 000 00",
        "€5€",
        "5 € 5",
        "0x10",
        "1.5.000",
        "10000000000,01",
        "92233720368547758,07",
        "99999999999999999999",
        "1,234,56",
        "1234.567",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(money_parse(bad[i], &c), -1, "%s accepted", bad[i]);
}

Test(money, sums_stay_in_range)
{
    int64_t s = MONEY_MAX_CENTS - 5;
    cr_expect(money_add(&s, 5));
    cr_expect_eq(s, MONEY_MAX_CENTS);
    cr_expect_not(money_add(&s, 1));
    cr_expect_eq(s, MONEY_MAX_CENTS);
    s = 0;
    cr_expect_not(money_add(&s, -1));
    cr_expect_not(money_add(&s, INT64_MAX));
    cr_expect(money_in_range(0));
    cr_expect_not(money_in_range(MONEY_MAX_CENTS + 1));
    /* The bound keeps MONEY_SUM_TERMS amounts inside an int64_t. */
    cr_expect(MONEY_SUM_TERMS <= INT64_MAX / MONEY_MAX_CENTS);
}

Test(utf8, validates)
{
    cr_expect(utf8_valid("città è già", strlen("città è già")));
    cr_expect(!utf8_valid("\xc3\x28", 2));
    cr_expect(!utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
    cr_expect(!utf8_valid("\xc0\xaf", 2));     /* overlong */
    cr_expect(!utf8_valid("a\0b", 3));
}

Test(buf, refuses_to_grow_past_its_maximum)
{
    buf b;
    buf_init(&b, 8);
    cr_expect_eq(buf_puts(&b, "1234567"), 0);
    cr_expect_eq(buf_puts(&b, "8"), -1);
    cr_expect(b.overflow);
    cr_expect_str_eq(b.data, "1234567");
    buf_free(&b);
}

Test(arena, enforces_its_limit_and_zeroes)
{
    arena a;
    arena_init(&a, 1024);
    char *p = arena_alloc(&a, 100);
    cr_assert_not_null(p);
    cr_expect_eq(p[99], 0);
    cr_expect_null(arena_alloc(&a, 2000));
    cr_expect_str_eq(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
    arena_free(&a);
}

Test(arena, large_blocks_keep_the_chunk_usable)
{
    arena a;
    arena_init(&a, 0);
    for (int i = 0; i < 100; i++) cr_assert_not_null(arena_alloc(&a, i % 10 == 0 ? 100000 : 64));
    arena_free(&a);
}

Test(timefmt, europe_rome_both_ways)
{
    time_init();
    int64_t us;
    cr_assert_eq(time_parse_local("2021-02-15T12:00", &us), 0); /* CET, UTC+1 */
    char s[64];
    time_format_iso(us, s, sizeof s);
    cr_expect_str_eq(s, "2021-02-15T11:00:00Z");
    cr_assert_eq(time_parse_local("2021-07-15 12:00", &us), 0); /* CEST, UTC+2 */
    time_format_iso(us, s, sizeof s);
    cr_expect_str_eq(s, "2021-07-15T10:00:00Z");
    time_format_local(us, "it", s, sizeof s);
    cr_expect_str_eq(s, "15/07/2021 12:00");
    cr_expect_eq(time_parse_local("2021-13-15T12:00", &us), -1);
    cr_expect_eq(time_parse_local("ieri", &us), -1);
}

Test(utf8, finds_direction_and_invisible_characters)
{
    static const char *const bidi[] = {"a\xe2\x80\xae"
                                       "b",
                                       "\xe2\x81\xa6x", "a\x01", "\x1b[31m"};
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
        cr_expect(utf8_has(bidi[i], strlen(bidi[i]), UTF8_BIDI), "%zu", i);
        cr_expect(utf8_has(bidi[i], strlen(bidi[i]), UTF8_INVISIBLE), "%zu", i);
    }
    static const char *const hidden[] = {"Ma\xe2\x80\x8brio", "\xef\xbb\xbfMario", "a\xe2\x80\x8f",
                                         "a\xc2\x85"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        cr_expect_not(utf8_has(hidden[i], strlen(hidden[i]), UTF8_BIDI), "%zu", i);
        cr_expect(utf8_has(hidden[i], strlen(hidden[i]), UTF8_INVISIBLE), "%zu", i);
    }
    static const char *const fine[] = {"Niccolò D'Angelo", "Ahmed \xd8\xa3\xd8\xad\xd9\x85\xd8\xaf",
                                       "riga 1\nriga 2\ttab", "\xf0\x9f\x98\x80"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        cr_expect_not(utf8_has(fine[i], strlen(fine[i]), UTF8_INVISIBLE), "%zu", i);
}

Test(log, what_a_client_sent_stays_on_one_line)
{
    char out[64];
    log_escape("/calls\n2026-01-01T00:00:00Z info forged", out, sizeof out);
    cr_expect_str_eq(out, "/calls\\x0a2026-01-01T00:00:00Z info forged");
    log_escape("/a\r\\b\x7f\xc3\xa0", out, sizeof out);
    cr_expect_str_eq(out, "/a\\x0d\\x5cb\\x7f\\xc3\\xa0");
    log_escape("\n\n\n\n\n", out, 10); /* cut whole, never half an escape */
    cr_expect_str_eq(out, "\\x0a\\x0a");
}

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/csv.h"

static int read_all(const char *text, char out[][8][32], long *lines)
{
    static char text_copy[512];
    size_t len = strlen(text);
    memcpy(text_copy, text, len + 1);
    csv_reader r;
    csv_init(&r, text_copy, len);
    char *f[CSV_MAX_FIELDS];
    int n, rec = 0;
    while ((n = csv_next(&r, f)) > 0) {
        for (int i = 0; i < n && i < 8; i++) snprintf(out[rec][i], 32, "%s", f[i]);
        lines[rec++] = r.line;
    }
    return n < 0 ? -1 : rec;
}

Test(csv, separator_from_the_header_quotes_and_line_ends)
{
    char out[8][8][32];
    long lines[8];
    int n = read_all("\xEF\xBB\xBF"
                     "a;b;c\r\n1;\"x;\"\"y\"\"\";3\n\"multi\nline\";;\r\nlast;2;3",
                     out, lines);
    cr_assert_eq(n, 4);
    cr_expect_str_eq(out[0][0], "a", "the byte-order mark is not part of the name");
    cr_expect_str_eq(out[1][1], "x;\"y\"");
    cr_expect_str_eq(out[1][2], "3");
    cr_expect_str_eq(out[2][0], "multi\nline");
    cr_expect_str_eq(out[2][2], "");
    cr_expect_str_eq(out[3][0], "last");
    cr_expect_eq(lines[1], 2);
    cr_expect_eq(lines[3], 5, "a quoted line break counts as a line");
}

Test(csv, commas_when_the_header_has_more_of_them_and_unclosed_quotes_fail)
{
    char out[8][8][32];
    long lines[8];
    cr_expect_eq(read_all("a,b\n1,2\n", out, lines), 2);
    cr_expect_str_eq(out[1][1], "2");
    cr_expect_eq(read_all("a,b\n\"open,2\n", out, lines), -1);
}

static const char *put(bool number, const char *s, char sep)
{
    static buf b;
    buf_free(&b);
    buf_init(&b, 4096);
    if (number)
        csv_put_number(&b, s, sep);
    else
        csv_put_text(&b, s, sep);
    buf_putc(&b, '\0');
    return b.data;
}

Test(csv, text_that_would_run_as_a_formula_goes_out_inert)
{
    static const char *const cases[][2] = {
        {"=1+1", "\"'=1+1\""},
        {"+39 02", "\"'+39 02\""},
        {"-2+3", "\"'-2+3\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\t=1", "\"'\t=1\""},
        {"\r=1", "\"'\r=1\""},
        {"  =1", "\"'  =1\""},
        {"=\"x\"", "\"'=\"\"x\"\"\""},
        {"Via Roma, 1", "\"Via Roma, 1\""},
        {"plain", "plain"},
        {"", ""},
        {"a\"b", "\"a\"\"b\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(put(false, cases[i][0], ','), cases[i][1], "%s", cases[i][0]);
    cr_expect_str_eq(put(false, "a;b", ';'), "\"a;b\"");
    cr_expect_str_eq(put(false, "a,b", ';'), "a,b");
}

Test(csv, numbers_stay_numbers_and_anything_else_is_text)
{
    cr_expect_str_eq(put(true, "-12", ','), "-12");
    cr_expect_str_eq(put(true, "3.50", ','), "3.50");
    cr_expect_str_eq(put(true, "12,50", ';'), "12,50");
    cr_expect_str_eq(put(true, "12,50", ','), "\"12,50\"");
    cr_expect_str_eq(put(true, "-1+1", ','), "\"'-1+1\"");
    cr_expect_str_eq(put(true, "=1", ','), "\"'=1\"");
    cr_expect_not(csv_is_number("1."));
    cr_expect_not(csv_is_number("-"));
    cr_expect_not(csv_is_number("1e5"));
    cr_expect(csv_is_number("0"));
}

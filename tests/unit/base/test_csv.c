#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/csv.h"

static int read_all(const char *text, char out[][8][32], long *lines)
{
    static char buf[512];
    size_t len = strlen(text);
    memcpy(buf, text, len + 1);
    csv_reader r;
    csv_init(&r, buf, len);
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

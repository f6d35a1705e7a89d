#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonstr.h"

/* The writer must give exactly what jansson gives with JSON_ENSURE_ASCII, which the JSON
 * answers of every other page use: the open-data files and the pages then agree. */
Test(jsonstr, writes_what_jansson_writes)
{
    static const char *const CASES[] = {
        "",
        "Portineria di comunità",
        "virgolette \" e barra \\ e / slash",
        "righe\na capo\r\ttab\b\f",
        "controlli \x01\x1f e DEL \x7f",
        "€ 516.500,00 · «Quartieri»",
        "emoji 🏠 e 𝄞",
        "=SOMMA(A1:A2)",
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        json_t *v = json_string(CASES[i]);
        cr_assert_not_null(v, "case %zu is valid UTF-8", i);
        char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
        buf b;
        buf_init(&b, 4096);
        cr_assert_eq(json_put_string(&b, CASES[i], strlen(CASES[i])), 0);
        cr_expect_str_eq(b.data, want, "case %zu", i);
        buf_free(&b);
        free(want);
        json_decref(v);
    }
}

Test(jsonstr, malformed_bytes_become_replacement_characters)
{
    buf b;
    buf_init(&b, 256);
    /* A lone continuation byte, a truncated sequence, an overlong '/', an encoded surrogate. */
    const char bad[] = "a\x80"
                       "b\xe2\x82"
                       "c\xc0\xaf"
                       "d\xed\xa0\x80";
    json_put_string(&b, bad, sizeof bad - 1);
    cr_expect_str_eq(b.data, "\"a\\uFFFDb\\uFFFD\\uFFFDc\\uFFFD\\uFFFDd\\uFFFD\\uFFFD\\uFFFD\"");
    buf_free(&b);
}

Test(jsonstr, an_overflow_is_said)
{
    buf b;
    buf_init(&b, 8);
    cr_expect_neq(json_put_string(&b, "more than eight bytes", 21), 0);
    buf_free(&b);
}

#include <criterion/criterion.h>

#include "base/diff.h"

static const char *op(json_t *d, size_t i)
{
    return json_string_value(json_object_get(json_array_get(d, i), "op"));
}

static const char *line(json_t *d, size_t i)
{
    return json_string_value(json_object_get(json_array_get(d, i), "line"));
}

Test(diff, shows_what_was_added_and_removed)
{
    json_t *d = diff_lines("Presenti: Comune, ETS\nOrdine del giorno\nVarie",
                           "Presenti: Comune, ETS, Comitato\nOrdine del giorno\nVarie\nChiusura");
    cr_assert_eq(json_array_size(d), 5);
    cr_expect_str_eq(op(d, 0), "removed");
    cr_expect_str_eq(line(d, 0), "Presenti: Comune, ETS");
    cr_expect_str_eq(op(d, 1), "added");
    cr_expect_str_eq(op(d, 2), "same");
    cr_expect_str_eq(op(d, 3), "same");
    cr_expect_str_eq(op(d, 4), "added");
    cr_expect_str_eq(line(d, 4), "Chiusura");
    json_decref(d);
}

Test(diff, identical_and_empty_texts)
{
    json_t *d = diff_lines("a\nb", "a\nb");
    cr_expect_eq(json_array_size(d), 2);
    cr_expect_str_eq(op(d, 1), "same");
    json_decref(d);
    d = diff_lines("", "nuovo");
    cr_expect_eq(json_array_size(d), 1);
    cr_expect_str_eq(op(d, 0), "added");
    json_decref(d);
}

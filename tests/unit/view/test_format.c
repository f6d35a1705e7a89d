#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "view/format.h"

Test(format, decorates_money_instants_and_flags_recursively)
{
    time_init();
    json_t *v = json_pack("{s:I,s:[{s:I,s:i}],s:{s:I}}", "budget_cents", (json_int_t)51650000,
                          "areas", "deadline_at", (json_int_t)1613390400000000, "is_open", 1,
                          "inner", "cost_cents", (json_int_t)-5);
    format_decorate(v, "it");
    cr_expect_str_eq(json_string_value(json_object_get(v, "budget_eur")), "516.500,00 €");
    json_t *area = json_array_get(json_object_get(v, "areas"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(area, "deadline_at_local")),
                     "15/02/2021 13:00");
    cr_expect_str_eq(json_string_value(json_object_get(area, "deadline_at_iso")),
                     "2021-02-15T12:00:00Z");
    cr_expect(json_is_true(json_object_get(area, "is_open")));
    cr_expect_str_eq(json_string_value(json_object_get(json_object_get(v, "inner"), "cost_eur")),
                     "-0,05 €");
    json_decref(v);
}

Test(format, percent_from_basis_points)
{
    json_t *a = format_percent_bp(1000, "it"), *b = format_percent_bp(1250, "it");
    cr_expect_str_eq(json_string_value(a), "10%");
    cr_expect_str_eq(json_string_value(b), "12,50%");
    json_decref(a);
    json_decref(b);
}

/* Objects with more siblings to add than the walk keeps on its stack, and names longer than
 * it holds, get every sibling all the same. */
Test(format, many_and_long_names_all_decorated)
{
    time_init();
    json_t *v = json_object();
    char name[200];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "step%d_at", i);
        json_object_set_new(v, name, json_integer((json_int_t)1613390400000000));
    }
    memset(name, 'x', 150);
    memcpy(name + 150, "_cents", 7);
    json_object_set_new(v, name, json_integer(100));
    format_decorate(v, "en");
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "step%d_at_local", i);
        cr_assert_str_eq(json_string_value(json_object_get(v, name)), "15 Feb 2021, 13:00", "%s",
                         name);
        snprintf(name, sizeof name, "step%d_at_iso", i);
        cr_assert_str_eq(json_string_value(json_object_get(v, name)), "2021-02-15T12:00:00Z");
    }
    memset(name, 'x', 150);
    memcpy(name + 150, "_eur", 5);
    cr_expect_str_eq(json_string_value(json_object_get(v, name)), "€1.00");
    cr_expect_eq(json_object_size(v), 41 + 80 + 1);
    json_decref(v);
}

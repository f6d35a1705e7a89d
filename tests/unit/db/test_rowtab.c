#include <criterion/criterion.h>
#include <string.h>

#include "db/rowtab.h"
#include "testdb.h"

/* The rows kept for a page give, as JSON, exactly what db_query_json gives for the same query
 * (so a JSON answer does not change when its page renders from rows), and computed columns
 * come after the query's own. */
DB_TEST(rowtab, keeps_rows_as_db_query_json_reads_them)
{
    (void)d;
    static const char SQL[] =
        "SELECT 1 AS id, 'Via Padova 36' AS address, NULL AS reason, 1764633600000000 AS due_at "
        "UNION ALL SELECT 2, 'Viale Ca'' Granda', 'rotto', 0 ORDER BY id";
    arena a;
    arena_init(&a, 1 << 20);
    rowtab *t = rowtab_query(&a, c, SQL, DB_NOARGS);
    cr_assert_not_null(t, "%s", db_errmsg(c));
    cr_expect_eq(t->nrows, 2);
    cr_expect_eq(rowtab_col(t, "address", 7), 1);
    cr_expect_eq(rowtab_col(t, "addressX", 7), 1, "only the first n bytes count");
    cr_expect_eq(rowtab_col(t, "nope", 4), -1);
    cr_expect_str_eq(rowtab_at(t, 1, 1)->s, "Viale Ca' Granda");
    cr_expect_eq(rowtab_at(t, 0, 2)->t, DBT_NULL);
    json_t *want = db_query_json(c, SQL, DB_NOARGS);
    json_t *got = rowtab_json(t);
    cr_expect(json_equal(want, got), "%s", json_dumps(got, 0));
    json_decref(got);
    int label = rowtab_add_col(t, "reason_label");
    cr_assert_eq(label, 4);
    rowtab_set_text(t, 1, label, "Guasto");
    cr_expect_eq(rowtab_col(t, "reason_label", 12), 4);
    got = rowtab_json(t);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(got, 1), "reason_label")),
                     "Guasto");
    cr_expect(json_is_null(json_object_get(json_array_get(got, 0), "reason_label")));
    json_decref(got);
    json_decref(want);
    for (int i = 0; i < ROWTAB_EXTRA - 1; i++) cr_expect_geq(rowtab_add_col(t, "more"), 0);
    cr_expect_eq(rowtab_add_col(t, "one too many"), -1);
    cr_expect_null(rowtab_query(&a, c, "SELECT * FROM no_such_table", DB_NOARGS));
    arena_free(&a);
}

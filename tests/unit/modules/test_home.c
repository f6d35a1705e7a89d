#include <criterion/criterion.h>
#include <string.h>

#include "modules/home/work.h"
#include "testdb.h"

static json_t *item(json_t *items, const char *key)
{
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x) if (strcmp(json_string_value(json_object_get(x, "key")), key) ==
                                        0) return x;
    return NULL;
}

/* Counts stop at 100 and say "100+", so that a home page costs the same in a city of any size;
 * below the cap they are exact. */
DB_TEST(home, counts_stop_at_the_cap_and_say_so)
{
    (void)d;
    int64_t city = 0, user = 0;
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999003', "
                 "'c3', 0) RETURNING id",
                 DB_NOARGS, &city);
    db_query_int(c,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
                 "VALUES ('h@x.it', 'H', 'x', 0, 0) RETURNING id",
                 DB_NOARGS, &user);
    work_for w = {user, city, 0, 0};
    static const struct {
        int ideas;
        long long count;
        const char *shown;
    } STEPS[] = {{0, 0, "0"}, {99, 99, "99"}, {1, 100, "100+"}, {50, 100, "100+"}};
    for (size_t s = 0; s < sizeof STEPS / sizeof STEPS[0]; s++) {
        db_begin(c);
        for (int i = 0; i < STEPS[s].ideas; i++)
            db_exec(c,
                    "INSERT INTO ideas (city_id, neighbourhood, user_id, kind, title, text, "
                    "created_at) VALUES (?, 'Q', ?, 'idea', 'T', 'x', 0)",
                    DB_ARGS(DB_INT(city), DB_INT(user)), NULL);
        cr_assert_eq(db_commit(c), DB_OK, "%s", db_errmsg(c));
        json_t *items = work_items(c, "officer", &w);
        json_t *ideas = item(items, "ideas_unanswered");
        cr_assert_not_null(ideas, "%s", db_errmsg(c));
        cr_expect_eq(json_integer_value(json_object_get(ideas, "count")), STEPS[s].count);
        cr_expect_str_eq(json_string_value(json_object_get(ideas, "shown")), STEPS[s].shown);
        cr_expect_eq(json_is_true(json_object_get(ideas, "capped")), STEPS[s].count == 100);
        json_decref(items);
    }
}

#include <criterion/criterion.h>
#include <string.h>

#include "modules/audit/audit.h"
#include "testdb.h"

static void append_three(db_conn *c)
{
    for (int i = 1; i <= 3; i++) {
        json_t *d = json_pack("{s:i,s:s}", "n", i, "note", "a|b:c");
        cr_assert_eq(audit_append(c, 1, 2, "test", "thing", i, d), 0, "%s", db_errmsg(c));
        json_decref(d);
    }
}

/* Lets the test edit the log as an intruder with database access would. */
static void drop_guards(db_conn *c)
{
    if (db_conn_engine(c) == DB_SQLITE) {
        db_exec(c, "DROP TRIGGER audit_log_no_update", DB_NOARGS, NULL);
        db_exec(c, "DROP TRIGGER audit_log_no_delete", DB_NOARGS, NULL);
    } else {
        db_exec(c, "DROP TRIGGER audit_log_no_change ON audit_log", DB_NOARGS, NULL);
    }
}

DB_TEST(audit, an_untouched_chain_verifies)
{
    (void)d;
    append_three(c);
    int64_t rows, bad;
    char why[256];
    cr_expect_eq(audit_verify(c, &rows, &bad, why, sizeof why), 0, "%s", why);
    cr_expect_eq(rows, 3);
}

DB_TEST(audit, an_altered_row_is_named)
{
    (void)d;
    append_three(c);
    drop_guards(c);
    cr_assert_eq(
        db_exec(c, "UPDATE audit_log SET detail = '{\"n\":9}' WHERE seq = 2", DB_NOARGS, NULL),
        DB_OK, "%s", db_errmsg(c));
    int64_t rows, bad;
    char why[256];
    cr_expect_eq(audit_verify(c, &rows, &bad, why, sizeof why), -1);
    cr_expect_eq(bad, 2);
    cr_expect(strstr(why, "altered") != NULL, "%s", why);
}

DB_TEST(audit, a_removed_row_is_named)
{
    (void)d;
    append_three(c);
    drop_guards(c);
    db_exec(c, "DELETE FROM audit_log WHERE seq = 2", DB_NOARGS, NULL);
    int64_t rows, bad;
    char why[256];
    cr_expect_eq(audit_verify(c, &rows, &bad, why, sizeof why), -1);
    cr_expect_eq(bad, 2);
    cr_expect(strstr(why, "missing") != NULL, "%s", why);
}

DB_TEST(audit, a_cut_tail_is_found)
{
    (void)d;
    append_three(c);
    drop_guards(c);
    db_exec(c, "DELETE FROM audit_log WHERE seq = 3", DB_NOARGS, NULL);
    int64_t rows, bad;
    char why[256];
    cr_expect_eq(audit_verify(c, &rows, &bad, why, sizeof why), -1);
    cr_expect_eq(bad, 3);
}

DB_TEST(audit, a_rolled_back_change_leaves_no_entry)
{
    (void)d;
    cr_assert_eq(db_begin(c), DB_OK);
    cr_assert_eq(audit_append(c, 0, 0, "x", "y", 0, NULL), 0);
    db_rollback(c);
    append_three(c);
    int64_t rows, bad;
    char why[256];
    cr_expect_eq(audit_verify(c, &rows, &bad, why, sizeof why), 0, "%s", why);
    cr_expect_eq(rows, 3);
}

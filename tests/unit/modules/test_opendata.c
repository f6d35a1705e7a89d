#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "modules/opendata/opendata.h"
#include "testdb.h"

Test(opendata, every_dataset_has_one_format_per_column)
{
    for (size_t i = 0; i < OPENDATA_COUNT; i++) {
        size_t cols = 1;
        for (const char *p = OPENDATA[i].columns; *p; p++) cols += *p == ',';
        cr_expect_eq(strlen(OPENDATA[i].formats), cols, "%s: %zu formats for %zu columns",
                     OPENDATA[i].name, strlen(OPENDATA[i].formats), cols);
    }
}

static char *run(db_conn *c, const dataset *ds, bool json)
{
    export_state st;
    export_init(&st, ds, json);
    buf all;
    buf_init(&all, 1 << 20);
    char chunk[7]; /* tiny chunks: the writer must resume anywhere */
    long n;
    while ((n = export_next(&st, c, chunk, sizeof chunk)) > 0) buf_append(&all, chunk, (size_t)n);
    cr_expect_eq(n, 0, "%s: %s", ds->name, db_errmsg(c));
    export_free(&st);
    return buf_detach(&all, NULL);
}

DB_TEST(opendata, every_dataset_runs_and_pages_on_both_engines)
{
    (void)d;
    for (size_t i = 0; i < OPENDATA_COUNT; i++) {
        char *csv = run(c, &OPENDATA[i], false);
        /* The header is the column list, in the dataset's separator, then CRLF. */
        char header[1024];
        snprintf(header, sizeof header, "%s\r\n", OPENDATA[i].columns);
        for (char *p = header; *p; p++)
            if (*p == ',') *p = OPENDATA[i].separator;
        cr_expect(strncmp(csv, header, strlen(header)) == 0, "%s header: %.60s", OPENDATA[i].name,
                  csv);
        free(csv);
        char *json = run(c, &OPENDATA[i], true);
        json_error_t e;
        json_t *v = json_loads(json, 0, &e);
        cr_expect(json_is_array(v), "%s: %s", OPENDATA[i].name, e.text);
        json_decref(v);
        free(json);
    }
    /* More rows than a page: every call comes out once, in order. */
    int64_t city = 0, op = 0, user = 0;
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999002', "
                 "'c', 0) RETURNING id",
                 DB_NOARGS, &city);
    db_query_int(c,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
                 "VALUES ('u@x.it', 'U', 'x', 0, 0) RETURNING id",
                 DB_NOARGS, &user);
    int64_t action = 0;
    db_query_int(c, "SELECT id FROM actions WHERE code = '3.3.1'", DB_NOARGS, &action);
    db_query_int(
        c,
        "INSERT INTO operations (city_id, action_id, local_code, cup, title, fund, budget_cents, "
        "status, created_at, updated_at) VALUES (?, ?, 'X', 'B41H20000000001', 'T', 'ESF', 1, "
        "'running', 0, 0) RETURNING id",
        DB_ARGS(DB_INT(city), DB_INT(action)), &op);
    db_begin(c);
    for (int i = 0; i < OPENDATA_PAGE + 7; i++)
        db_exec(c,
                "INSERT INTO calls (city_id, operation_id, title, object, total_budget_cents, "
                "min_cofinancing_bp, "
                "duration_months, threshold_points, publication_at, deadline_at, state, "
                "created_by, created_at, "
                "updated_at) VALUES (?, ?, 'Avviso, \"prova\"', 'o', 100, 1000, 12, 1, 0, 1, "
                "'published', ?, 0, 0)",
                DB_ARGS(DB_INT(city), DB_INT(op), DB_INT(user)), NULL);
    cr_assert_eq(db_commit(c), DB_OK);
    char *csv = run(c, opendata_find("calls"), false);
    int lines = 0;
    for (const char *p = csv; *p; p++) lines += *p == '\n';
    cr_expect_eq(lines, 1 + OPENDATA_PAGE + 7);
    cr_expect(strstr(csv, "\"Avviso, \"\"prova\"\"\"") != NULL, "quoting per RFC 4180");
    free(csv);
}

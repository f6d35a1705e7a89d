#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "testdb.h"

DB_TEST(db, migrations_apply_once)
{
    int v = db_schema_version(c);
    cr_expect_geq(v, 3);
    int64_t rows = 0;
    db_query_int(c, "SELECT COUNT(*) FROM schema_migrations", DB_NOARGS, &rows);
    cr_expect_eq(rows, v, "one row per version, each applied once");
    cr_expect_eq(db_migrate(d), 0);
    cr_expect_eq(db_schema_version(c), v);
    db_query_int(c, "SELECT COUNT(*) FROM schema_migrations", DB_NOARGS, &rows);
    cr_expect_eq(rows, v);
}

DB_TEST(db, values_round_trip)
{
    (void)d;
    cr_assert_eq(db_exec(c, "INSERT INTO settings (key, value) VALUES (?, ?)",
                         DB_ARGS(DB_TEXT("città"), DB_TEXT("Milano – àèìòù €")), NULL),
                 DB_OK, "%s", db_errmsg(c));
    db_rows *r = db_query(c, "SELECT value, ? FROM settings WHERE key = ?",
                          DB_ARGS(DB_INT(INT64_C(9007199254740993)), DB_TEXT("città")));
    cr_assert_not_null(r, "%s", db_errmsg(c));
    cr_assert(db_next(r));
    cr_expect_str_eq(db_text(r, 0), "Milano – àèìòù €");
    cr_expect_eq(db_int(r, 1), INT64_C(9007199254740993));
    cr_expect(!db_next(r));
    cr_expect_eq(db_rows_close(r), DB_OK);
}

DB_TEST(db, null_and_returning)
{
    (void)d;
    int64_t id = 0;
    cr_assert_eq(
        db_query_int(c,
                     "INSERT INTO cities (name, istat_code, slug, created_at) "
                     "VALUES (?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_TEXT("Milano"), DB_TEXT("015146"), DB_TEXT("milano"), DB_INT(1)),
                     &id),
        DB_OK, "%s", db_errmsg(c));
    cr_expect_gt(id, 0);
    cr_assert_eq(db_exec(c,
                         "INSERT INTO organisations (city_id, kind, name, tax_code, created_at)"
                         " VALUES (?, 'ets', ?, ?, 0)",
                         DB_ARGS(DB_NULL, DB_TEXT("Coop"), DB_TEXT("01199250158")), NULL),
                 DB_OK, "%s", db_errmsg(c));
    db_rows *r = db_query(c, "SELECT city_id FROM organisations", DB_NOARGS);
    cr_assert(db_next(r));
    cr_expect(db_isnull(r, 0));
    db_rows_close(r);
}

DB_TEST(db, constraints_are_reported_as_such)
{
    (void)d;
    const char *sql = "INSERT INTO cities (name, istat_code, slug, created_at) VALUES (?, ?, ?, 0)";
    cr_assert_eq(db_exec(c, sql, DB_ARGS(DB_TEXT("A"), DB_TEXT("015146"), DB_TEXT("a")), NULL),
                 DB_OK);
    cr_expect_eq(db_exec(c, sql, DB_ARGS(DB_TEXT("B"), DB_TEXT("015146"), DB_TEXT("b")), NULL),
                 DB_CONSTRAINT);
    cr_expect_eq(db_exec(c, sql, DB_ARGS(DB_TEXT("C"), DB_TEXT("15"), DB_TEXT("c")), NULL),
                 DB_CONSTRAINT, "check constraint on istat_code length");
}

DB_TEST(db, rollback_discards)
{
    (void)d;
    int64_t n = -1;
    cr_assert_eq(db_begin(c), DB_OK);
    db_exec(c, "INSERT INTO settings (key, value) VALUES ('k', 'v')", DB_NOARGS, NULL);
    db_rollback(c);
    db_query_int(c, "SELECT COUNT(*) FROM settings", DB_NOARGS, &n);
    cr_expect_eq(n, 0);
    cr_assert_eq(db_begin(c), DB_OK);
    db_exec(c, "INSERT INTO settings (key, value) VALUES ('k', 'v')", DB_NOARGS, NULL);
    cr_assert_eq(db_commit(c), DB_OK);
    db_query_int(c, "SELECT COUNT(*) FROM settings", DB_NOARGS, &n);
    cr_expect_eq(n, 1);
}

DB_TEST(db, blobs_keep_every_byte)
{
    (void)d;
    const char *create = db_conn_engine(c) == DB_SQLITE ? "CREATE TABLE bytes_test (b BLOB)"
                                                        : "CREATE TABLE bytes_test (b BYTEA)";
    cr_assert_eq(db_exec(c, create, DB_NOARGS, NULL), DB_OK, "%s", db_errmsg(c));
    unsigned char bytes[300];
    for (int i = 0; i < 300; i++) bytes[i] = (unsigned char)(i * 7);
    cr_assert_eq(
        db_exec(c, "INSERT INTO bytes_test (b) VALUES (?)", DB_ARGS(DB_BLOB(bytes, 300)), NULL),
        DB_OK, "%s", db_errmsg(c));
    db_rows *r = db_query(c, "SELECT b FROM bytes_test", DB_NOARGS);
    cr_assert(db_next(r));
    size_t n;
    const void *p = db_blob(r, 0, &n);
    cr_expect_eq(n, 300);
    cr_expect_eq(memcmp(p, bytes, 300), 0);
    db_rows_close(r);
}

DB_TEST(db, audit_log_refuses_changes)
{
    (void)d;
    cr_assert_eq(db_exec(c,
                         "INSERT INTO audit_log (seq, at, action, entity, detail, prev_hash, hash)"
                         " VALUES (1, 0, 'x', 'y', '{}', 'a', 'b')",
                         DB_NOARGS, NULL),
                 DB_OK, "%s", db_errmsg(c));
    cr_expect_neq(db_exec(c, "UPDATE audit_log SET action = 'z'", DB_NOARGS, NULL), DB_OK);
    cr_expect_neq(db_exec(c, "DELETE FROM audit_log", DB_NOARGS, NULL), DB_OK);
}

DB_TEST(db, wrong_parameter_count_is_an_error)
{
    (void)d;
    cr_expect_eq(db_exec(c, "SELECT ?", DB_NOARGS, NULL), DB_ERROR);
    cr_expect(strstr(db_errmsg(c), "parameters") != NULL, "%s", db_errmsg(c));
}

DB_TEST(db, more_distinct_statements_than_the_cache_still_run)
{
    (void)d;
    /* 2,000 different texts: the first ones are cached, the rest prepared per use. */
    for (int i = 0; i < 2000; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT %d + ?", i);
        int64_t v = -1;
        cr_assert_eq(db_query_int(c, sql, DB_ARGS(DB_INT(1)), &v), DB_OK, "%d: %s", i,
                     db_errmsg(c));
        cr_assert_eq(v, i + 1);
        int64_t changed = 0;
        snprintf(sql, sizeof sql, "UPDATE settings SET value = value WHERE key = 'none-%d'", i);
        cr_assert_eq(db_exec(c, sql, DB_NOARGS, &changed), DB_OK, "%s", db_errmsg(c));
    }
    /* And the cached ones still answer. */
    int64_t v = 0;
    cr_expect_eq(db_query_int(c, "SELECT 0 + ?", DB_ARGS(DB_INT(41)), &v), DB_OK);
    cr_expect_eq(v, 41);
}

DB_TEST(db, bulk_loading_keeps_every_byte_and_null)
{
    (void)d;
    cr_assert_eq(
        db_exec(c, "CREATE TABLE bulk (n BIGINT NOT NULL, t TEXT, z TEXT)", DB_NOARGS, NULL), DB_OK,
        "%s", db_errmsg(c));
    static const char *const odd[] = {
        "tab\there", "line\nbreak", "back\\slash", "\\N", "carriage\rreturn", "città €", ""};
    enum { ROWS = 3000 }; /* more than one block of COPY text */
    cr_assert_eq(db_begin(c), DB_OK);
    db_copy cp;
    cr_assert_eq(db_copy_begin(c, &cp, "bulk", "n, t, z", 3), DB_OK, "%s", db_errmsg(c));
    for (int i = 0; i < ROWS; i++) {
        const char *t = odd[i % 7];
        db_param v[] = {DB_INT(i), DB_TEXT(t), i % 2 ? DB_NULL : DB_TEXT("x")};
        cr_assert_eq(db_copy_row(&cp, v), DB_OK, "%d: %s", i, db_errmsg(c));
    }
    cr_assert_eq(db_copy_end(&cp), DB_OK, "%s", db_errmsg(c));
    cr_assert_eq(db_commit(c), DB_OK);
    int64_t n = 0, nulls = 0;
    db_query_int(c, "SELECT COUNT(*) FROM bulk", DB_NOARGS, &n);
    db_query_int(c, "SELECT COUNT(*) FROM bulk WHERE z IS NULL", DB_NOARGS, &nulls);
    cr_expect_eq(n, ROWS);
    cr_expect_eq(nulls, ROWS / 2);
    for (int i = 0; i < 7; i++) {
        db_rows *r = db_query(c, "SELECT t FROM bulk WHERE n = ?", DB_ARGS(DB_INT(i)));
        cr_assert(r && db_next(r));
        cr_expect_str_eq(db_text(r, 0), odd[i], "row %d", i);
        db_rows_close(r);
    }
    /* A bad row is an error of the load, and the connection stays usable. */
    cr_assert_eq(db_begin(c), DB_OK);
    cr_assert_eq(db_copy_begin(c, &cp, "bulk", "n, t, z", 3), DB_OK);
    db_param bad[] = {DB_NULL, DB_TEXT("x"), DB_NULL}; /* n may not be null */
    db_copy_row(&cp, bad);
    cr_expect_neq(db_copy_end(&cp), DB_OK);
    db_rollback(c);
    cr_expect_eq(db_query_int(c, "SELECT COUNT(*) FROM bulk", DB_NOARGS, &n), DB_OK);
    cr_expect_eq(n, ROWS);
}

/* db_data_version: the same while nothing is committed, another after any commit, made by
 * this connection or by another one (web/personcache.h keeps pages under it). */
static void *commit_elsewhere(void *arg)
{
    db_conn *other = db_conn_get(arg); /* this thread's own connection */
    db_exec(other,
            "INSERT INTO settings (key, value) SELECT 'elsewhere' || COUNT(*), 'x' FROM settings",
            DB_NOARGS, NULL);
    return NULL;
}

static void version_of(db_conn *c, char *out, size_t n)
{
    char snapshot[256] = "";
    if (db_conn_engine(c) == DB_POSTGRES) {
        db_rows *r = db_query(c, "SELECT " DB_PG_SNAPSHOT, DB_NOARGS);
        cr_assert(r && db_next(r), "%s", db_errmsg(c));
        snprintf(snapshot, sizeof snapshot, "%s", db_text(r, 0));
        db_rows_close(r);
    }
    cr_assert(db_data_version(c, snapshot, out, n), "%s", db_errmsg(c));
}

DB_TEST(db, data_version_moves_with_every_commit)
{
    char before[DB_VERSION_MAX], read[DB_VERSION_MAX], mine[DB_VERSION_MAX], theirs[DB_VERSION_MAX];
    /* PostgreSQL's snapshot is the whole server's, and other tests write to it in parallel:
     * a read leaves it unchanged when no one else commits meanwhile, so a few tries find one. */
    int64_t n = 0;
    bool still = false;
    for (int i = 0; i < 50 && !still; i++) {
        version_of(c, before, sizeof before);
        db_query_int(c, "SELECT COUNT(*) FROM settings", DB_NOARGS, &n);
        version_of(c, read, sizeof read);
        still = strcmp(before, read) == 0;
        if (db_conn_engine(c) == DB_SQLITE) break;
    }
    cr_expect_str_eq(before, read, "reading moves nothing");
    cr_assert_eq(
        db_exec(c, "INSERT INTO settings (key, value) VALUES ('mine', 'x')", DB_NOARGS, NULL),
        DB_OK);
    version_of(c, mine, sizeof mine);
    cr_expect_str_neq(read, mine, "this connection's commit");
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, commit_elsewhere, d), 0);
    pthread_join(t, NULL);
    db_query_int(c, "SELECT COUNT(*) FROM settings WHERE key LIKE 'elsewhere%'", DB_NOARGS, &n);
    cr_assert_eq(n, 1, "the other connection committed");
    version_of(c, theirs, sizeof theirs);
    cr_expect_str_neq(mine, theirs, "another connection's commit");
    /* The version now, as a request reads it first (on PostgreSQL one poll shared by all who
     * wait): the same as the connection's own, moving with the next commit. */
    char now[DB_VERSION_MAX], later[DB_VERSION_MAX];
    bool same = false;
    for (int i = 0; i < 50 && !same; i++) { /* others may commit between the two (above) */
        version_of(c, theirs, sizeof theirs);
        cr_assert(db_data_version_now(c, now, sizeof now));
        same = strcmp(now, theirs) == 0;
    }
    cr_expect_str_eq(now, theirs);
    cr_assert_eq(pthread_create(&t, NULL, commit_elsewhere, d), 0);
    pthread_join(t, NULL);
    cr_assert(db_data_version_now(c, later, sizeof later));
    cr_expect_str_neq(now, later, "a commit made before the call is in its version");
}

/* A watched PostgreSQL (db_watch_start, as serve does): the version moves with this process's
 * commits before they return, with another instance's when its notification arrives, never
 * with reads or with writes that change no rows; the fenced version holds every commit
 * acknowledged before the call. SQLite needs no watch. */
static void now_of(db_conn *c, char *out)
{
    cr_assert(db_data_version_now(c, out, DB_VERSION_MAX));
}

/* Whether stmt leaves the version alone: other tests commit to the same server in parallel,
 * so a few tries find a quiet moment. */
static bool leaves_version(db_conn *c, const char *stmt)
{
    char before[DB_VERSION_MAX], after[DB_VERSION_MAX];
    for (int i = 0; i < 50; i++) {
        now_of(c, before);
        cr_assert_eq(db_exec(c, stmt, DB_NOARGS, NULL), DB_OK, "%s", db_errmsg(c));
        usleep(20000); /* the notification of a change, were there one, has come */
        now_of(c, after);
        if (strcmp(before, after) == 0) return true;
    }
    return false;
}

DB_TEST(db, watched_version_moves_with_commits_anywhere)
{
    if (db_conn_engine(c) == DB_SQLITE) {
        cr_expect_not(db_watch_start(d), "SQLite reads its own counters");
        return;
    }
    cr_assert(db_watch_start(d));
    char v[DB_VERSION_MAX], w[DB_VERSION_MAX];
    for (int i = 0; i < 200; i++) { /* the watching connection starts listening */
        now_of(c, v);
        if (v[0] == 'w') break;
        usleep(10000);
    }
    cr_assert_eq(v[0], 'w', "listening within 2 s (%s)", v);
    cr_expect(leaves_version(c, "SELECT COUNT(*) FROM settings"), "a read");
    cr_expect(leaves_version(c, "UPDATE settings SET value = 'y' WHERE key = 'no such key'"),
              "a write that changes no rows");

    /* This process: at once, on its own or in a transaction. */
    uint64_t writes = db_write_count(c);
    now_of(c, v);
    cr_assert_eq(
        db_exec(c, "INSERT INTO settings (key, value) VALUES ('w1', 'x')", DB_NOARGS, NULL), DB_OK);
    now_of(c, w);
    cr_expect_str_neq(v, w, "a statement on its own");
    cr_expect_eq(db_write_count(c), ++writes);
    cr_assert_eq(db_begin(c), DB_OK);
    cr_assert_eq(db_exec(c, "UPDATE settings SET value = 'z' WHERE key = 'w1'", DB_NOARGS, NULL),
                 DB_OK);
    cr_expect_eq(db_write_count(c), writes, "nothing told until the commit");
    now_of(c, v);
    cr_assert_eq(db_commit(c), DB_OK);
    now_of(c, w);
    cr_expect_str_neq(v, w, "a transaction at its commit");
    cr_expect_eq(db_write_count(c), ++writes);

    /* Another instance, with its own connections: its commits reach this one. */
    db *other;
    char err[256];
    cr_assert_eq(db_open(testdb_url(), &other, err, sizeof err), 0, "%s", err);
    db_conn *o = db_conn_get(other);
    cr_assert_not_null(o);
    int late = 0;
    for (int i = 0; i < 100; i++) {
        char before[DB_VERSION_MAX], fenced[DB_VERSION_MAX], seen[DB_VERSION_MAX];
        now_of(c, before);
        cr_assert_eq(db_exec(o, "UPDATE settings SET value = value || 'x' WHERE key = 'w1'",
                             DB_NOARGS, NULL),
                     DB_OK);
        now_of(c, seen);
        late += strcmp(before, seen) == 0; /* not arrived yet: the gap the fence closes */
        cr_assert(db_data_version_fenced(c, fenced, sizeof fenced));
        cr_assert_str_neq(before, fenced, "commit %d acknowledged before the fenced read", i);
    }
    cr_log_info("another instance's commit not yet seen right after it returned: %d of 100", late);
    /* Without the fence the notification arrives by itself: how long after the commit
     * returned, over 20 commits (the docs quote it). */
    int64_t worst = 0, sum = 0;
    for (int i = 0; i < 20; i++) {
        now_of(c, v);
        cr_assert_eq(db_exec(o, "UPDATE settings SET value = value || 'y' WHERE key = 'w1'",
                             DB_NOARGS, NULL),
                     DB_OK);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        bool moved = false;
        int64_t us = 0;
        while (!moved && us < 1000000) {
            now_of(c, w);
            moved = strcmp(v, w) != 0;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            us = (t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
        }
        cr_assert(moved, "commit %d seen within a second", i);
        sum += us;
        if (us > worst) worst = us;
    }
    cr_log_info("another instance's commit seen without the fence after %lld us on average, "
                "%lld us at worst (20 commits)",
                (long long)(sum / 20), (long long)worst);
    cr_assert_eq(db_exec(o, "DELETE FROM settings WHERE key = 'w1'", DB_NOARGS, NULL), DB_OK);
    cr_expect_eq(db_write_count(c), writes, "the other instance's writes are its own");

    /* The watching connection lost: the version moves, is asked of the database meanwhile,
     * and comes back as a count past the old one when the connection is back (about 1 s). */
    now_of(c, v);
    int64_t ended = 0;
    cr_assert_eq(db_query_int(o,
                              "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                              "WHERE application_name = 'coprog watch' AND datname = "
                              "current_database()",
                              DB_NOARGS, &ended),
                 DB_OK, "%s", db_errmsg(o));
    cr_assert_geq(ended, 1);
    bool asked = false, back = false;
    for (int i = 0; i < 500 && !back; i++) {
        now_of(c, w);
        asked = asked || w[0] != 'w';
        back = asked && w[0] == 'w';
        if (!back) usleep(10000);
    }
    cr_expect(asked, "asked of the database while the watch was down");
    cr_expect(back, "watching again within 5 s");
    cr_expect_str_neq(v, w, "a count past the one before");
    db_close(other);
}

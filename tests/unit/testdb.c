#include "testdb.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

static char sqlite_path[256];
static char last_url[1024];

const char *testdb_url(void)
{
    return last_url;
}

db *testdb_open(db_engine e)
{
    char url[1024], err[256];
    log_set_level(LOG_WARN);
    if (e == DB_SQLITE) {
        snprintf(sqlite_path, sizeof sqlite_path, "/tmp/coprog-unit-%d.db", (int)getpid());
        unlink(sqlite_path);
        snprintf(url, sizeof url, "sqlite:%s", sqlite_path);
    } else {
        const char *base = getenv("COPROG_TEST_PG_URL");
        cr_assert(base && *base, "COPROG_TEST_PG_URL is not set: run the tests with make test");
        char schema[64];
        snprintf(schema, sizeof schema, "t%d", (int)getpid());
        db *admin;
        cr_assert_eq(db_open(base, &admin, err, sizeof err), 0, "%s", err);
        db_conn *c = db_conn_get(admin);
        cr_assert_not_null(c, "PostgreSQL at %s is not reachable", base);
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
        db_exec(c, sql, DB_NOARGS, NULL);
        snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
        cr_assert_eq(db_exec(c, sql, DB_NOARGS, NULL), DB_OK, "%s", db_errmsg(c));
        db_close(admin);
        snprintf(url, sizeof url, "%s%soptions=-csearch_path%%3D%s", base,
                 strchr(base, '?') ? "&" : "?", schema);
    }
    db *d;
    snprintf(last_url, sizeof last_url, "%s", url);
    cr_assert_eq(db_open(url, &d, err, sizeof err), 0, "%s", err);
    cr_assert_eq(db_migrate(d), 0, "migrations failed on %s", url);
    return d;
}

void testdb_close(db *d)
{
    db_engine e = db_engine_of(d);
    db_close(d);
    if (e == DB_SQLITE) {
        char p[300];
        unlink(sqlite_path);
        snprintf(p, sizeof p, "%s-wal", sqlite_path);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", sqlite_path);
        unlink(p);
    }
}

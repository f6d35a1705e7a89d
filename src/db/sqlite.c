/* SQLite engine: WAL, busy timeout, foreign keys on; one connection per thread. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "db/engine.h"

enum { SQLITE_BUSY_MS = 5000 };

static void *sq_connect(const char *path, char *err, size_t errlen)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(
        path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return NULL;
    }
    sqlite3_busy_timeout(h, SQLITE_BUSY_MS);
    char *msg = NULL;
    if (sqlite3_exec(h,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                     "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : "pragma failed");
        sqlite3_free(msg);
        sqlite3_close(h);
        return NULL;
    }
    return h;
}

static void sq_disconnect(void *h)
{
    sqlite3_close_v2(h);
}

static void *sq_prepare(void *h, const char *sql, int slot, char *err, size_t errlen)
{
    (void)slot;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s (in: %.200s)", sqlite3_errmsg(h), sql);
        return NULL;
    }
    return st;
}

static void sq_finalize(void *h, void *st)
{
    (void)h;
    sqlite3_finalize(st);
}

static db_rc sq_code(db_rows *r, int rc)
{
    sqlite3 *h = r->c->h;
    int base = rc & 0xff;
    db_rc code = base == SQLITE_CONSTRAINT                        ? DB_CONSTRAINT
                 : (base == SQLITE_BUSY || base == SQLITE_LOCKED) ? DB_BUSY
                                                                  : DB_ERROR;
    return db_fail(r->c, code, "%s", sqlite3_errmsg(h));
}

/* Steps once; r->done tells whether a row is there. */
static db_rc sq_step(db_rows *r)
{
    int rc = sqlite3_step(r->stmt);
    if (rc == SQLITE_ROW) return DB_OK;
    r->done = true;
    if (rc == SQLITE_DONE) {
        r->changes = sqlite3_changes(r->c->h);
        return DB_OK;
    }
    return sq_code(r, rc);
}

static db_rc sq_run(db_rows *r, const db_param *p, int np)
{
    sqlite3_stmt *st = r->stmt;
    if (sqlite3_bind_parameter_count(st) != np)
        return db_fail(r->c, DB_ERROR, "statement wants %d parameters, got %d",
                       sqlite3_bind_parameter_count(st), np);
    for (int i = 0; i < np; i++) {
        int rc;
        switch (p[i].type) {
        case DBP_NULL:
            rc = sqlite3_bind_null(st, i + 1);
            break;
        case DBP_INT:
            rc = sqlite3_bind_int64(st, i + 1, p[i].i);
            break;
        case DBP_TEXT:
            rc = sqlite3_bind_text(st, i + 1, p[i].s, p[i].n == (size_t)-1 ? -1 : (int)p[i].n,
                                   SQLITE_TRANSIENT);
            break;
        default:
            rc = sqlite3_bind_blob64(st, i + 1, p[i].s, p[i].n, SQLITE_TRANSIENT);
            break;
        }
        if (rc != SQLITE_OK) return sq_code(r, rc);
    }
    /* The first step runs the statement; the row it may produce is kept for sq_next. */
    r->rc = sq_step(r);
    r->row = -1;
    return r->rc;
}

static bool sq_next(db_rows *r)
{
    if (r->done) return false;
    if (r->row == -1) { /* the row from sq_run's first step */
        r->row = 0;
        return true;
    }
    r->rc = sq_step(r);
    return !r->done;
}

static bool sq_isnull(db_rows *r, int col)
{
    return sqlite3_column_type(r->stmt, col) == SQLITE_NULL;
}

static int64_t sq_int(db_rows *r, int col)
{
    return sqlite3_column_int64(r->stmt, col);
}

static const char *sq_text(db_rows *r, int col)
{
    return (const char *)sqlite3_column_text(r->stmt, col);
}

static const void *sq_blob(db_rows *r, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(r->stmt, col);
    *len = (size_t)sqlite3_column_bytes(r->stmt, col);
    return p;
}

static int sq_ncols(db_rows *r)
{
    return sqlite3_column_count(r->stmt);
}

static const char *sq_colname(db_rows *r, int col)
{
    return sqlite3_column_name(r->stmt, col);
}

static db_type sq_coltype(db_rows *r, int col)
{
    switch (sqlite3_column_type(r->stmt, col)) {
    case SQLITE_INTEGER:
        return DBT_INT;
    case SQLITE_FLOAT:
        return DBT_TEXT;
    case SQLITE_TEXT:
        return DBT_TEXT;
    case SQLITE_BLOB:
        return DBT_BLOB;
    default:
        return DBT_NULL;
    }
}

static void sq_reset(db_rows *r)
{
    sqlite3_reset(r->stmt);
    sqlite3_clear_bindings(r->stmt);
}

static int64_t sq_changes(db_rows *r)
{
    return r->changes;
}

static int64_t sq_own_changes(void *h)
{
    return sqlite3_total_changes64(h);
}

const db_ops db_sqlite_ops = {
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .run = sq_run,
    .next = sq_next,
    .isnull = sq_isnull,
    .get_int = sq_int,
    .get_text = sq_text,
    .get_blob = sq_blob,
    .ncols = sq_ncols,
    .colname = sq_colname,
    .coltype = sq_coltype,
    .reset = sq_reset,
    .changes = sq_changes,
    .own_changes = sq_own_changes,
};

int db_sqlite_script(db_conn *c, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(c->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        db_fail(c, DB_ERROR, "%s", msg ? msg : "script failed");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

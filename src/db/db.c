#include "db/db.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "db/engine.h"
#include "db/pgwatch.h"

struct db {
    db_engine engine;
    const db_ops *ops;
    char *target; /* file path or libpq conninfo */
    pthread_key_t key;
    pthread_mutex_t lock;
    db_conn *conns; /* every connection, for db_close */
    pgwatch *watch; /* PostgreSQL's commits, when db_watch_start was called */
    /* The read barrier (db_data_version_now): polls started and finished, one at a time. */
    struct {
        pthread_mutex_t lock;
        pthread_cond_t done_cv;
        uint64_t started, done;
        bool busy, ok;
        char version[DB_VERSION_MAX];
    } barrier;
};

db_rc db_fail(db_conn *c, db_rc code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return code;
}

int db_open(const char *url, db **out, char *err, size_t errlen)
{
    db *d = calloc(1, sizeof *d);
    if (!d) return -1;
    if (strncmp(url, "sqlite:", 7) == 0) {
        d->engine = DB_SQLITE;
        d->ops = &db_sqlite_ops;
        d->target = strdup(url + 7);
    } else if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
        d->engine = DB_POSTGRES;
        d->ops = &db_postgres_ops;
        d->target = strdup(url);
    } else {
        snprintf(err, errlen, "unknown database URL (use sqlite:PATH or postgres://...)");
        free(d);
        return -1;
    }
    if (!d->target || !*d->target) {
        snprintf(err, errlen, "empty database path");
        free(d->target);
        free(d);
        return -1;
    }
    pthread_key_create(&d->key, NULL);
    pthread_mutex_init(&d->lock, NULL);
    pthread_mutex_init(&d->barrier.lock, NULL);
    pthread_cond_init(&d->barrier.done_cv, NULL);
    *out = d;
    return 0;
}

static void conn_free(db_conn *c)
{
    for (int i = 0; i < DB_STMT_CACHE; i++) {
        if (c->cache[i].stmt) c->ops->finalize(c->h, c->cache[i].stmt);
        free(c->cache[i].sql);
    }
    c->ops->disconnect(c->h);
    if (c->scratch) free(*(void **)c->scratch); /* engine scratch begins with its buffer */
    free(c->scratch);
    free(c);
}

const char *db_target(const db *d)
{
    return d->target;
}

void db_close(db *d)
{
    if (!d) return;
    pgwatch_stop(d->watch);
    pthread_mutex_lock(&d->lock);
    db_conn *c = d->conns;
    while (c) {
        db_conn *n = c->next_in_db;
        conn_free(c);
        c = n;
    }
    d->conns = NULL;
    pthread_mutex_unlock(&d->lock);
    pthread_key_delete(d->key);
    pthread_mutex_destroy(&d->lock);
    free(d->target);
    free(d);
}

db_engine db_engine_of(const db *d)
{
    return d->engine;
}

db_engine db_conn_engine(const db_conn *c)
{
    return c->owner->engine;
}

const char *db_errmsg(const db_conn *c)
{
    return c->err;
}

db_conn *db_conn_get(db *d)
{
    db_conn *c = pthread_getspecific(d->key);
    if (c) return c;
    c = calloc(1, sizeof *c);
    if (!c) return NULL;
    char err[DB_ERR_MAX];
    c->h = d->ops->connect(d->target, err, sizeof err);
    if (!c->h) {
        log_error("database connection failed: %s", err);
        free(c);
        return NULL;
    }
    c->owner = d;
    c->ops = d->ops;
    pthread_mutex_lock(&d->lock);
    c->next_in_db = d->conns;
    d->conns = c;
    pthread_mutex_unlock(&d->lock);
    pthread_setspecific(d->key, c);
    return c;
}

static unsigned long hash_sql(const char *s)
{
    unsigned long h = 1469598103934665603UL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

enum { WRITES_NOT, WRITES_IF_ROWS, WRITES_MAYBE };

static bool word_at(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(s, w, n) == 0 && !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* Whether a statement changes rows: its first word, or for a WITH any data-modifying word in
 * it (whose statement then reports the rows it returns, not those it changed). */
static int sql_writes(const char *sql)
{
    while (isspace((unsigned char)*sql)) sql++;
    if (word_at(sql, "INSERT") || word_at(sql, "UPDATE") || word_at(sql, "DELETE") ||
        word_at(sql, "MERGE"))
        return WRITES_IF_ROWS;
    if (!word_at(sql, "WITH")) return WRITES_NOT;
    for (const char *p = sql; *p; p++)
        if ((p == sql || !isalnum((unsigned char)p[-1])) &&
            (word_at(p, "INSERT") || word_at(p, "UPDATE") || word_at(p, "DELETE")))
            return WRITES_MAYBE;
    return WRITES_NOT;
}

/* A commit that changed rows on PostgreSQL: the other instances hear of it through the
 * notification sent with it, this one at once. */
static void committed_change(db_conn *c)
{
    c->writes++;
    if (c->owner->watch) pgwatch_bump(c->owner->watch);
}

/* After a statement ran: a change inside a transaction is told at its commit; a statement on
 * its own has committed already, so it is told now. SQLite's counters need none of this. */
static void note_write(db_conn *c, int writes, int64_t changes)
{
    if (c->ops->own_changes || writes == WRITES_NOT || (writes == WRITES_IF_ROWS && changes <= 0))
        return;
    if (c->depth) {
        c->tx_wrote = true;
        return;
    }
    db_exec(c, "SELECT pg_notify('" PGWATCH_CHANNEL "', '')", DB_NOARGS, NULL);
    committed_change(c);
}

/* The prepared statement for sql on this connection, from the cache or prepared now, and
 * whether it writes. When the cache is full the statement is prepared for this use only
 * (*owned set) and the caller finalizes it: never an error, only a slower query. */
static void *stmt_for(db_conn *c, const char *sql, bool *owned, int *writes)
{
    *owned = false;
    unsigned long h = hash_sql(sql);
    size_t i = h % DB_STMT_CACHE;
    for (size_t probe = 0; probe < DB_STMT_CACHE; probe++, i = (i + 1) % DB_STMT_CACHE) {
        stmt_slot *s = &c->cache[i];
        if (!s->sql) break;
        if (s->hash == h && strcmp(s->sql, sql) == 0) {
            *writes = s->writes;
            return s->stmt;
        }
    }
    *writes = sql_writes(sql);
    if (c->nprepared >= DB_STMT_CACHE * 3 / 4) {
        if (c->oneshots++ == 0)
            log_warn("statement cache full (%d statements, raise DB_STMT_CACHE in db/engine.h): "
                     "preparing per use",
                     c->nprepared);
        *owned = true;
        return c->ops->prepare(c->h, sql, DB_STMT_CACHE + c->oneshots % 1000000, c->err,
                               sizeof c->err);
    }
    void *st = c->ops->prepare(c->h, sql, c->nprepared, c->err, sizeof c->err);
    if (!st) return NULL;
    c->cache[i] = (stmt_slot){.sql = strdup(sql), .hash = h, .stmt = st, .writes = *writes};
    c->nprepared++;
    return st;
}

db_rows *db_query(db_conn *c, const char *sql, const db_param *p, int np)
{
    c->last_rc = DB_ERROR;
    bool owned;
    int writes;
    void *st = stmt_for(c, sql, &owned, &writes);
    if (!st) return NULL;
    db_rows *r = calloc(1, sizeof *r);
    if (!r) {
        if (owned) c->ops->finalize(c->h, st);
        return NULL;
    }
    r->c = c;
    r->stmt = st;
    r->owned_stmt = owned;
    r->row = -1;
    r->rc = c->ops->run(r, p, np);
    if (r->rc != DB_OK) {
        c->last_rc = r->rc;
        db_rows_close(r);
        return NULL;
    }
    note_write(c, writes, c->ops->changes(r)); /* PostgreSQL has run it whole by now */
    return r;
}

bool db_next(db_rows *r)
{
    return !r->done && r->c->ops->next(r);
}

int db_ncols(db_rows *r)
{
    return r->c->ops->ncols(r);
}

bool db_isnull(db_rows *r, int col)
{
    return r->c->ops->isnull(r, col);
}

int64_t db_int(db_rows *r, int col)
{
    return r->c->ops->get_int(r, col);
}

const char *db_text(db_rows *r, int col)
{
    return r->c->ops->get_text(r, col);
}

const void *db_blob(db_rows *r, int col, size_t *len)
{
    return r->c->ops->get_blob(r, col, len);
}

db_rc db_rows_close(db_rows *r)
{
    if (!r) return DB_ERROR;
    db_rc rc = r->rc;
    r->c->ops->reset(r);
    if (r->owned_stmt) r->c->ops->finalize(r->c->h, r->stmt);
    free(r);
    return rc;
}

db_rc db_exec(db_conn *c, const char *sql, const db_param *p, int np, int64_t *changes)
{
    bool owned;
    int writes;
    void *st = stmt_for(c, sql, &owned, &writes);
    if (!st) return DB_ERROR;
    db_rows r = {.c = c, .stmt = st, .row = -1, .owned_stmt = owned};
    db_rc rc = c->ops->run(&r, p, np);
    if (rc == DB_OK) {
        while (c->ops->next(&r)) {
        }
        rc = r.rc;
    }
    int64_t n = c->ops->changes(&r);
    if (changes) *changes = n;
    if (rc == DB_OK) note_write(c, writes, n);
    c->ops->reset(&r);
    if (owned) c->ops->finalize(c->h, st);
    return rc;
}

db_rc db_query_int(db_conn *c, const char *sql, const db_param *p, int np, int64_t *out)
{
    db_rows *r = db_query(c, sql, p, np);
    if (!r) return c->last_rc;
    if (db_next(r) && !db_isnull(r, 0)) *out = db_int(r, 0);
    return db_rows_close(r);
}

/* The watch's counter as a version ("w" and a number: never equal to a snapshot's text). */
static bool watch_text(uint64_t v, char *out, size_t n)
{
    int w = snprintf(out, n, "w%llu", (unsigned long long)v);
    return w > 0 && (size_t)w < n;
}

bool db_data_version_now(db_conn *c, char *out, size_t n)
{
    if (!c) return false;
    if (c->ops->own_changes) return db_data_version(c, NULL, out, n);
    uint64_t v;
    if (c->owner->watch && pgwatch_version(c->owner->watch, &v)) return watch_text(v, out, n);
    return db_data_version_asked(c, out, n);
}

bool db_data_version_fenced(db_conn *c, char *out, size_t n)
{
    if (!c) return false;
    if (c->ops->own_changes) return db_data_version(c, NULL, out, n);
    uint64_t v;
    if (c->owner->watch) {
        if (pgwatch_sync(c->owner->watch, 2000, &v)) return watch_text(v, out, n);
        if (pgwatch_version(c->owner->watch, &v)) return false; /* listening, but slow */
    }
    return db_data_version_asked(c, out, n);
}

bool db_data_version_asked(db_conn *c, char *out, size_t n)
{
    if (!c) return false;
    if (c->ops->own_changes) return db_data_version(c, NULL, out, n);
    /* A caller needs a poll that starts after it arrived: the one under way may have read the
     * snapshot before a commit the caller already knows of. Whoever finds no poll under way
     * runs the next on its own connection; the others wait for it and share its answer. */
    db *d = c->owner;
    pthread_mutex_lock(&d->barrier.lock);
    uint64_t need = d->barrier.started + 1;
    while (d->barrier.done < need) {
        if (d->barrier.busy) {
            pthread_cond_wait(&d->barrier.done_cv, &d->barrier.lock);
            continue;
        }
        d->barrier.busy = true;
        uint64_t mine = ++d->barrier.started;
        pthread_mutex_unlock(&d->barrier.lock);
        char v[DB_VERSION_MAX] = "";
        bool ok = false;
        db_rows *r = db_query(c, "SELECT " DB_PG_SNAPSHOT, DB_NOARGS);
        if (r && db_next(r) && !db_isnull(r, 0))
            ok = db_data_version(c, db_text(r, 0), v, sizeof v);
        if (r) db_rows_close(r);
        pthread_mutex_lock(&d->barrier.lock);
        memcpy(d->barrier.version, v, sizeof v);
        d->barrier.ok = ok;
        d->barrier.done = mine;
        d->barrier.busy = false;
        pthread_cond_broadcast(&d->barrier.done_cv);
    }
    int w = d->barrier.ok ? snprintf(out, n, "%s", d->barrier.version) : -1;
    bool ok = w > 0 && (size_t)w < n;
    pthread_mutex_unlock(&d->barrier.lock);
    return ok;
}

bool db_data_version(db_conn *c, const char *snapshot, char *out, size_t n)
{
    if (!c) return false;
    if (c->ops->own_changes) {
        /* data_version counts per connection: the connection is part of the version. */
        int64_t other = -1;
        if (db_query_int(c, "PRAGMA data_version", DB_NOARGS, &other) != DB_OK || other < 0)
            return false;
        int w = snprintf(out, n, "%p.%lld.%lld", (void *)c, (long long)other,
                         (long long)c->ops->own_changes(c->h));
        return w > 0 && (size_t)w < n;
    }
    if (!snapshot || !*snapshot) return false;
    int w = snprintf(out, n, "%s", snapshot);
    return w > 0 && (size_t)w < n;
}

bool db_watch_start(db *d)
{
    if (d->engine != DB_POSTGRES) return false;
    if (!d->watch) d->watch = pgwatch_start(d->target);
    return d->watch != NULL;
}

uint64_t db_write_count(const db_conn *c)
{
    return c ? c->writes : 0;
}

db_rc db_begin(db_conn *c)
{
    if (c->depth) return db_fail(c, DB_ERROR, "transaction already open");
    db_rc rc =
        db_exec(c, c->owner->engine == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", DB_NOARGS, NULL);
    if (rc == DB_OK) c->depth = 1;
    return rc;
}

db_rc db_commit(db_conn *c)
{
    /* The notification goes out with the commit, to every instance listening (db/pgwatch.h). */
    bool told = c->tx_wrote;
    c->tx_wrote = false;
    db_rc rc =
        told ? db_exec(c, "SELECT pg_notify('" PGWATCH_CHANNEL "', '')", DB_NOARGS, NULL) : DB_OK;
    if (rc == DB_OK) rc = db_exec(c, "COMMIT", DB_NOARGS, NULL);
    if (rc != DB_OK) db_rollback(c);
    c->depth = 0;
    if (rc == DB_OK && told) committed_change(c);
    return rc;
}

void db_rollback(db_conn *c)
{
    char keep[DB_ERR_MAX];
    memcpy(keep, c->err, sizeof keep); /* the cause matters more than the rollback */
    db_exec(c, "ROLLBACK", DB_NOARGS, NULL);
    memcpy(c->err, keep, sizeof keep);
    c->depth = 0;
    c->tx_wrote = false;
}

bool db_in_transaction(const db_conn *c)
{
    return c && c->depth > 0;
}

const char *db_colname(db_rows *r, int col)
{
    return r->c->ops->colname(r, col);
}

db_type db_coltype(db_rows *r, int col)
{
    return r->c->ops->coltype(r, col);
}

json_t *db_rows_json(db_rows *r)
{
    if (!r) return NULL;
    json_t *a = json_array();
    int n = db_ncols(r);
    while (db_next(r)) {
        json_t *o = json_object();
        for (int i = 0; i < n; i++) {
            json_t *v;
            switch (db_coltype(r, i)) {
            case DBT_INT:
                v = json_integer(db_int(r, i));
                break;
            case DBT_BOOL:
                v = json_boolean(db_int(r, i));
                break;
            case DBT_TEXT:
                v = json_string(db_text(r, i));
                break;
            case DBT_NULL:
                v = json_null();
                break;
            default:
                continue;
            }
            json_object_set_new(o, db_colname(r, i), v ? v : json_null());
        }
        json_array_append_new(a, o);
    }
    if (db_rows_close(r) != DB_OK) {
        json_decref(a);
        return NULL;
    }
    return a;
}

json_t *db_query_json(db_conn *c, const char *sql, const db_param *p, int np)
{
    return db_rows_json(db_query(c, sql, p, np));
}

json_t *db_query_object(db_conn *c, const char *sql, const db_param *p, int np)
{
    json_t *a = db_query_json(c, sql, p, np);
    json_t *o = json_incref(json_array_get(a, 0));
    json_decref(a);
    return o;
}

int db_stmt_capacity(void)
{
    return DB_STMT_CACHE * 3 / 4;
}

int db_stmt_count(const db_conn *c)
{
    return c ? c->nprepared : 0;
}

enum { COPY_BLOCK = 256 * 1024 };

db_rc db_copy_begin(db_conn *c, db_copy *cp, const char *table, const char *columns, int ncols)
{
    *cp = (db_copy){.c = c, .ncols = ncols, .rc = DB_OK};
    if (c->ops->copy_begin) {
        char sql[512];
        snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", table, columns);
        if (c->ops->copy_begin(c->h, sql, c->err, sizeof c->err)) return cp->rc = DB_ERROR;
        cp->streaming = true;
        cp->cap = COPY_BLOCK + 4096;
        cp->pending = malloc(cp->cap);
        return cp->pending ? DB_OK : (cp->rc = DB_ERROR);
    }
    int n = snprintf(cp->insert_sql, sizeof cp->insert_sql, "INSERT INTO %s (%s) VALUES (", table,
                     columns);
    for (int i = 0; i < ncols && n > 0 && (size_t)n < sizeof cp->insert_sql; i++)
        n += snprintf(cp->insert_sql + n, sizeof cp->insert_sql - (size_t)n, "%s?", i ? ", " : "");
    if (n <= 0 || (size_t)n + 2 >= sizeof cp->insert_sql) return cp->rc = DB_ERROR;
    memcpy(cp->insert_sql + n, ")", 2);
    return DB_OK;
}

/* Appends s to the pending COPY text with its special bytes escaped (text format). */
static bool copy_text(db_copy *cp, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (cp->len + 2 > cp->cap) {
            size_t cap = cp->cap * 2;
            char *more = realloc(cp->pending, cap);
            if (!more) return false;
            cp->pending = more;
            cp->cap = cap;
        }
        char ch = s[i];
        if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
            cp->pending[cp->len++] = '\\';
            ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : '\\';
        }
        cp->pending[cp->len++] = ch;
    }
    return true;
}

/* Appends a separator or a marker as it is (a tab, a line break, \\N). */
static bool copy_raw(db_copy *cp, const char *s, size_t len)
{
    if (cp->len + len > cp->cap) {
        size_t cap = cp->cap * 2 + len;
        char *more = realloc(cp->pending, cap);
        if (!more) return false;
        cp->pending = more;
        cp->cap = cap;
    }
    memcpy(cp->pending + cp->len, s, len);
    cp->len += len;
    return true;
}

static db_rc copy_flush(db_copy *cp)
{
    if (cp->len &&
        cp->c->ops->copy_put(cp->c->h, cp->pending, cp->len, cp->c->err, sizeof cp->c->err))
        return cp->rc = DB_ERROR;
    cp->len = 0;
    return DB_OK;
}

db_rc db_copy_row(db_copy *cp, const db_param *v)
{
    if (cp->rc != DB_OK) return cp->rc;
    if (!cp->streaming) return cp->rc = db_exec(cp->c, cp->insert_sql, v, cp->ncols, NULL);
    for (int i = 0; i < cp->ncols; i++) {
        char num[32];
        bool ok = true;
        if (i) ok = copy_raw(cp, "\t", 1);
        if (v[i].type == DBP_NULL) {
            ok = ok && copy_raw(cp, "\\N", 2);
        } else if (v[i].type == DBP_INT) {
            int n = snprintf(num, sizeof num, "%lld", (long long)v[i].i);
            ok = ok && copy_text(cp, num, (size_t)n);
        } else if (v[i].type == DBP_TEXT) {
            ok = ok && copy_text(cp, v[i].s, strlen(v[i].s));
        } else {
            ok = false; /* blobs are not bulk-loaded */
        }
        if (!ok) return cp->rc = DB_ERROR;
    }
    if (!copy_raw(cp, "\n", 1)) return cp->rc = DB_ERROR;
    return cp->len >= COPY_BLOCK ? copy_flush(cp) : DB_OK;
}

db_rc db_copy_end(db_copy *cp)
{
    if (cp->streaming) {
        if (cp->rc == DB_OK) copy_flush(cp);
        /* The server must hear the end even after an error, or the connection stays in COPY. */
        if (cp->c->ops->copy_end(cp->c->h, cp->c->err, sizeof cp->c->err)) cp->rc = DB_ERROR;
        if (cp->rc == DB_OK) note_write(cp->c, WRITES_MAYBE, 1);
        free(cp->pending);
        cp->pending = NULL;
        cp->streaming = false;
    }
    return cp->rc;
}

/* PostgreSQL engine over libpq: named prepared statements per connection, text results. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/engine.h"

typedef struct pg_stmt {
    char name[16];
    int nparams;
    bool oneshot; /* prepared outside the cache: deallocated on the server after use */
} pg_stmt;

/* Per-cursor scratch for decoded bytea values. */
typedef struct pg_scratch {
    unsigned char *bytes;
    size_t cap;
} pg_scratch;

static void quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg; /* NOTICEs (e.g. "relation already exists, skipping") are not errors */
}

static void *pg_connect(const char *conninfo, char *err, size_t errlen)
{
    PGconn *h = PQconnectdb(conninfo);
    if (PQstatus(h) != CONNECTION_OK) {
        snprintf(err, errlen, "%s", PQerrorMessage(h));
        char *nl = strchr(err, '\n');
        if (nl) *nl = '\0';
        PQfinish(h);
        return NULL;
    }
    PQsetNoticeProcessor(h, quiet, NULL);
    PGresult *r = PQexec(h, "SET TIME ZONE 'UTC'");
    PQclear(r);
    return h;
}

static void pg_disconnect(void *h)
{
    PQfinish(h);
}

/* Rewrites ? placeholders to $1..$n, leaving quoted text and comments alone. */
static char *dollarise(const char *sql, int *nparams)
{
    size_t n = strlen(sql);
    size_t cap = n * 6 + 1; /* "?" becomes at most "$99999" */
    char *out = malloc(cap);
    if (!out) return NULL;
    size_t k = 0;
    int count = 0;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = sql[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && sql[i + 1] == '-') {
            while (i < n && sql[i] != '\n') out[k++] = sql[i++];
            if (i == n) break;
            c = sql[i];
        } else if (c == '?') {
            k += (size_t)snprintf(out + k, cap - k, "$%d", ++count);
            continue;
        }
        out[k++] = c;
    }
    out[k] = '\0';
    *nparams = count;
    return out;
}

static void *pg_prepare(void *h, const char *sql, int slot, char *err, size_t errlen)
{
    pg_stmt *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    char *text = dollarise(sql, &st->nparams);
    if (!text) {
        free(st);
        return NULL;
    }
    snprintf(st->name, sizeof st->name, "s%d", slot);
    st->oneshot = slot >= DB_STMT_CACHE;
    PGresult *r = PQprepare(h, st->name, text, 0, NULL);
    free(text);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        snprintf(err, errlen, "%s (in: %.200s)", PQresultErrorMessage(r), sql);
        char *nl = strchr(err, '\n');
        if (nl) *nl = ' ';
        PQclear(r);
        free(st);
        return NULL;
    }
    PQclear(r);
    return st;
}

static void pg_finalize(void *h, void *stmt)
{
    pg_stmt *st = stmt;
    if (st->oneshot) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(h, sql));
    }
    free(st);
}

static db_rc pg_code(db_rows *r, PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    db_rc code = DB_ERROR;
    if (state && strncmp(state, "23", 2) == 0) code = DB_CONSTRAINT;
    if (state &&
        (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0))
        code = DB_BUSY;
    db_rc rc = db_fail(r->c, code, "%s", PQresultErrorMessage(res));
    char *nl = strchr(r->c->err, '\n');
    if (nl) *nl = '\0';
    return rc;
}

static db_rc pg_run(db_rows *r, const db_param *p, int np)
{
    pg_stmt *st = r->stmt;
    if (st->nparams != np)
        return db_fail(r->c, DB_ERROR, "statement wants %d parameters, got %d", st->nparams, np);
    enum { MAXP = 64 };
    if (np > MAXP) return db_fail(r->c, DB_ERROR, "too many parameters (%d)", np);
    const char *values[MAXP];
    int lengths[MAXP], formats[MAXP];
    char ints[MAXP][24];
    char *copies[MAXP] = {0};
    db_rc rc = DB_OK;
    for (int i = 0; i < np; i++) {
        lengths[i] = 0;
        formats[i] = 0;
        switch (p[i].type) {
        case DBP_NULL:
            values[i] = NULL;
            break;
        case DBP_INT:
            snprintf(ints[i], sizeof ints[i], "%lld", (long long)p[i].i);
            values[i] = ints[i];
            break;
        case DBP_TEXT:
            if (p[i].n == (size_t)-1) {
                values[i] = p[i].s;
            } else { /* text parameters travel NUL-terminated */
                copies[i] = strndup(p[i].s, p[i].n);
                if (!copies[i]) {
                    rc = db_fail(r->c, DB_ERROR, "out of memory");
                    goto out;
                }
                values[i] = copies[i];
            }
            break;
        default:
            values[i] = p[i].s ? p[i].s : "";
            lengths[i] = (int)p[i].n;
            formats[i] = 1;
            break;
        }
    }
    PGresult *res = PQexecPrepared(r->c->h, st->name, np, values, lengths, formats, 0);
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
        rc = pg_code(r, res);
        PQclear(res);
        goto out;
    }
    r->res = res;
    r->nrows = PQntuples(res);
    r->row = -1;
    r->changes = atoll(PQcmdTuples(res));
out:
    for (int i = 0; i < np; i++) free(copies[i]);
    r->rc = rc;
    return rc;
}

static bool pg_next(db_rows *r)
{
    if (!r->res || r->row + 1 >= r->nrows) {
        r->done = true;
        return false;
    }
    r->row++;
    return true;
}

static bool pg_isnull(db_rows *r, int col)
{
    return PQgetisnull(r->res, (int)r->row, col);
}

static int64_t pg_int(db_rows *r, int col)
{
    const char *v = PQgetvalue(r->res, (int)r->row, col);
    if (v[0] == 't' && v[1] == '\0') return 1; /* boolean */
    if (v[0] == 'f' && v[1] == '\0') return 0;
    return atoll(v);
}

static const char *pg_text(db_rows *r, int col)
{
    if (PQgetisnull(r->res, (int)r->row, col)) return NULL;
    return PQgetvalue(r->res, (int)r->row, col);
}

static int hexval(char c)
{
    return c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
}

static const void *pg_blob(db_rows *r, int col, size_t *len)
{
    *len = 0;
    if (PQgetisnull(r->res, (int)r->row, col)) return NULL;
    const char *v = PQgetvalue(r->res, (int)r->row, col);
    size_t n = (size_t)PQgetlength(r->res, (int)r->row, col);
    if (n < 2 || v[0] != '\\' || v[1] != 'x') return NULL; /* bytea_output is hex */
    size_t bytes = (n - 2) / 2;
    pg_scratch *sc = r->c->scratch;
    if (!sc) {
        sc = calloc(1, sizeof *sc);
        if (!sc) return NULL;
        r->c->scratch = sc;
    }
    if (!sc->bytes || sc->cap < bytes + 1) {
        unsigned char *b = realloc(sc->bytes, bytes + 1);
        if (!b) return NULL;
        sc->bytes = b;
        sc->cap = bytes + 1;
    }
    for (size_t i = 0; i < bytes; i++)
        sc->bytes[i] = (unsigned char)(hexval(v[2 + 2 * i]) << 4 | hexval(v[3 + 2 * i]));
    *len = bytes;
    return sc->bytes;
}

static int pg_ncols(db_rows *r)
{
    return r->res ? PQnfields(r->res) : 0;
}

static const char *pg_colname(db_rows *r, int col)
{
    return PQfname(r->res, col);
}

static db_type pg_coltype(db_rows *r, int col)
{
    if (PQgetisnull(r->res, (int)r->row, col)) return DBT_NULL;
    switch (PQftype(r->res, col)) {
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */
        return DBT_INT;
    case 16:
        return DBT_BOOL;
    case 17:
        return DBT_BLOB;
    case 1700: /* numeric: SUM() of integers; whole numbers read as integers */
        return strchr(PQgetvalue(r->res, (int)r->row, col), '.') ? DBT_TEXT : DBT_INT;
    default:
        return DBT_TEXT;
    }
}

static void pg_reset(db_rows *r)
{
    PQclear(r->res);
    r->res = NULL;
}

static int64_t pg_changes(db_rows *r)
{
    return r->changes;
}

static int pg_copy_begin(void *h, const char *sql, char *err, size_t errlen)
{
    PGresult *res = PQexec(h, sql);
    int rc = PQresultStatus(res) == PGRES_COPY_IN ? 0 : -1;
    if (rc) snprintf(err, errlen, "%s", PQerrorMessage(h));
    PQclear(res);
    return rc;
}

static int pg_copy_put(void *h, const char *data, size_t len, char *err, size_t errlen)
{
    if (PQputCopyData(h, data, (int)len) == 1) return 0;
    snprintf(err, errlen, "%s", PQerrorMessage(h));
    return -1;
}

static int pg_copy_end(void *h, char *err, size_t errlen)
{
    int rc = PQputCopyEnd(h, NULL) == 1 ? 0 : -1;
    PGresult *res;
    while ((res = PQgetResult(h))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK) rc = -1;
        PQclear(res);
    }
    if (rc) snprintf(err, errlen, "%s", PQerrorMessage(h));
    return rc;
}

const db_ops db_postgres_ops = {
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .run = pg_run,
    .next = pg_next,
    .isnull = pg_isnull,
    .get_int = pg_int,
    .get_text = pg_text,
    .get_blob = pg_blob,
    .ncols = pg_ncols,
    .colname = pg_colname,
    .coltype = pg_coltype,
    .reset = pg_reset,
    .changes = pg_changes,
    .copy_begin = pg_copy_begin,
    .copy_put = pg_copy_put,
    .copy_end = pg_copy_end,
};

int db_postgres_script(db_conn *c, const char *sql)
{
    PGresult *r = PQexec(c->h, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        db_fail(c, DB_ERROR, "%s", PQresultErrorMessage(r));
        rc = -1;
    }
    PQclear(r);
    return rc;
}

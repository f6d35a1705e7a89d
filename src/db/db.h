/* One database interface, two engines (SQLite, PostgreSQL).
 *
 * SQL is written once with `?` placeholders; the PostgreSQL engine rewrites them to $n.
 * Every statement is prepared and cached per connection (keyed by its text), and values are
 * always bound, never spliced into SQL. Each thread gets its own connection, opened on
 * first use. Integers are 64-bit; instants are UTC microseconds in BIGINT columns; money is
 * cents in BIGINT columns; blobs are BLOB/BYTEA. */
#ifndef COPROG_DB_DB_H
#define COPROG_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include <stdint.h>

typedef enum { DB_SQLITE, DB_POSTGRES } db_engine;

typedef enum {
    DB_OK = 0,
    DB_ERROR = -1,
    DB_CONSTRAINT = -2, /* unique, foreign key, check or exclusion violated */
    DB_BUSY = -3,       /* lock not obtained in time */
} db_rc;

typedef enum { DBP_NULL, DBP_INT, DBP_TEXT, DBP_BLOB } db_ptype;

typedef struct db_param {
    db_ptype type;
    int64_t i;
    const char *s;
    size_t n;
} db_param;

#define DB_NULL       ((db_param){.type = DBP_NULL})
#define DB_INT(x)     ((db_param){.type = DBP_INT, .i = (int64_t)(x)})
#define DB_TEXT(x)    db_text_param(x)
#define DB_BLOB(p, l) ((db_param){.type = DBP_BLOB, .s = (const char *)(p), .n = (l)})
#define DB_ARGS(...)                                                                               \
    ((const db_param[]){__VA_ARGS__}),                                                             \
        (int)(sizeof((const db_param[]){__VA_ARGS__}) / sizeof(db_param))
#define DB_NOARGS NULL, 0

/* Text, or NULL when s is NULL. */
static inline db_param db_text_param(const char *s)
{
    return s ? (db_param){.type = DBP_TEXT, .s = s, .n = (size_t)-1} : (db_param){.type = DBP_NULL};
}

typedef struct db db;
typedef struct db_conn db_conn;
typedef struct db_rows db_rows;

/* Opens a database described by url ("sqlite:PATH" or "postgres://..." / "postgresql://...").
 * Nothing is connected until a thread asks. Returns 0 or -1 with a message in err. */
int db_open(const char *url, db **out, char *err, size_t errlen);
void db_close(db *d);
db_engine db_engine_of(const db *d);
/* A consistent copy of the whole database taken while others keep writing: SQLite's online
 * backup into the file out (an SQLite database), or pg_dump's custom format for PostgreSQL
 * (restore with pg_restore). out must not exist. 0, or -1 with err filled. */
int db_backup(db *d, const char *out, char *err, size_t errlen);

/* The calling thread's connection, connected on first use; NULL when the server is down
 * (the reason is logged). */
db_conn *db_conn_get(db *d);
const char *db_errmsg(const db_conn *c);
db_engine db_conn_engine(const db_conn *c);

/* Runs a statement that returns no rows. *changes (may be NULL) gets the rows affected. */
db_rc db_exec(db_conn *c, const char *sql, const db_param *p, int np, int64_t *changes);
/* Runs a query; read rows with db_next and close with db_rows_close. NULL on error. */
db_rows *db_query(db_conn *c, const char *sql, const db_param *p, int np);
/* The first column of the first row as an integer (e.g. RETURNING id, COUNT(*)).
 * Returns DB_OK, DB_ERROR, or DB_CONSTRAINT; *out stays untouched when there is no row. */
db_rc db_query_int(db_conn *c, const char *sql, const db_param *p, int np, int64_t *out);

bool db_next(db_rows *r);
int db_ncols(db_rows *r);
bool db_isnull(db_rows *r, int col);
int64_t db_int(db_rows *r, int col);
/* Text of a column, NUL-terminated, valid until the next db_next; NULL for SQL NULL. */
const char *db_text(db_rows *r, int col);
const void *db_blob(db_rows *r, int col, size_t *len);
typedef enum { DBT_NULL, DBT_INT, DBT_TEXT, DBT_BLOB, DBT_BOOL } db_type;
/* The column's name (its alias in the SELECT) and the type of its current value. */
const char *db_colname(db_rows *r, int col);
db_type db_coltype(db_rows *r, int col);
/* Consumes the cursor into a JSON array of objects keyed by column name (integers, strings,
 * null; blobs are left out) and closes it. NULL on error. */
json_t *db_rows_json(db_rows *r);
/* db_query + db_rows_json; the first row alone (or NULL when none) for db_query_object. */
json_t *db_query_json(db_conn *c, const char *sql, const db_param *p, int np);
json_t *db_query_object(db_conn *c, const char *sql, const db_param *p, int np);
/* Closes the cursor; returns DB_OK or the error met while stepping. */
db_rc db_rows_close(db_rows *r);

/* Transactions. db_begin starts a write transaction (SQLite: BEGIN IMMEDIATE). */
db_rc db_begin(db_conn *c);
db_rc db_commit(db_conn *c);
void db_rollback(db_conn *c);
/* True while a transaction begun with db_begin is open. */
bool db_in_transaction(const db_conn *c);

/* A text that changes whenever data this connection can read may have changed: any commit,
 * by anyone. Two equal versions read equal data, so an answer made from the data may be kept
 * under its version (web/personcache.h). On PostgreSQL it is the snapshot (pg_current_snapshot:
 * the oldest running transaction, the next to finish and those in between, which moves at
 * every commit), taken as the column DB_PG_SNAPSHOT of a query the request makes anyway, so it
 * costs no round trip; pass that column's text as snapshot. SQLite's counters are read here
 * (data_version: other connections' commits; this connection's changes) and snapshot is
 * ignored. Read it before the data: the data is then at least as new as its version. */
#define DB_PG_SNAPSHOT "pg_current_snapshot()::text"
enum { DB_VERSION_MAX = 512 };
bool db_data_version(db_conn *c, const char *snapshot, char *out, size_t n);
/* The data version now, for a caller that has read nothing yet. SQLite: db_data_version.
 * PostgreSQL watched (db_watch_start): the count of commits this process has seen, read with
 * no round trip; a commit by this process moves it before db_commit returns, another
 * instance's when its notification arrives, a moment later (db/pgwatch.h). Unwatched, or
 * while the watch is down: db_data_version_asked. */
bool db_data_version_now(db_conn *c, char *out, size_t n);
/* As db_data_version_now, but holding every commit acknowledged anywhere before the call: on a
 * watched PostgreSQL one round trip on the watching connection, shared by the callers that
 * arrive while one runs. False when that did not answer in 2 s (keep nothing then). */
bool db_data_version_fenced(db_conn *c, char *out, size_t n);
/* The snapshot of a query that began after the call did (so it holds every commit made
 * before, on any instance), one query at a time for all the callers that arrive while one
 * runs, who share it. On SQLite db_data_version. */
bool db_data_version_asked(db_conn *c, char *out, size_t n);
/* Starts watching a PostgreSQL database's commits for db_data_version_now (serve does); false
 * on SQLite, which needs no watch, or when the watch cannot start. */
bool db_watch_start(db *d);
/* Commits (and statements outside a transaction) that changed rows on this connection so far,
 * counted on PostgreSQL only: a request that moved it wrote something. */
uint64_t db_write_count(const db_conn *c);

/* Applies pending migrations; logs each. Returns 0 or -1. */
int db_migrate(db *d);
/* Schema version after migrations, or -1. */
int db_schema_version(db_conn *c);

/* How many statements a connection keeps prepared before it prepares per use. */
int db_stmt_capacity(void);
/* How many statements this connection has prepared and kept so far. */
int db_stmt_count(const db_conn *c);

/* Many rows into one table at the speed of the engine's own loader: COPY on PostgreSQL,
 * one prepared INSERT reused on SQLite (whose inserts in one transaction are that loader).
 * columns is "a, b, c" (our own text, never input); each row gives ncols values (DB_INT,
 * DB_TEXT, DB_NULL). Rows are sent in blocks as they come: memory stays flat. Inside the
 * caller's transaction; nothing else may run on the connection until db_copy_end. */
typedef struct db_copy {
    db_conn *c;
    int ncols;
    bool streaming; /* COPY under way */
    char insert_sql[512];
    char *pending; /* COPY text waiting to be sent */
    size_t len, cap;
    db_rc rc;
} db_copy;
db_rc db_copy_begin(db_conn *c, db_copy *cp, const char *table, const char *columns, int ncols);
db_rc db_copy_row(db_copy *cp, const db_param *values);
/* Sends what is left and ends the load; the first error of the load, if any. */
db_rc db_copy_end(db_copy *cp);

#endif

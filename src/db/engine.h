/* What each engine provides to db.c. Internal to src/db. */
#ifndef COPROG_DB_ENGINE_H
#define COPROG_DB_ENGINE_H

#include "db/db.h"

/* Prepared statements kept per connection: the application has a few hundred distinct
 * statements (the unit tests, which run all of them on one connection, used about 800);
 * 3/4 of the slots fill before any statement is prepared per use. */
enum { DB_STMT_CACHE = 4096, DB_ERR_MAX = 512 };

typedef struct db_ops {
    void *(*connect)(const char *target, char *err, size_t errlen);
    void (*disconnect)(void *h);
    /* Prepares sql (with ? placeholders); returns an engine statement handle. */
    void *(*prepare)(void *h, const char *sql, int slot, char *err, size_t errlen);
    void (*finalize)(void *h, void *stmt);
    /* Binds and runs; cursor state lives in r. */
    db_rc (*run)(db_rows *r, const db_param *p, int np);
    bool (*next)(db_rows *r);
    bool (*isnull)(db_rows *r, int col);
    int64_t (*get_int)(db_rows *r, int col);
    const char *(*get_text)(db_rows *r, int col);
    const void *(*get_blob)(db_rows *r, int col, size_t *len);
    int (*ncols)(db_rows *r);
    const char *(*colname)(db_rows *r, int col);
    db_type (*coltype)(db_rows *r, int col);
    void (*reset)(db_rows *r);
    int64_t (*changes)(db_rows *r);
    /* Rows this connection changed since it opened (SQLite); NULL elsewhere. */
    int64_t (*own_changes)(void *h);
    /* Bulk loading (PostgreSQL's COPY FROM STDIN, text format); NULL where the engine has
     * none and db.c inserts row by row with one prepared statement instead. */
    int (*copy_begin)(void *h, const char *sql, char *err, size_t errlen);
    int (*copy_put)(void *h, const char *data, size_t len, char *err, size_t errlen);
    int (*copy_end)(void *h, char *err, size_t errlen);
} db_ops;

/* The file path or libpq conninfo a database was opened with. */
const char *db_target(const db *d);
/* SQLite's online backup of the database at path into out. */
int db_sqlite_backup(const char *path, const char *out, char *err, size_t errlen);

typedef struct stmt_slot {
    char *sql; /* owned copy */
    unsigned long hash;
    bool writes; /* INSERT, UPDATE, DELETE, MERGE, or a WITH that may hold one */
    void *stmt;
} stmt_slot;

struct db_conn {
    db *owner;
    const db_ops *ops;
    void *h;
    stmt_slot cache[DB_STMT_CACHE];
    int nprepared;
    int oneshots; /* statements prepared outside a full cache, finalized after use */
    char err[DB_ERR_MAX];
    db_conn *next_in_db;
    int depth;       /* transaction nesting, for a clear error on misuse */
    bool tx_wrote;   /* the open transaction changed rows (PostgreSQL: notify at commit) */
    uint64_t writes; /* commits and statements outside a transaction that changed rows */
    db_rc last_rc;   /* of the last failed db_query */
    void *scratch;   /* engine's per-connection scratch (decoded blobs), freed with it */
};

struct db_rows {
    db_conn *c;
    void *stmt;
    void *res;  /* engine result (PostgreSQL) */
    long row;   /* current row index (PostgreSQL) */
    long nrows; /* (PostgreSQL) */
    db_rc rc;
    bool done;
    bool owned_stmt; /* a one-shot statement: finalized when the rows close */
    int64_t changes;
};

/* Run a script of several statements (migrations only: never with user text). */
int db_sqlite_script(db_conn *c, const char *sql);
int db_postgres_script(db_conn *c, const char *sql);

extern const db_ops db_sqlite_ops;
extern const db_ops db_postgres_ops;

/* Sets c->err and returns code; for engines. */
db_rc db_fail(db_conn *c, db_rc code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif

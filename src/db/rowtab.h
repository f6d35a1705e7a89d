/* A query's rows kept as they came, in an arena: what a page renders straight from (no jansson
 * value per cell: in a staff queue of 50 rows, making, formatting and freeing those values took
 * more time than the query), and what a JSON answer turns into the very array db_query_json
 * gives. A few computed columns (labels) may be added after the query. */
#ifndef COPROG_DB_ROWTAB_H
#define COPROG_DB_ROWTAB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

enum { ROWTAB_EXTRA = 4 }; /* room for computed columns */

typedef struct rowtab_cell {
    db_type t; /* DBT_NULL, DBT_INT, DBT_BOOL or DBT_TEXT */
    int64_t i;
    const char *s; /* DBT_TEXT, NUL-terminated */
} rowtab_cell;

typedef struct rowtab {
    arena *mem;
    int ncols, nrows;
    const char *names[64 + ROWTAB_EXTRA];
    size_t lens[64 + ROWTAB_EXTRA]; /* strlen of each name: most lookups differ in length */
    rowtab_cell *cells;             /* row-major, a stride of ncols + ROWTAB_EXTRA */
    int cap;                        /* rows allocated */
} rowtab;

/* Runs the query and keeps every row in a (the request's arena): NULL on a database error, on
 * more than 64 columns or when the arena is full. */
rowtab *rowtab_query(arena *a, db_conn *c, const char *sql, const db_param *p, int np);
/* The column named name (its first n bytes), or -1. */
int rowtab_col(const rowtab *t, const char *name, size_t n);
const rowtab_cell *rowtab_at(const rowtab *t, int row, int col);
/* Adds a column (every cell NULL until set): its index, or -1 when there is no room. */
int rowtab_add_col(rowtab *t, const char *name);
void rowtab_set_text(rowtab *t, int row, int col, const char *s);
/* The rows as db_query_json gives them: an array of objects, names in column order. */
json_t *rowtab_json(const rowtab *t);

#endif

#include "db/rowtab.h"

#include <string.h>

static int stride(const rowtab *t)
{
    return t->ncols + ROWTAB_EXTRA;
}

/* Room for one more row: the block doubles, copied within the arena (a page's rows are few). */
static bool grow(rowtab *t)
{
    if (t->nrows < t->cap) return true;
    int cap = t->cap ? t->cap * 2 : 32;
    rowtab_cell *cells = arena_alloc(t->mem, sizeof *cells * (size_t)cap * (size_t)stride(t));
    if (!cells) return false;
    if (t->nrows) memcpy(cells, t->cells, sizeof *cells * (size_t)t->nrows * (size_t)stride(t));
    t->cells = cells;
    t->cap = cap;
    return true;
}

rowtab *rowtab_query(arena *a, db_conn *c, const char *sql, const db_param *p, int np)
{
    db_rows *r = db_query(c, sql, p, np);
    if (!r) return NULL;
    rowtab *t = arena_alloc(a, sizeof *t);
    int n = db_ncols(r);
    bool ok = t && n <= 64;
    if (ok) {
        t->mem = a;
        t->ncols = n;
        for (int i = 0; i < n && ok; i++) {
            ok = (t->names[i] = arena_strdup(a, db_colname(r, i))) != NULL;
            if (ok) t->lens[i] = strlen(t->names[i]);
        }
    }
    while (ok && db_next(r)) {
        if (!(ok = grow(t))) break;
        rowtab_cell *row = t->cells + (size_t)t->nrows * (size_t)stride(t);
        for (int i = 0; i < n && ok; i++) {
            db_type ty = db_coltype(r, i);
            row[i].t = ty == DBT_BLOB ? DBT_NULL : ty;
            if (ty == DBT_INT || ty == DBT_BOOL) row[i].i = db_int(r, i);
            if (ty == DBT_TEXT) ok = (row[i].s = arena_strdup(a, db_text(r, i))) != NULL;
        }
        t->nrows++;
    }
    if (db_rows_close(r) != DB_OK) ok = false;
    return ok ? t : NULL;
}

int rowtab_col(const rowtab *t, const char *name, size_t n)
{
    for (int i = 0; i < stride(t) && t->names[i]; i++)
        if (t->lens[i] == n && memcmp(t->names[i], name, n) == 0) return i;
    return -1;
}

const rowtab_cell *rowtab_at(const rowtab *t, int row, int col)
{
    return t->cells + (size_t)row * (size_t)stride(t) + col;
}

int rowtab_add_col(rowtab *t, const char *name)
{
    /* The extra slots sit after the query's columns in every row, already zeroed (NULL). */
    int used = 0;
    while (used < ROWTAB_EXTRA && t->names[t->ncols + used]) used++;
    if (used == ROWTAB_EXTRA) return -1;
    if (!(t->names[t->ncols + used] = arena_strdup(t->mem, name))) return -1;
    t->lens[t->ncols + used] = strlen(name);
    return t->ncols + used;
}

void rowtab_set_text(rowtab *t, int row, int col, const char *s)
{
    rowtab_cell *cell = t->cells + (size_t)row * (size_t)stride(t) + col;
    cell->t = s ? DBT_TEXT : DBT_NULL;
    cell->s = s;
}

json_t *rowtab_json(const rowtab *t)
{
    json_t *a = json_array();
    for (int row = 0; row < t->nrows; row++) {
        json_t *o = json_object();
        for (int col = 0; col < stride(t) && t->names[col]; col++) {
            const rowtab_cell *c = rowtab_at(t, row, col);
            json_t *v = c->t == DBT_INT    ? json_integer(c->i)
                        : c->t == DBT_BOOL ? json_boolean(c->i)
                        : c->t == DBT_TEXT ? json_string(c->s)
                                           : json_null();
            json_object_set_new(o, t->names[col], v ? v : json_null());
        }
        json_array_append_new(a, o);
    }
    return a;
}

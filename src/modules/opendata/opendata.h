/* Open data: public datasets downloadable as CSV or JSON, produced in keyset pages of
 * OPENDATA_PAGE rows while they are sent, so memory stays flat whatever the size. Each page is
 * a complete short query, so the export holds no cursor between pages (rows added meanwhile
 * with a higher id appear, as in any paginated read). */
#ifndef COPROG_MODULES_OPENDATA_H
#define COPROG_MODULES_OPENDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "db/db.h"

enum { OPENDATA_PAGE = 500 };

typedef struct dataset {
    const char *name;    /* in the URL: /opendata/<name>.csv */
    const char *sql;     /* selects the keyset id first; "WHERE <key> > ? ... LIMIT ?" */
    const char *columns; /* names separated by commas (CSV header, JSON keys) */
    const char *formats; /* one letter per column after the id (see opendata.c) */
    char separator;      /* ',' (RFC 4180) or ';' (OpenCoesione's files) */
} dataset;

extern const dataset OPENDATA[];
extern const size_t OPENDATA_COUNT;

const dataset *opendata_find(const char *name);

typedef struct export_state {
    const dataset *ds;
    bool json;
    int64_t last_id;
    bool started, finished;
    buf pending; /* formatted bytes not yet sent */
    size_t sent;
    long rows;
} export_state;

void export_init(export_state *st, const dataset *ds, bool json);
/* Writes the next bytes of the export into out (at most max); 0 at the end, -1 on error. */
long export_next(export_state *st, db_conn *c, char *out, size_t max);
void export_free(export_state *st);

#endif

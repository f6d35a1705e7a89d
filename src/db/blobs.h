/* Content-addressed blobs: files kept in the database under their SHA-256, stored once however
 * many rows refer to them, committed in the same transaction as those rows. */
#ifndef COPROG_DB_BLOBS_H
#define COPROG_DB_BLOBS_H

#include <jansson.h>
#include <stddef.h>

#include "db/db.h"

/* Stores data (if not there yet) and writes its SHA-256 hex into sha. DB_OK or an error. */
db_rc blob_put(db_conn *c, const void *data, size_t len, const char *mime, char sha[65]);
/* A malloc'd copy of a blob column of the current row (*len set), or NULL. */
void *blob_copy(db_rows *r, int col, size_t *len);
/* A file to download: sql selects its name, its type and its content (in that order) in one
 * row. The bytes (malloc'd) with *meta = {name, mime} (owned by the caller), or NULL. */
void *blob_named(db_conn *c, const char *sql, const db_param *p, int np, size_t *len,
                 json_t **meta);

#endif

/* Content-addressed blobs: files kept in the database under their SHA-256, stored once however
 * many rows refer to them, committed in the same transaction as those rows. */
#ifndef COPROG_DB_BLOBS_H
#define COPROG_DB_BLOBS_H

#include <stddef.h>

#include "db/db.h"

/* Stores data (if not there yet) and writes its SHA-256 hex into sha. DB_OK or an error. */
db_rc blob_put(db_conn *c, const void *data, size_t len, const char *mime, char sha[65]);
/* A malloc'd copy of a blob column of the current row (*len set), or NULL. */
void *blob_copy(db_rows *r, int col, size_t *len);

#endif

/* The audit log: append-only and hash-chained. Each row's hash is SHA-256 over its fields and
 * the previous row's hash, so editing or removing any row breaks every hash after it.
 * Append inside the transaction of the change it records. */
#ifndef COPROG_MODULES_AUDIT_H
#define COPROG_MODULES_AUDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Appends one entry. city_id/user_id/entity_id 0 mean none. detail may be NULL. */
int audit_append(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                 const char *entity, int64_t entity_id, json_t *detail);

/* Walks the whole chain. Returns 0 when intact; otherwise -1, sets *bad_seq to the first row
 * that fails and writes why into why. *rows gets the number of rows checked. */
int audit_verify(db_conn *c, int64_t *rows, int64_t *bad_seq, char *why, size_t whylen);

/* The last n rows of the log, newest first: seq, at, action, entity, entity_id, user. */
json_t *audit_recent(db_conn *c, int n);

#endif

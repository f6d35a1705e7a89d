/* The national monitoring exchange (IGRUE "Protocollo Unico di Colloquio"): one pipe-separated
 * file per structure, dates dd/mm/yyyy, amounts with a decimal comma and no thousands
 * separator, each record ending with the deletion flag (always N: coprog sends the state as of
 * a date, not deletions). The columns of each structure are in IGRUE_COLUMNS and in
 * docs/monitoring.md. */
#ifndef COPROG_MODULES_MONITORING_IGRUE_H
#define COPROG_MODULES_MONITORING_IGRUE_H

#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"

enum { IGRUE_NSTRUCTURES = 8 };
extern const char *const IGRUE_STRUCTURES[IGRUE_NSTRUCTURES];
extern const char *const IGRUE_COLUMNS[IGRUE_NSTRUCTURES];

/* The index of a structure name ("AP00"), or -1. */
int igrue_find(const char *name);
/* Appends the records of structure s for the operations ops (ids in ascending order, all of
 * city, or of any city when city is 0) as of date (YYYY-MM-DD: what had happened by the end of
 * that day, Europe/Rome). Returns the number of records, -1 on a database error or when out
 * overflows. */
long igrue_write(db_conn *c, int s, int64_t city, const int64_t *ops, int nops, const char *as_of,
                 buf *out);
/* Formats for the files: "31/12/2023" from "2023-12-31"; "1234,56" from cents. */
void igrue_date(const char *iso, char out[11]);
void igrue_amount(int64_t cents, char *out, size_t n);

#endif

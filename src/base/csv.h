/* Reading CSV (RFC 4180): quoted fields with doubled quotes, CRLF or LF, the separator taken
 * from the header line (';' when it has more semicolons than commas, as Italian spreadsheets
 * write). Fields are decoded in place: the input is modified, and data[len] must be writable
 * (a NUL may be written there). */
#ifndef COPROG_BASE_CSV_H
#define COPROG_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>

enum { CSV_MAX_FIELDS = 64 };

typedef struct csv_reader {
    char *p, *end;
    char sep;
    long line; /* line number of the record just read (1-based, the header is 1) */
} csv_reader;

void csv_init(csv_reader *r, char *data, size_t len);
/* Reads the next record into fields (at most CSV_MAX_FIELDS; more are counted, not stored).
 * Returns the number of fields, 0 at the end, -1 on an unterminated quote. */
int csv_next(csv_reader *r, char **fields);

#endif

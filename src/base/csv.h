/* CSV, read and written in one place.
 *
 * Reading CSV (RFC 4180): quoted fields with doubled quotes, CRLF or LF, the separator taken
 * from the header line (';' when it has more semicolons than commas, as Italian spreadsheets
 * write). Fields are decoded in place: the input is modified, and data[len] must be writable
 * (a NUL may be written there). */
#ifndef COPROG_BASE_CSV_H
#define COPROG_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

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

/* Writing: every CSV coprog produces goes through these two. A text cell is quoted when it
 * holds sep, a quote or a line break (quotes doubled). A text cell that a spreadsheet would
 * run as a formula, its first character (or first after spaces) being '=', '+', '-', '@', a
 * tab or a carriage return, is written after an apostrophe (OWASP's rule for CSV injection):
 * the text stays readable and the formula never runs. Returns buf's result. */
int csv_put_text(buf *b, const char *s, char sep);
/* A numeric cell ("-12", "3.50", "12,50"): written as it is, so that spreadsheets read a
 * number, quoted only when it holds sep. Text that is not a plain number goes through
 * csv_put_text instead, whoever called this. */
int csv_put_number(buf *b, const char *s, char sep);
/* True when s is "-"? digits, then optionally one '.' or ',' and digits. */
bool csv_is_number(const char *s);

#endif

/* The protocol register of a city (DPR 445/2000 arts. 53-57): every document that comes in or
 * goes out gets a number progressive per year (restarting each 1 January, Europe/Rome), never
 * reused or skipped whichever instance writes, with its date, correspondent, subject and the
 * SHA-256 of the document and of each attachment. Entries are never changed; a cancellation
 * keeps the entry and says why. Each day ends in a daily register: a CSV file of the day's
 * registrations and cancellations, with its SHA-256, made once by whichever instance comes first.
 *
 * The database keeps the rules as well (migration 0038): a counter moves by one, an entry takes
 * the counter's number, nothing is updated but a first cancellation, nothing is deleted. */
#ifndef COPROG_MODULES_PROTOCOL_H
#define COPROG_MODULES_PROTOCOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"

/* The files a person uploads with one registration (a record's own registrations carry all of
 * theirs); a year's numbers stop at 9,999,999, seven digits (migration 0038's check). */
enum { PROTOCOL_MAX_FILES = 20 };

typedef enum {
    PROTO_OK = 0,
    PROTO_ERROR = -1,
    PROTO_NOT_FOUND = -2,
    PROTO_CANCELLED = -3, /* already cancelled */
    PROTO_FULL = -4,      /* the year's seven digits are used up */
} proto_rc;

extern const char *const protocol_directions[]; /* "in", "out", NULL */
extern const char *const protocol_kinds[];      /* proposal, claim, ..., letter, NULL */

/* A registered file: position 0 is the document, the others its attachments. data (with mime)
 * is kept in the database's blobs when given; a record's own files (a proposal's, a claim's)
 * are registered by name and hash only, since the record keeps them. */
typedef struct protocol_file {
    const char *name;
    const char *sha256; /* hex; computed from data when NULL */
    const void *data;
    size_t len;
    const char *mime;
    bool is_signed;      /* a qualified signature coprog verified */
    bool is_timestamped; /* and a time-stamp that held */
} protocol_file;

typedef struct protocol_in {
    int64_t city_id;
    int64_t user_id; /* 0: registered by coprog itself */
    const char *direction, *kind, *correspondent, *subject;
    const char *ref_type; /* the record the document belongs to, or NULL */
    int64_t ref_id;
    const protocol_file *files;
    int nfiles; /* at least the document */
    int64_t now;
} protocol_in;

typedef struct protocol_number {
    int64_t id, year, number;
    char label[24]; /* "0000123/2026" */
    char day[11];   /* "2026-12-02" */
} protocol_number;

/* "0000123/2026": how the register, receipts and pages write a number. */
void protocol_label(int64_t year, int64_t number, char out[24]);
/* Sets label_key on each row that has a number at number_key (rows of other modules' pages). */
void protocol_label_each(json_t *rows, const char *year_key, const char *number_key,
                         const char *label_key);

/* Registers a document inside the caller's transaction (the number is taken with the entry,
 * so a rollback takes back both) and appends to the audit log. */
proto_rc protocol_register(db_conn *c, const protocol_in *in, protocol_number *out);
/* Cancels entry id of the city with a reason; the entry stays, marked. */
proto_rc protocol_cancel(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                         const char *reason, int64_t now);

/* The city's register for a year, newest first, page by page (50 a page); q matches a number,
 * the correspondent or the subject. {entries, total, page, pages, year, years}. */
json_t *protocol_list(db_conn *c, int64_t city_id, int64_t year, const char *q,
                      const char *direction, int64_t page);
/* One entry with its files, or NULL (is_cancelled, is_stored: 0 or 1, as stored). */
json_t *protocol_get(db_conn *c, int64_t city_id, int64_t id);
/* The bytes of a stored file of an entry (malloc'd) with *meta = {name, mime} (the caller's),
 * or NULL when the entry of the city has no such file stored. */
void *protocol_file_bytes(db_conn *c, int64_t city_id, int64_t id, int64_t position, size_t *len,
                          json_t **meta);

/* The registered document's metadata as AgID's guidelines (annex 5) name them, or NULL; _of
 * from an entry already read (protocol_get) and its city (protocol_city: name, istat_code). */
json_t *protocol_metadata(db_conn *c, int64_t city_id, int64_t id);
json_t *protocol_metadata_of(json_t *entry, json_t *city);
json_t *protocol_city(db_conn *c, int64_t city_id);

/* The submission package for conservation of the city's register over [from, to] (days, at
 * most PROTOCOL_EXPORT_DAYS): a POSIX tar with every stored file, each entry's metadata, the
 * daily registers, SHA256SUMS and an index in UNI SInCRO's shape (indice.xml). 0, -1 on
 * failure, 1 when out's limit is passed (a shorter period then). *summary: counts and the
 * index's SHA-256. */
enum { PROTOCOL_EXPORT_DAYS = 366 };
int protocol_export(db_conn *c, int64_t city_id, const char *from, const char *to, int64_t now,
                    buf *out, json_t **summary);

/* Makes every daily register due at now (each city, each day from its first entry to
 * yesterday in Europe/Rome, once): the count made, or -1. Runs in its own transaction. */
int protocol_daily_produce(db_conn *c, int64_t now);
/* The city's daily registers of a year, newest first: day, counts, numbers, hash. */
json_t *protocol_daily_list(db_conn *c, int64_t city_id, int64_t year);
/* One daily register with its content, or NULL. */
json_t *protocol_daily_get(db_conn *c, int64_t city_id, const char *day);

#endif

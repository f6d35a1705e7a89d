/* Public housing: buildings, units and residents, the import of the housing company's file,
 * and how residents join (an invitation code, or a sign-up an officer verifies). Rules and SQL
 * only. */
#ifndef COPROG_MODULES_HOUSING_H
#define COPROG_MODULES_HOUSING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"

typedef enum {
    HOUSING_OK = 0,
    HOUSING_ERROR = -1,
    HOUSING_REJECTED = -2, /* the file has bad rows: nothing imported, see the report */
    HOUSING_NOT_FOUND = -3,
    HOUSING_BAD_CODE = -4, /* no such invitation, or already used */
    HOUSING_EMAIL_TAKEN = -5,
    HOUSING_WEAK_PASSWORD = -6,
    HOUSING_WRONG_STATE = -7,
    HOUSING_BAD_EMAIL = -8, /* not an address we accept (ASCII only) */
    HOUSING_BAD_NAME = -9,  /* invisible or direction characters in the name */
} housing_rc;

enum { IMPORT_MAX_ROWS = 200000, IMPORT_MAX_ERRORS = 1000, INVITE_LEN = 10 };

/* The file's columns, in any order, named in its header line. */
extern const char *const IMPORT_COLUMNS[8];

/* Imports data (CSV, UTF-8; data[len] writable) for the city: every row is checked first and a
 * single bad row rejects the file (report: {"rejected": [{line, field, message}], "errors":
 * n}); else buildings and units are created or updated, residents created with an invitation
 * code, or moved when their codice fiscale is known (report: counts and "codes": [{line,
 * full_name, building, unit, code}]). Runs in the caller's transaction. */
housing_rc housing_import(db_conn *c, int64_t city_id, char *data, size_t len, int64_t now,
                          json_t **report);
/* The same, telling progress every IMPORT_PROGRESS_EVERY rows written and at the end (done ==
 * total), for large files. */
enum { IMPORT_PROGRESS_EVERY = 1000 };
typedef void (*import_progress_fn)(void *ctx, long done, long total);
housing_rc housing_import_progress(db_conn *c, int64_t city_id, char *data, size_t len, int64_t now,
                                   json_t **report, import_progress_fn progress, void *ctx);
/* An invited resident creates their account with the code; the code is spent. */
/* The invitation codes of an import (report's "codes") as CSV, ';'-separated, for the housing
 * office to hand out: line, full_name, building_code, unit_code, invite_code. */
int housing_codes_csv(buf *b, json_t *codes);
housing_rc resident_join(db_conn *c, const char *code, const char *email, const char *name,
                         const char *password, int64_t now, int64_t *user_id);
/* Someone signs up for a unit; an officer verifies them before they become a resident. */
housing_rc resident_signup(db_conn *c, int64_t city_id, const char *email, const char *name,
                           const char *password, const char *building_code, const char *unit_code,
                           int64_t now, int64_t *resident_id);
housing_rc resident_verify(db_conn *c, int64_t city_id, int64_t resident_id, bool approve,
                           int64_t officer, int64_t now);
/* Counts by state, the buildings (filtered by code or address when q is given, 100 at most),
 * and the sign-ups waiting for verification. */
json_t *housing_overview(db_conn *c, int64_t city_id, const char *q);
/* Where a user lives as an active resident: city, building and neighbourhood (hood may be
 * NULL). False when they have no home on record. */
typedef struct resident_place {
    int64_t city_id, building_id;
    char neighbourhood[128];
} resident_place;
bool resident_place_of(db_conn *c, int64_t user_id, resident_place *out);
/* The resident record of a user, with unit and building; NULL when none. */
json_t *resident_of_user(db_conn *c, int64_t user_id);

#endif

/* Participants of an active agreement: pseudonymous records with their entry and exit dates and
 * the ESF characteristics, each of which may be refused (the refusal is recorded). Identities
 * (name, codice fiscale) live in a separate table and are read only through
 * participant_identity(), which logs the opening first. Reports get counts only. */
#ifndef COPROG_MODULES_PARTICIPANTS_H
#define COPROG_MODULES_PARTICIPANTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    PART_OK = 0,
    PART_ERROR = -1,
    PART_NOT_FOUND = -2,
    PART_DUPLICATE = -3, /* the same codice fiscale is already recorded for this agreement */
    PART_BAD_DATES = -4,
    PART_NOT_ACTIVE = -5,
} part_rc;

enum { PART_NTRAITS = 7, PART_SUPPRESS_BELOW = 5, PART_ROUND_BASE = 5 };

/* Column names of the characteristics, and each one's answers (NULL-terminated, "refused"
 * last). */
extern const char *const PART_TRAITS[PART_NTRAITS];
extern const char *const *const PART_TRAIT_VALUES[PART_NTRAITS];

typedef struct participant_in {
    const char *full_name;
    const char *tax_code; /* NULL when the person has none */
    const char *entry_date, *exit_date;
    const char *traits[PART_NTRAITS];
} participant_in;

part_rc participant_add(db_conn *c, int64_t agreement_id, const participant_in *in, int64_t now,
                        int64_t *id, char pseudonym[16]);
part_rc participant_exit(db_conn *c, int64_t id, const char *exit_date);
int64_t participant_agreement_of(db_conn *c, int64_t id);
/* Logs the opening (user, role, time; also in the audit chain) and returns {full_name,
 * tax_code, pseudonym}, or NULL. */
json_t *participant_identity(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                             const char *role, int64_t now);
/* The pseudonymous records, newest first (no identity). */
json_t *participants_list(db_conn *c, int64_t agreement_id);
/* The last openings of identities of the agreement's participants. */
json_t *participants_openings(db_conn *c, int64_t agreement_id);
/* Counts per answer of each characteristic, and the total, over agreement_id (0: all
 * agreements of operation_id). With suppress (public pages), counts 1..PART_SUPPRESS_BELOW-1
 * are withheld ("shown" is "<5", "count" null) and the others rounded to the nearest multiple
 * of PART_ROUND_BASE, so that no withheld count can be recovered by differencing. */
json_t *participants_counts(db_conn *c, int64_t agreement_id, int64_t operation_id, bool suppress);
/* Participants who entered between from and to (inclusive dates). */
int64_t participants_entered(db_conn *c, int64_t agreement_id, const char *from, const char *to);

#endif

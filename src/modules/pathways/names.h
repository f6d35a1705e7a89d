/* For this module's files: how a record's name is taken out of an answer (people.c). */
#ifndef COPROG_MODULES_PATHWAYS_NAMES_H
#define COPROG_MODULES_PATHWAYS_NAMES_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

/* Whether the asker (bound to the first ?) sees the name of the record aliased p: 1 or 0. */
#define NAMED_EXPR                                                                                 \
    "CASE WHEN p.restricted = 0 OR EXISTS (SELECT 1 FROM person_grants g WHERE g.person_id = "     \
    "p.id AND g.user_id = ?) THEN 1 ELSE 0 END"
#define NAMED_SQL NAMED_EXPR " AS named"

/* Who is on the by-name list; migration 0058's partial index and triggers name the same terms. */
#define BY_NAME_WHERE "city_id = ? AND off_list = 0 AND merged_into IS NULL AND ethos IS NOT NULL"

/* How many people move into a home with the record aliased p: its household's live members, or
 * 1 for someone in none. */
#define HOUSEHOLD_SIZE_SQL                                                                         \
    "(SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE COUNT(*) END FROM household_members hs JOIN "      \
    "household_members me ON me.household_id = hs.household_id AND me.left_at IS NULL WHERE "      \
    "me.person_id = p.id AND hs.left_at IS NULL)"

/* A month in microseconds, the unit of the priority for housing. */
#define MONTH_US "2592000000000"
/* The priority for housing of the record aliased p under a city's rule (priority.c): binds now,
 * then the rule's month, need and rough points. */
#define PRIORITY_SQL                                                                               \
    "(? - COALESCE(p.homeless_since, p.created_at)) / " MONTH_US " * ? + ? * p.serious_needs + "   \
    "CASE WHEN p.ethos = 'public_space' THEN ? ELSE 0 END"

/* Takes what identifies a person out of the rows whose "named" is 0 (then false); the others get
 * "named": true. Returns rows. */
json_t *unname_rows(json_t *rows);
/* A change that met the person at `at`: their last contact for the by-name list (moved only
 * forward), and the change audited under the record's number (detail may be NULL, and is given
 * up). PATH_OK or PATH_ERROR. */
int person_contact(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                   const char *action, json_t *detail, int64_t at);
/* Keeps what the by-name list sorts by true to the record's pathways: people.off_list (the last
 * one closed housed, moved away or deceased and none is open) and people.serious_needs (the
 * open one's). After every opening, assessment, closing or merge. PATH_OK or PATH_ERROR. */
int person_list_refresh(db_conn *c, int64_t person_id);
/* Puts each of children under field (an array, made on every parent) of the parent whose "id"
 * is the child's fk, in the children's order. children stays the caller's. */
void nest_rows(json_t *parents, json_t *children, const char *fk, const char *field);
/* The readings of the record, newest first, at most limit: who, body, part, purpose, when. */
json_t *person_reads_of(db_conn *c, int64_t person_id, int64_t limit);
/* The first of rows (given up): NULL when rows is NULL (an error), JSON null when there is none. */
json_t *first_row(json_t *rows);

#endif

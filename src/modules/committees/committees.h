/* Tenants' committees: groups of residents the city recognises, following some buildings.
 * Members see the tickets of those buildings and report on the committee's behalf. Rules
 * and SQL only. */
#ifndef COPROG_MODULES_COMMITTEES_H
#define COPROG_MODULES_COMMITTEES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    COMMITTEE_OK = 0,
    COMMITTEE_ERROR = -1,
    COMMITTEE_NOT_FOUND = -2,
    COMMITTEE_NAME_TAKEN = -3,
    COMMITTEE_BAD_BUILDING = -4, /* a code not known in the city */
    COMMITTEE_NOT_RESIDENT = -5, /* no active resident of the city with that e-mail */
    COMMITTEE_ALREADY = -6,      /* already a member */
} committee_rc;

committee_rc committee_create(db_conn *c, int64_t city_id, const char *name,
                              const char *const *codes, int ncodes, int64_t by, int64_t now,
                              int64_t *id);
committee_rc committee_add_member(db_conn *c, int64_t id, int64_t city_id, const char *email,
                                  int64_t now, int64_t *user_id);
committee_rc committee_remove_member(db_conn *c, int64_t id, int64_t city_id, int64_t user_id);

/* The committee with its buildings, and its members when with_members; NULL when none. */
json_t *committee_get(db_conn *c, int64_t id, bool with_members);
/* A city's committees, or (city 0) those a user belongs to. */
json_t *committees_list(db_conn *c, int64_t city_id, int64_t member_id);
int64_t committee_city(db_conn *c, int64_t id);
bool committee_member(db_conn *c, int64_t id, int64_t user_id);

#endif

/* What needs a person now, per role they hold: each item a count (up to 100, then "100+") and
 * the page to act on, most urgent first, all of a role's counts in one statement. The role home
 * pages (Designers Italia's "area personale") are built from this. */
#ifndef COPROG_MODULES_HOME_WORK_H
#define COPROG_MODULES_HOME_WORK_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

/* Whom the items are counted for: the user, the city of the role, the body (for ets), now. */
typedef struct work_for {
    int64_t user_id, city_id, org_id, now;
} work_for;

/* The items of one role ("officer", "evaluator", ...): an array of {key, count, shown ("100+"
 * at the cap), capped, href, urgent, zero}, those with something to do first (in the order of the
 * table, which is by urgency), then those at zero. NULL for a role without items. */
json_t *work_items(db_conn *c, const char *role, const work_for *w);
/* The cities side by side, for the managing authority: calls, proposals, active agreements,
 * claims waiting for a check and late tickets per city. */
json_t *work_cities(db_conn *c, int64_t now);

/* The hub serving the resident's building (first by id), with today's opening hours written
 * as people read them ("9:00-12:30 14:00-18:00", "" when closed today); NULL without one. */
json_t *work_resident_hub(db_conn *c, int64_t user_id, const char *lang, int64_t now);

#endif

/* What the commons module's files share. Module-internal. */
#ifndef COPROG_MODULES_COMMONS_INTERNAL_H
#define COPROG_MODULES_COMMONS_INTERNAL_H

#include <stdint.h>

#include "db/db.h"

/* Moves a good to state (NULL: keeps it) and records the event in its history. 0 or -1. */
int commons_good_event(db_conn *c, int64_t good_id, const char *state, const char *event,
                       const char *note, int64_t pact_id, int64_t user_id, int64_t now);

#endif

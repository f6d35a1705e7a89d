/* What the commons module's files share. Module-internal. */
#ifndef COPROG_MODULES_COMMONS_INTERNAL_H
#define COPROG_MODULES_COMMONS_INTERNAL_H

#include <stdint.h>

#include "db/db.h"
#include "modules/protocol/protocol.h"

/* Moves a good to state (NULL: keeps it) and records the event in its history. 0 or -1. */
int commons_good_event(db_conn *c, int64_t good_id, const char *state, const char *event,
                       const char *note, int64_t pact_id, int64_t user_id, int64_t now);

/* Registers a document of the commons (a text written by coprog, kept as the entry's file) in
 * the city's protocol, for the record ref_type/ref_id. 0 or -1. */
int commons_register(db_conn *c, int64_t city_id, int64_t user_id, const char *ref_type,
                     int64_t ref_id, const char *direction, const char *kind,
                     const char *correspondent, const char *subject, const char *text,
                     const char *file_name, int64_t now, protocol_number *out);

#endif

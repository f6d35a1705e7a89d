/* A resident's own data: everything coprog holds about them as one JSON document, and its
 * erasure, which keeps the public record (tickets, ideas) without the person. Rules and SQL
 * only. */
#ifndef COPROG_MODULES_PRIVACY_H
#define COPROG_MODULES_PRIVACY_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

json_t *privacy_export(db_conn *c, int64_t user_id);
/* Cancels the person's future registrations and bookings (freeing places and slots), blanks
 * what they wrote in free text, ends their sessions, tokens and roles, and replaces name and
 * e-mail. 0 or -1. */
int privacy_erase(db_conn *c, int64_t user_id, int64_t now);

#endif

/* Telling people of changes that concern them: an in-app notice and an e-mail through the
 * outbox, each as the person chose per topic. notify() runs in the caller's transaction, so a
 * notice exists exactly when its change does, and the e-mail leaves later (outbox.h). */
#ifndef COPROG_MODULES_NOTIFY_H
#define COPROG_MODULES_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "view/views.h"

/* The topics a person can choose about, NULL-terminated: ticket, event, booking, exchange,
 * idea. A notice's entity is its topic. */
extern const char *const notify_topics[];

/* detail: for tickets a state code (shown translated), otherwise text shown as is. The
 * entity is a ticket, an event, a room (bookings), an exchange or an idea by topic. */
int notify(db_conn *c, int64_t user_id, const char *topic, int64_t entity_id,
           const char *message_key, const char *detail, int64_t now);

/* The page a notice is about, e.g. "/tickets/12". Pure. */
const char *notify_link(const char *topic, int64_t entity_id, char *out, size_t outlen);

/* The text of a notice in a language: the message, then ": detail" when there is one. */
const char *notify_text(views *v, const char *lang, const char *message_key, const char *topic,
                        const char *detail, char *out, size_t outlen);

/* One row per topic: {topic, in_app, email}, defaults filled in. */
json_t *notify_prefs(db_conn *c, int64_t user_id);
int notify_prefs_set(db_conn *c, int64_t user_id, const char *topic, bool in_app, bool email);

json_t *notifications_of(db_conn *c, int64_t user_id);
int notifications_read(db_conn *c, int64_t user_id, int64_t now);

#endif

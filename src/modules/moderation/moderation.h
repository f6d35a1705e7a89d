/* Moderation of what residents write: anyone living in the city may flag an idea, a comment,
 * a time-bank post or a ticket comment as offensive; MODERATION_HIDE_AT flags from different
 * people hide it until an officer keeps or removes it. Hidden text is blanked where it is
 * read, never deleted (the decision is reviewable). Rules and SQL only. */
#ifndef COPROG_MODULES_MODERATION_H
#define COPROG_MODULES_MODERATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    MOD_OK = 0,
    MOD_ERROR = -1,
    MOD_NOT_FOUND = -2, /* no such content in the person's city */
    MOD_ALREADY = -3,   /* flagged by this person already */
} mod_rc;

enum { MODERATION_HIDE_AT = 3 };

/* The kinds of content, NULL-terminated: idea, idea_comment, help_post, ticket_comment. */
extern const char *const moderation_entities[];

/* The city a piece of content belongs to; 0 when there is none. */
int64_t moderation_city_of(db_conn *c, const char *entity, int64_t id);
/* Records a flag; *hidden tells whether this flag hid the content. */
mod_rc moderation_flag(db_conn *c, const char *entity, int64_t id, int64_t user_id,
                       const char *reason, int64_t now, bool *hidden);
/* An officer's decision: "kept" shows it again, "removed" keeps it hidden for good. */
mod_rc moderation_decide(db_conn *c, int64_t city_id, const char *entity, int64_t id,
                         const char *decision, const char *note, int64_t by, int64_t now);
/* The city's flagged content, most flagged first: entity, entity_id, text, flags, hidden,
 * decision (null until decided), link. */
json_t *moderation_queue(db_conn *c, int64_t city_id);

#endif

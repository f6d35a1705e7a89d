/* Ideas and needs of residents for their neighbourhood: supports (one per resident), comments,
 * the officers' answer and the call an idea feeds. Rules and SQL only. */
#ifndef COPROG_MODULES_IDEAS_H
#define COPROG_MODULES_IDEAS_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    IDEA_OK = 0,
    IDEA_ERROR = -1,
    IDEA_NOT_FOUND = -2,
    IDEA_NOT_RESIDENT = -3,
    IDEA_SUPPORTED = -4, /* this resident supports it already */
    IDEA_BAD_CALL = -5,
} idea_rc;

idea_rc idea_add(db_conn *c, int64_t user_id, const char *kind, const char *title, const char *text,
                 int64_t now, int64_t *id);
idea_rc idea_support(db_conn *c, int64_t idea_id, int64_t user_id, int64_t now);
idea_rc idea_comment(db_conn *c, int64_t idea_id, int64_t user_id, const char *text, int64_t now);
/* state: answered, taken_forward or declined; call_id 0 for none (else a call of the city). */
idea_rc idea_answer(db_conn *c, int64_t city_id, int64_t idea_id, const char *state,
                    const char *answer, int64_t call_id, int64_t officer, int64_t now);
/* Ideas, most supported first; neighbourhood NULL for all. Authors are not named. */
json_t *ideas_list(db_conn *c, const char *neighbourhood);
json_t *idea_get(db_conn *c, int64_t id);

#endif

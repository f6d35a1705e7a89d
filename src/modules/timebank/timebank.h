/* The time bank of a neighbourhood: offers and requests of help between residents, and
 * exchanges that move minutes from the one helped to the helper once the other side confirms.
 * A balance is what a resident gave in help minus what they received, over confirmed
 * exchanges only: across an area the balances add up to zero. Rules and SQL only. */
#ifndef COPROG_MODULES_TIMEBANK_H
#define COPROG_MODULES_TIMEBANK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    TB_OK = 0,
    TB_ERROR = -1,
    TB_NOT_FOUND = -2,
    TB_NOT_RESIDENT = -3, /* no home, or not in the post's neighbourhood */
    TB_SELF = -4,         /* one cannot exchange with oneself */
    TB_WRONG_STATE = -5,
} tb_rc;

extern const char *const HELP_CATEGORIES[8];

tb_rc help_post(db_conn *c, int64_t user_id, const char *kind, const char *category,
                const char *text, int64_t now, int64_t *id);
tb_rc help_close(db_conn *c, int64_t post_id, int64_t user_id);
/* The proposer answers a post: a request (they helped its author) or an offer (its author
 * helped them). The other side confirms. */
tb_rc exchange_propose(db_conn *c, int64_t post_id, int64_t proposer, int64_t minutes,
                       const char *done_on, const char *note, int64_t now, int64_t *id);
tb_rc exchange_decide(db_conn *c, int64_t id, int64_t user_id, bool confirm, int64_t now);
/* The board of the user's neighbourhood, their balance and what waits for their answer. */
json_t *timebank_home(db_conn *c, int64_t user_id);
/* Per city and neighbourhood: confirmed minutes per category, and the sum of the balances. */
json_t *timebank_report(db_conn *c);

/* Minutes a person gave and received in confirmed exchanges (their balance is the difference). */
void timebank_minutes(db_conn *c, int64_t user_id, int64_t *given, int64_t *received);

#endif

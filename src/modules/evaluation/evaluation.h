/* Evaluation of a call's proposals: admissibility by the RUP, the commission, declarations of
 * no conflict of interest, scores per criterion (or the president's agreed scores), and the
 * ranking per area, published once. Rules and SQL only; the ranking's order is ranking.c's. */
#ifndef COPROG_MODULES_EVALUATION_H
#define COPROG_MODULES_EVALUATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum { EVAL_MAX_CRITERIA = 20 };

typedef enum {
    EV_OK = 0,
    EV_ERROR = -1,
    EV_NOT_FOUND = -2,
    EV_WRONG_STATE = -3,  /* the call is not in the state this step needs */
    EV_CONFLICT = -4,     /* the evaluator belongs to the applicant or a partner */
    EV_NOT_DECLARED = -5, /* no declaration of no conflict yet */
    EV_NOT_MEMBER = -6,   /* not on this call's commission */
    EV_BAD_POINTS = -7,   /* outside 0..max of the criterion */
    EV_INCOMPLETE = -8,   /* some admitted proposal lacks a final score */
    EV_NOT_PRESIDENT = -9,
    EV_NOT_EVALUATOR = -10, /* the person appointed is not an evaluator of the city */
    EV_NOT_ADMITTED = -11,
    EV_WRONG_MODE = -12,      /* agreed scores on a call scored by the mean, or the reverse */
    EV_BAD_REPLACEMENT = -13, /* no reason given, or a member replaced by themselves */
} ev_rc;

typedef struct score_in {
    int64_t criterion_id;
    int64_t points;
    const char *note;
} score_in;

ev_rc eval_admissibility(db_conn *c, int64_t city_id, int64_t call_id, int64_t proposal_id,
                         bool admitted, const char *reason, int64_t user_id);
ev_rc eval_appoint(db_conn *c, int64_t city_id, int64_t call_id, int64_t member_id, bool president,
                   int64_t by_user);
/* True when the user belongs (by any membership) to an organisation whose tax code is the
 * lead's or a partner's of the proposal. */
bool eval_has_conflict(db_conn *c, int64_t proposal_id, int64_t user_id);
ev_rc eval_declare(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id, int64_t now);
ev_rc eval_score(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id,
                 const score_in *s, int n, bool agreed, int64_t now);
/* Computes and stores the ranking, moving the call from evaluation to ranked. On
 * EV_INCOMPLETE *missing tells how many (proposal, criterion) scores are lacking. */
/* Replaces an active member of the commission with another evaluator of the city, for a
 * recorded reason (required). The replaced member's declarations and scores stay on record and
 * stop counting; a replaced president's role passes to the replacement. */
ev_rc eval_replace(db_conn *c, int64_t city_id, int64_t call_id, int64_t member_id,
                   int64_t replacement_id, const char *reason, int64_t by_user);
/* What the commission still owes before the ranking may be published: for every admitted
 * proposal, every active member without a conflict of interest on it has declared and (with
 * mean scores) scored every criterion; with agreed scores, the president has set every
 * criterion's; and no proposal is left without a member who may score it. Returns the number
 * of missing declarations and scores, -1 on a database error. */
int eval_gaps(db_conn *c, int64_t call_id);
ev_rc eval_publish_ranking(db_conn *c, int64_t city_id, int64_t call_id, int64_t user_id,
                           int64_t now, int *missing);

/* The officer's view of a call: per area, proposals and money asked against available;
 * proposals with admissibility; commission with each member's progress. */
json_t *eval_dashboard(db_conn *c, int64_t call_id);
/* One evaluator's sheet for a proposal: criteria with their points and notes, whether they
 * declared, whether they are in conflict. */
json_t *eval_sheet(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id);
/* The published ranking, area by area (empty when not published). */
json_t *eval_ranking(db_conn *c, int64_t call_id);

/* What the user is on the call's commission now: 0 not a member (or replaced), 1 a member,
 * 2 its president. */
int eval_member_role(db_conn *c, int64_t call_id, int64_t user_id);
/* The call's criteria: id and max_points, in order. */
json_t *eval_criteria(db_conn *c, int64_t call_id);

#endif

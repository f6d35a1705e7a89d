/* The cities' working group (issue 17): a library of practices that cities share (context,
 * steps, results, lessons, contacts), each read beside live figures the platform holds for its
 * city and action, and reviewed by officers of other cities; model acts (notices, agreements,
 * regulations, pacts) kept with every version and the differences between any two. */
#ifndef COPROG_MODULES_PRACTICES_H
#define COPROG_MODULES_PRACTICES_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    PR_OK = 0,
    PR_ERROR = -1,
    PR_NOT_FOUND = -2,
    PR_OWN_CITY = -3, /* a peer review comes from another city */
    PR_CONFLICT = -4, /* another version was saved at the same moment */
} pr_rc;

extern const char *const practice_actions[]; /* housing_inclusion, ..., NULL */
extern const char *const model_act_kinds[];  /* notice, agreement, regulation, pact, NULL */

typedef struct practice_in {
    const char *title, *action, *theme, *context, *steps, *results, *lessons, *contacts;
} practice_in;
pr_rc practice_add(db_conn *c, int64_t city_id, int64_t user_id, const practice_in *in, int64_t now,
                   int64_t *id);
/* Every city's practices; filters may be NULL: words in the title, context or results, an
 * action, a theme, a city (ISTAT). Newest first. */
json_t *practices_list(db_conn *c, const char *q, const char *action, const char *theme,
                       const char *istat);
/* One practice with its city, reviews, and the live figures of its city for its action
 * ([{key, value}]), or NULL. */
json_t *practice_get(db_conn *c, int64_t id);
pr_rc practice_review(db_conn *c, int64_t id, int64_t user_id, int64_t user_city, const char *text,
                      int64_t now);

pr_rc model_act_add(db_conn *c, int64_t city_id, int64_t user_id, const char *kind,
                    const char *title, const char *text, int64_t now, int64_t *id);
/* A new version of the city's act: its number. */
pr_rc model_act_version(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *text,
                        const char *note, int64_t now, int64_t *version);
json_t *model_acts_list(db_conn *c, const char *kind);
/* An act with its versions (without texts) and the two compared (from, to: 0 for the last two)
 * with their line differences, or NULL. */
json_t *model_act_get(db_conn *c, int64_t id, int64_t from, int64_t to);

/* The managing authority's view of the working group: for each city taking part, its practices
 * (and the reviews received and given), model acts and their versions, whether it set a pact
 * regulation, its published calls, goods, active pacts and routes, and open disputes. */
json_t *working_group_overview(db_conn *c);

#endif

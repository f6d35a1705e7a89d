/* The ranking of a call, computed without the database so that its rules are plain to test
 * and to measure: per area, proposals at or above the threshold come first, by total score;
 * ties are broken by the call's rule (earlier submission, higher co-financing, lower request,
 * then the lower protocol number); admission to co-design goes down the ranking while the
 * area's budget lasts, stopping at the first proposal it cannot fund. */
#ifndef COPROG_MODULES_SCORING_RANKING_H
#define COPROG_MODULES_SCORING_RANKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { TIE_EARLIER_SUBMISSION, TIE_HIGHER_COFINANCING, TIE_LOWER_REQUEST } tie_rule;

typedef struct rank_entry {
    int64_t proposal_id, area_id;
    int64_t total_hundredths; /* sum over criteria of the final score x 100 */
    int64_t requested_cents, cofinancing_cents;
    int64_t submitted_at, protocol;
    /* filled by ranking_compute */
    int position; /* 1-based within the area */
    bool above_threshold, admitted;
} rank_entry;

typedef struct rank_area {
    int64_t area_id, budget_cents;
} rank_area;

/* Sorts e[0..n) by area then rank, and sets position, above_threshold and admitted. */
void ranking_compute(rank_entry *e, size_t n, const rank_area *areas, size_t nareas,
                     int64_t threshold_points, tie_rule rule);
tie_rule ranking_tie_rule(const char *name);
/* Mean of points given by n evaluators, in hundredths, rounded half up. */
int64_t ranking_mean_hundredths(int64_t sum_points, int64_t n);

#endif

#include "modules/scoring/ranking.h"

#include <stdlib.h>
#include <string.h>

static int cmp(const void *pa, const void *pb, void *arg)
{
    const rank_entry *a = pa, *b = pb;
    tie_rule rule = *(const tie_rule *)arg;
    if (a->area_id != b->area_id) return a->area_id < b->area_id ? -1 : 1;
    if (a->above_threshold != b->above_threshold) return a->above_threshold ? -1 : 1;
    if (a->total_hundredths != b->total_hundredths)
        return a->total_hundredths > b->total_hundredths ? -1 : 1;
    switch (rule) {
    case TIE_HIGHER_COFINANCING:
        if (a->cofinancing_cents != b->cofinancing_cents)
            return a->cofinancing_cents > b->cofinancing_cents ? -1 : 1;
        break;
    case TIE_LOWER_REQUEST:
        if (a->requested_cents != b->requested_cents)
            return a->requested_cents < b->requested_cents ? -1 : 1;
        break;
    case TIE_EARLIER_SUBMISSION:
        break;
    }
    if (a->submitted_at != b->submitted_at) return a->submitted_at < b->submitted_at ? -1 : 1;
    return a->protocol < b->protocol ? -1 : a->protocol > b->protocol;
}

void ranking_compute(rank_entry *e, size_t n, const rank_area *areas, size_t nareas,
                     int64_t threshold_points, tie_rule rule)
{
    for (size_t i = 0; i < n; i++)
        e[i].above_threshold = e[i].total_hundredths >= threshold_points * 100;
    qsort_r(e, n, sizeof *e, cmp, &rule);
    size_t i = 0;
    while (i < n) {
        int64_t area = e[i].area_id, left = 0;
        for (size_t k = 0; k < nareas; k++)
            if (areas[k].area_id == area) left = areas[k].budget_cents;
        bool open = true; /* admission stops at the first proposal the budget cannot fund */
        int pos = 0;
        for (; i < n && e[i].area_id == area; i++) {
            e[i].position = ++pos;
            e[i].admitted = false;
            if (open && e[i].above_threshold && e[i].requested_cents <= left) {
                e[i].admitted = true;
                left -= e[i].requested_cents;
            } else if (e[i].above_threshold) {
                open = false;
            }
        }
    }
}

tie_rule ranking_tie_rule(const char *name)
{
    if (name && strcmp(name, "higher_cofinancing") == 0) return TIE_HIGHER_COFINANCING;
    if (name && strcmp(name, "lower_request") == 0) return TIE_LOWER_REQUEST;
    return TIE_EARLIER_SUBMISSION;
}

int64_t ranking_mean_hundredths(int64_t sum_points, int64_t n)
{
    if (n <= 0) return 0;
    return (sum_points * 200 + n) / (2 * n);
}

#include <criterion/criterion.h>

#include "modules/scoring/ranking.h"

static const rank_area AREAS[] = {{1, 10000000}, {2, 5000000}};

static rank_entry entry(int64_t id, int64_t area, int64_t total, int64_t req, int64_t cof,
                        int64_t at, int64_t protocol)
{
    return (rank_entry){.proposal_id = id,
                        .area_id = area,
                        .total_hundredths = total,
                        .requested_cents = req,
                        .cofinancing_cents = cof,
                        .submitted_at = at,
                        .protocol = protocol};
}

static const rank_entry *find(const rank_entry *e, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (e[i].proposal_id == id) return &e[i];
    return NULL;
}

Test(ranking, orders_by_total_within_each_area_and_applies_the_threshold)
{
    rank_entry e[] = {
        entry(1, 1, 7000, 4000000, 400000, 10, 1),
        entry(2, 1, 8500, 4000000, 400000, 20, 2),
        entry(3, 1, 5900, 1000000, 100000, 5, 3),
        entry(4, 2, 6000, 5000000, 500000, 1, 4),
    };
    ranking_compute(e, 4, AREAS, 2, 60, TIE_EARLIER_SUBMISSION);
    cr_expect_eq(find(e, 4, 2)->position, 1);
    cr_expect_eq(find(e, 4, 1)->position, 2);
    cr_expect_eq(find(e, 4, 3)->position, 3);
    cr_expect(!find(e, 4, 3)->above_threshold, "59 points is below 60");
    cr_expect(!find(e, 4, 3)->admitted);
    cr_expect(find(e, 4, 4)->above_threshold, "exactly 60 is enough");
    cr_expect(find(e, 4, 4)->admitted, "the whole area budget, exactly");
}

Test(ranking, ties_follow_the_call_rule)
{
    rank_entry e[] = {entry(1, 1, 7000, 3000000, 300000, 20, 2),
                      entry(2, 1, 7000, 2000000, 900000, 30, 3),
                      entry(3, 1, 7000, 4000000, 400000, 10, 1)};
    ranking_compute(e, 3, AREAS, 2, 60, TIE_EARLIER_SUBMISSION);
    cr_expect_eq(e[0].proposal_id, 3);
    cr_expect_eq(e[1].proposal_id, 1);
    ranking_compute(e, 3, AREAS, 2, 60, TIE_HIGHER_COFINANCING);
    cr_expect_eq(e[0].proposal_id, 2);
    ranking_compute(e, 3, AREAS, 2, 60, TIE_LOWER_REQUEST);
    cr_expect_eq(e[0].proposal_id, 2);
    cr_expect_eq(e[2].proposal_id, 3);
}

Test(ranking, admission_stops_where_the_budget_ends)
{
    /* area 1 has 100.000: 60.000 fits, 50.000 does not, so the 30.000 after it waits too */
    rank_entry e[] = {entry(1, 1, 9000, 6000000, 0, 1, 1), entry(2, 1, 8000, 5000000, 0, 2, 2),
                      entry(3, 1, 7000, 3000000, 0, 3, 3)};
    ranking_compute(e, 3, AREAS, 2, 60, TIE_EARLIER_SUBMISSION);
    cr_expect(find(e, 3, 1)->admitted);
    cr_expect(!find(e, 3, 2)->admitted);
    cr_expect(!find(e, 3, 3)->admitted);
}

Test(ranking, mean_in_hundredths_rounds_half_up)
{
    cr_expect_eq(ranking_mean_hundredths(20, 3), 667); /* 6.666.. */
    cr_expect_eq(ranking_mean_hundredths(1, 8), 13);   /* 0.125 -> 0.13 */
    cr_expect_eq(ranking_mean_hundredths(30, 2), 1500);
    cr_expect_eq(ranking_mean_hundredths(5, 0), 0);
}

#include <criterion/criterion.h>

#include "modules/calls/calls.h"

static const int64_t DAY = INT64_C(86400) * 1000000;

static call_in valid(void)
{
    call_in in = {
        .total_budget_cents = 51650000,
        .threshold_points = 60,
        .publication_at = 100 * DAY,
        .deadline_at = 160 * DAY,
        .areas = {{"A", "", 20000000}, {"B", "", 16650000}, {"C", "", 15000000}},
        .nareas = 3,
        .criteria = {{"Q", "", 70}, {"R", "", 30}},
        .ncriteria = 2,
    };
    return in;
}

Test(call_check, a_valid_call_has_no_problem)
{
    call_in in = valid();
    call_problem p[8];
    cr_expect_eq(call_check(&in, p, 8), 0);
}

Test(call_check, areas_must_add_up_to_the_total)
{
    call_in in = valid();
    in.areas[2].budget_cents -= 1; /* one cent short */
    call_problem p[8];
    cr_assert_eq(call_check(&in, p, 8), 1);
    cr_expect_str_eq(p[0].field, "area_budget");
}

Test(call_check, twenty_days_or_a_reason)
{
    call_in in = valid();
    call_problem p[8];
    in.deadline_at = in.publication_at + 20 * DAY;
    cr_expect_eq(call_check(&in, p, 8), 0, "exactly 20 days is enough");
    in.deadline_at -= 1;
    cr_assert_eq(call_check(&in, p, 8), 1);
    cr_expect_str_eq(p[0].field, "short_notice_reason");
    in.short_notice_reason = "emergenza freddo";
    cr_expect_eq(call_check(&in, p, 8), 0);
}

Test(call_check, threshold_areas_criteria_and_order)
{
    call_in in = valid();
    call_problem p[8];
    in.threshold_points = 101;
    in.deadline_at = in.publication_at;
    cr_expect_eq(call_check(&in, p, 8), 2);
    in = valid();
    in.nareas = 0;
    in.ncriteria = 0;
    cr_expect_eq(call_check(&in, p, 8), 2);
}

Test(call_transitions, only_forward_steps_by_hand)
{
    cr_expect(call_transition_allowed("closed", "evaluation"));
    cr_expect(call_transition_allowed("ranked", "codesign"));
    cr_expect(call_transition_allowed("codesign", "concluded"));
    cr_expect(!call_transition_allowed("published", "closed"), "only the clock closes");
    cr_expect(!call_transition_allowed("evaluation", "ranked"), "the ranking does that");
    cr_expect(!call_transition_allowed("closed", "codesign"));
    cr_expect(!call_transition_allowed("concluded", "draft"));
}

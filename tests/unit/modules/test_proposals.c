#include <criterion/criterion.h>

#include "base/filetype.h"
#include "modules/proposals/proposals.h"

static proposal_facts ok(void)
{
    return (proposal_facts){.requested_cents = 9000000,
                            .cofinancing_cents = 1000000,
                            .lines_total_cents = 10000000,
                            .area_budget_cents = 20000000,
                            .min_cofinancing_bp = 1000,
                            .targets = 1,
                            .lead_has_runts = true,
                            .texts_complete = true};
}

Test(proposal_check, exactly_the_minimum_share_passes)
{
    proposal_facts f = ok(); /* 10.000 of 100.000 = 10% */
    call_problem p[8];
    cr_expect_eq(proposal_check(&f, p, 8), 0);
    f.cofinancing_cents -= 1;
    f.lines_total_cents -= 1;
    cr_assert_eq(proposal_check(&f, p, 8), 1, "one cent less is below 10%");
    cr_expect_str_eq(p[0].field, "cofinancing");
}

Test(proposal_check, each_rule_names_its_field)
{
    call_problem p[8];
    proposal_facts f = ok();
    f.requested_cents = f.area_budget_cents + 1;
    f.cofinancing_cents = f.requested_cents; /* keep the share */
    f.lines_total_cents = f.requested_cents + f.cofinancing_cents;
    cr_assert_eq(proposal_check(&f, p, 8), 1);
    cr_expect_str_eq(p[0].field, "requested");
    f = ok();
    f.lines_total_cents += 100;
    cr_assert_eq(proposal_check(&f, p, 8), 1);
    cr_expect_str_eq(p[0].field, "line_amount");
    f = ok();
    f.missing_documents = 2;
    f.targets = 0;
    f.lead_has_runts = false;
    f.texts_complete = false;
    cr_expect_eq(proposal_check(&f, p, 8), 4);
}

Test(attachment_type, by_content_not_by_name)
{
    cr_expect_str_eq(filetype_of("%PDF-1.7\n", 9), "application/pdf");
    cr_expect_str_eq(filetype_of("\xff\xd8\xff\xe0", 4), "image/jpeg");
    cr_expect_str_eq(filetype_of("\x89PNG\r\n\x1a\n", 8), "image/png");
    cr_expect_null(filetype_of("MZ\x90\x00", 4));
    cr_expect_null(filetype_of("%PD", 3));
    cr_expect_null(filetype_of("", 0));
}

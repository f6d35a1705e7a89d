#include <criterion/criterion.h>
#include <string.h>

#include "base/hex.h"
#include "modules/claims/claims.h"
#include "modules/monitoring/igrue.h"

/* Funding 95,000.00 of a 106,000.00 total; instalments 30/50/20. */
static payment_basis basis(int64_t admitted, int64_t requested, int n, bool open)
{
    return (payment_basis){.funding_cents = 9500000,
                           .total_cents = 10600000,
                           .schedule_cents = {2850000, 4750000, 1900000},
                           .admitted_cents = admitted,
                           .requested_cents = requested,
                           .nrequested = n,
                           .claims_open = open};
}

Test(payments, advance_is_the_scheduled_amount_and_goes_first)
{
    int64_t due = -1;
    payment_basis b = basis(0, 0, 0, false);
    cr_assert_eq(payment_due(&b, 0, &due), CLAIM_OK);
    cr_expect_eq(due, 2850000);
    cr_expect_eq(payment_due(&b, 1, &due), CLAIM_ORDER, "the interim waits for the advance");
    b = basis(0, 2850000, 1, false);
    cr_expect_eq(payment_due(&b, 0, &due), CLAIM_EXISTS);
}

Test(payments, interim_is_the_public_share_of_admitted_rounded_down_less_what_was_asked)
{
    int64_t due = 0;
    /* 48,000.00 admitted × 95,000 / 106,000 = 43,018.8679… → 43,018.86 (rounded down). */
    payment_basis b = basis(4800000, 2850000, 1, true);
    cr_assert_eq(payment_due(&b, 1, &due), CLAIM_OK);
    cr_expect_eq(due, 4301886 - 2850000);
    /* Capped at advance + interim however much is admitted. */
    b = basis(10600000, 2850000, 1, true);
    cr_assert_eq(payment_due(&b, 1, &due), CLAIM_OK);
    cr_expect_eq(due, 4750000);
    /* Nothing due while the share is below the advance. */
    b = basis(100000, 2850000, 1, false);
    cr_expect_eq(payment_due(&b, 1, &due), CLAIM_NOTHING_DUE);
}

Test(payments, balance_needs_every_claim_checked_and_stops_at_the_funding)
{
    int64_t due = 0;
    payment_basis b = basis(10600000, 7600000, 2, true);
    cr_expect_eq(payment_due(&b, 2, &due), CLAIM_ORDER);
    b = basis(10600000, 7600000, 2, false);
    cr_assert_eq(payment_due(&b, 2, &due), CLAIM_OK);
    cr_expect_eq(due, 1900000, "the funding, not the total: co-financing stays the body's");
    b = basis(9000000, 7600000, 2, false);
    cr_assert_eq(payment_due(&b, 2, &due), CLAIM_OK);
    cr_expect_eq(due, 8066037 - 7600000);
}

Test(payments, no_overflow_on_large_budgets)
{
    int64_t due = 0;
    /* 2 billion euro: admitted × funding passes 2^63. */
    payment_basis b = {
        .funding_cents = INT64_C(200000000000),
        .total_cents = INT64_C(200000000000),
        .schedule_cents = {INT64_C(60000000000), INT64_C(100000000000), INT64_C(40000000000)},
        .admitted_cents = INT64_C(100000000000),
        .requested_cents = INT64_C(60000000000),
        .nrequested = 1};
    cr_assert_eq(payment_due(&b, 1, &due), CLAIM_OK);
    cr_expect_eq(due, INT64_C(40000000000));
}

Test(sampling, the_order_is_sha256_of_seed_and_id_and_the_size_rounds_up)
{
    int64_t ids[] = {11, 12, 13, 14, 15};
    size_t take = sample_order("seme", ids, 5, 2500);
    cr_expect_eq(take, 2, "25%% of 5 rounded up");
    char prev[65] = "", key[65];
    for (int i = 0; i < 5; i++) {
        char text[32];
        int n = snprintf(text, sizeof text, "seme:%lld", (long long)ids[i]);
        sha256_hex(text, (size_t)n, key);
        cr_expect_lt(strcmp(prev, key), 0, "ascending hashes");
        memcpy(prev, key, sizeof prev);
    }
    int64_t again[] = {15, 14, 13, 12, 11};
    sample_order("seme", again, 5, 2500);
    cr_expect_arr_eq(again, ids, sizeof ids,
                     "the same seed gives the same draw whatever the input order");
    int64_t other[] = {11, 12, 13, 14, 15};
    sample_order("altro seme", other, 5, 2500);
    cr_expect(memcmp(other, ids, sizeof ids) != 0, "another seed, another order");
    int64_t one[] = {7};
    cr_expect_eq(sample_order("x", one, 1, 1), 1, "never empty");
    cr_expect_eq(sample_order("x", one, 0, 5000), 0);
}

Test(igrue, dates_and_amounts_in_the_national_format)
{
    char d[11], a[32];
    igrue_date("2023-12-31", d);
    cr_expect_str_eq(d, "31/12/2023");
    igrue_date("", d);
    cr_expect_str_eq(d, "");
    igrue_amount(51650000, a, sizeof a);
    cr_expect_str_eq(a, "516500,00");
    igrue_amount(5, a, sizeof a);
    cr_expect_str_eq(a, "0,05");
    igrue_amount(-1234, a, sizeof a);
    cr_expect_str_eq(a, "-12,34");
    cr_expect_eq(igrue_find("FN06"), 4);
    cr_expect_eq(igrue_find("XX00"), -1);
}

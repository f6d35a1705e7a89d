#include <criterion/criterion.h>

#include "check/check.h"

static char out[64];

Test(check_cf, accepts_a_valid_person_code_and_normalises_it)
{
    cr_expect_eq(check_cf(" rssmra85t10a562s ", out), CHECK_OK);
    cr_expect_str_eq(out, "RSSMRA85T10A562S");
}

Test(check_cf, accepts_omocodia)
{
    cr_expect_eq(check_cf("RSSMRA85T10A56NH", out), CHECK_OK);
}

Test(check_cf, women_add_forty_to_the_day_and_leap_days_exist)
{
    cr_expect_eq(check_cf("BNCLRA00B69F205K", out), CHECK_OK); /* 29 Feb 2000 */
}

Test(check_cf, rejects_each_kind_of_mistake)
{
    cr_expect_eq(check_cf("", out), CHECK_EMPTY);
    cr_expect_eq(check_cf("RSSMRA85T10A562", out), CHECK_LENGTH);
    cr_expect_eq(check_cf("RSSMRA85T10A562T", out), CHECK_DIGIT);
    cr_expect_eq(check_cf("RSSMRA85Z10A562S", out), CHECK_MONTH);
    cr_expect_eq(check_cf("RSSMRA85B30A562S", out), CHECK_DATE);  /* 30 February */
    cr_expect_eq(check_cf("RSSMRA85T32A562S", out), CHECK_DATE);  /* day 32 */
    cr_expect_eq(check_cf("RSSMRA85TA0A562S", out), CHECK_CHARS); /* A is no omocode */
    cr_expect_eq(check_cf("R5SMRA85T10A562S", out), CHECK_CHARS);
}

Test(check_cf, eleven_digits_are_an_organisation)
{
    cr_expect_eq(check_cf("01199250158", out), CHECK_OK);
    cr_expect_eq(check_cf("01199250159", out), CHECK_DIGIT);
}

Test(check_piva, checks_the_last_digit)
{
    cr_expect_eq(check_piva("01199250158", out), CHECK_OK);
    cr_expect_eq(check_piva("IT01199250158", out), CHECK_OK);
    cr_expect_str_eq(out, "01199250158");
    cr_expect_eq(check_piva("01199250157", out), CHECK_DIGIT);
    cr_expect_eq(check_piva("0119925015", out), CHECK_LENGTH);
    cr_expect_eq(check_piva("0119925015A", out), CHECK_CHARS);
    cr_expect_eq(check_piva("00000000000", out), CHECK_ZERO);
}

Test(check_iban, italian_with_spaces_and_lower_case)
{
    cr_expect_eq(check_iban("it60 x054 2811 1010 0000 0123 456", out), CHECK_OK);
    cr_expect_str_eq(out, "IT60X0542811101000000123456");
}

Test(check_iban, other_countries_use_their_registry_length)
{
    cr_expect_eq(check_iban("GB82 WEST 1234 5698 7654 32", out), CHECK_OK);
    cr_expect_eq(check_iban("DE89 3704 0044 0532 0130 00", out), CHECK_OK);
    cr_expect_eq(check_iban("NO9386011117947", out), CHECK_OK);
    cr_expect_eq(check_iban("DE89 3704 0044 0532 0130 0", out), CHECK_LENGTH);
    cr_expect_eq(check_iban("QQ89370400440532013000", out), CHECK_COUNTRY);
}

Test(check_iban, checksum_and_cin)
{
    cr_expect_eq(check_iban("IT61X0542811101000000123456", out), CHECK_DIGIT);
    /* Same account with a CIN that disagrees, and the check digits fixed for it. */
    cr_expect_eq(check_iban("IT64Y0542811101000000123456", out), CHECK_CIN);
    cr_expect_eq(check_iban("IT6010542811101000000123456", out), CHECK_CHARS);
}

Test(check_cup, format_only)
{
    cr_expect_eq(check_cup("b41h20000000001", out), CHECK_OK);
    cr_expect_str_eq(out, "B41H20000000001");
    cr_expect_eq(check_cup("B41H2000000000", out), CHECK_LENGTH);
    cr_expect_eq(check_cup("141H20000000001", out), CHECK_CHARS);
    cr_expect_eq(check_cup("B4AH20000000001", out), CHECK_CHARS);
}

Test(check_siuss_code, table_codes)
{
    cr_expect_eq(check_siuss_code("a1.02", out), CHECK_OK);
    cr_expect_str_eq(out, "A1.02");
    cr_expect_eq(check_siuss_code("A1", out), CHECK_LENGTH);
    cr_expect_eq(check_siuss_code("A1.02.03.04", out), CHECK_LENGTH);
    cr_expect_eq(check_siuss_code("A1_02", out), CHECK_CHARS);
    cr_expect_eq(check_siuss_code("  ", out), CHECK_EMPTY);
}

Test(check_cig, classic_and_smart)
{
    cr_expect_eq(check_cig("1234567CE7", out), CHECK_OK);
    cr_expect_eq(check_cig("1234567ce7", out), CHECK_OK);
    cr_expect_eq(check_cig("1234567CE8", out), CHECK_DIGIT);
    cr_expect_eq(check_cig("0000000000", out), CHECK_ZERO);
    cr_expect_eq(check_cig("ZC81A2B3C4", out), CHECK_OK);
    cr_expect_eq(check_cig("ZC91A2B3C4", out), CHECK_DIGIT);
    cr_expect_eq(check_cig("123456", out), CHECK_LENGTH);
}

Test(check, messages_exist_for_every_result)
{
    for (int r = CHECK_OK; r <= CHECK_ZERO; r++) {
        cr_expect_neq(check_message((check_result)r)[0], '\0');
        cr_expect_str_neq(check_code((check_result)r), "invalid");
    }
}

#include "check/check.h"

const char *check_message(check_result r)
{
    switch (r) {
    case CHECK_OK:
        return "valid";
    case CHECK_EMPTY:
        return "the value is empty";
    case CHECK_LENGTH:
        return "the value has the wrong number of characters";
    case CHECK_CHARS:
        return "the value contains characters not allowed in that position";
    case CHECK_MONTH:
        return "the month letter is not one of A B C D E H L M P R S T";
    case CHECK_DATE:
        return "the birth date does not exist";
    case CHECK_DIGIT:
        return "the check character does not match: there is a typing error";
    case CHECK_COUNTRY:
        return "the country code is not in the IBAN registry";
    case CHECK_CIN:
        return "the CIN does not match ABI, CAB and account number";
    case CHECK_ZERO:
        return "the number cannot be all zeros";
    }
    return "invalid";
}

const char *check_code(check_result r)
{
    static const char *codes[] = {"ok",   "empty", "length",  "chars", "month",
                                  "date", "digit", "country", "cin",   "zero"};
    return (unsigned)r < sizeof codes / sizeof codes[0] ? codes[r] : "invalid";
}

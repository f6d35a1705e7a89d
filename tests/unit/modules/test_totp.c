#include <criterion/criterion.h>
#include <string.h>

#include "base/base32.h"
#include "modules/accounts/accounts.h"

/* RFC 6238, appendix B, SHA-1 with the 20-byte key "12345678901234567890": the last six of the
 * eight digits given there. */
Test(totp, rfc_6238_test_vectors)
{
    static const unsigned char KEY[] = "12345678901234567890";
    static const struct {
        long long t;
        int code;
    } V[] = {{59, 287082},       {1111111109, 81804},  {1111111111, 50471},
             {1234567890, 5924}, {2000000000, 279037}, {20000000000LL, 353130}};
    for (size_t i = 0; i < sizeof V / sizeof *V; i++)
        cr_expect_eq(totp_code(KEY, 20, V[i].t / 30), V[i].code, "T=%lld", V[i].t);
}

/* RFC 4648's base32 vectors, and the secret as apps show it (spaces, lower case) read back. */
Test(totp, base32_both_ways)
{
    static const char *const V[][2] = {{"f", "MY"},           {"fo", "MZXQ"},
                                       {"foo", "MZXW6"},      {"foob", "MZXW6YQ"},
                                       {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
    for (size_t i = 0; i < sizeof V / sizeof *V; i++) {
        char out[32];
        base32_encode((const unsigned char *)V[i][0], strlen(V[i][0]), out);
        cr_expect_str_eq(out, V[i][1]);
        unsigned char back[16];
        cr_expect_eq(base32_decode(V[i][1], back, sizeof back), (int)strlen(V[i][0]));
        cr_expect_eq(memcmp(back, V[i][0], strlen(V[i][0])), 0);
    }
    unsigned char b[16];
    cr_expect_eq(base32_decode("mzxw 6ytb oi", b, sizeof b), 6);
    cr_expect_eq(memcmp(b, "foobar", 6), 0);
    cr_expect_eq(base32_decode("MZ1W", b, sizeof b), -1, "1 is not base32");
    cr_expect_eq(base32_decode("MZXW6YTBOI", b, 3), -1, "does not fit");
}

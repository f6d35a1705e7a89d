#include <criterion/criterion.h>
#include <string.h>

#include "modules/receipts/receipts.h"

static receipt_key key(void)
{
    receipt_key k;
    crypto_sign_keypair(k.pk, k.sk);
    return k;
}

static char *signed_text(const receipt_key *k)
{
    json_t *p = json_pack("{s:i,s:i,s:s,s:s}", "call_id", 7, "protocol", 42, "organisation",
                          "Cooperativa Àurora", "content_sha256", "ab12");
    json_t *r = receipt_sign(p, k);
    char *s = json_dumps(r, JSON_INDENT(2));
    json_decref(p);
    json_decref(r);
    return s;
}

Test(receipts, a_signed_receipt_verifies_with_its_key)
{
    cr_assert_eq(sodium_init() >= 0, 1);
    receipt_key k = key();
    char *s = signed_text(&k);
    cr_expect_eq(receipt_verify(s, strlen(s), NULL), RECEIPT_VALID);
    cr_expect_eq(receipt_verify(s, strlen(s), k.pk), RECEIPT_VALID);
    receipt_key other = key();
    cr_expect_eq(receipt_verify(s, strlen(s), other.pk), RECEIPT_OTHER_KEY);
    free(s);
}

Test(receipts, a_changed_byte_fails)
{
    receipt_key k = key();
    char *s = signed_text(&k);
    char *p = strstr(s, "42");
    cr_assert_not_null(p);
    p[1] = '3'; /* protocol 42 -> 43 */
    cr_expect_eq(receipt_verify(s, strlen(s), NULL), RECEIPT_BAD_SIGNATURE);
    free(s);
}

Test(receipts, reformatting_keeps_it_valid_and_garbage_is_malformed)
{
    receipt_key k = key();
    char *s = signed_text(&k);
    json_t *doc = json_loads(s, 0, NULL);
    char *compact = json_dumps(doc, JSON_COMPACT);
    cr_expect_eq(receipt_verify(compact, strlen(compact), k.pk), RECEIPT_VALID);
    cr_expect_eq(receipt_verify("{}", 2, NULL), RECEIPT_MALFORMED);
    cr_expect_eq(receipt_verify("not json", 8, NULL), RECEIPT_MALFORMED);
    free(compact);
    json_decref(doc);
    free(s);
}

#include <criterion/criterion.h>
#include <string.h>

#include "modules/accounts/accounts.h"
#include "testdb.h"

static const login_limits LIM = {3, 100, 900};

DB_TEST(accounts, create_normalises_email_and_refuses_duplicates)
{
    (void)d;
    int64_t id = 0, id2 = 0;
    cr_assert_eq(
        account_create(c, "  Maria.Rossi@Example.IT ", "Maria", "password-lunga", "it", &id),
        ACC_OK, "%s", db_errmsg(c));
    cr_expect_gt(id, 0);
    cr_expect_eq(account_find(c, "maria.rossi@example.it"), id);
    cr_expect_eq(account_create(c, "maria.rossi@example.it", "M", "password-lunga", "it", &id2),
                 ACC_EXISTS);
    cr_expect_eq(account_create(c, "not-an-email", "M", "password-lunga", "it", &id2),
                 ACC_BAD_EMAIL);
    cr_expect_eq(account_create(c, "a@b.it", "M", "short", "it", &id2), ACC_WEAK_PASSWORD);
}

DB_TEST(accounts, login_checks_the_password_and_limits_failures)
{
    (void)d;
    int64_t id = 0, got = 0;
    int retry = 0;
    account_create(c, "a@b.it", "A", "password-lunga", "it", &id);
    cr_expect_eq(account_login(c, "a@b.it", "password-lunga", "1.2.3.4", &LIM, &got, &retry),
                 ACC_OK);
    cr_expect_eq(got, id);
    for (int i = 0; i < 3; i++)
        cr_expect_eq(account_login(c, "a@b.it", "wrong-pass", "1.2.3.4", &LIM, &got, &retry),
                     ACC_BAD_LOGIN);
    cr_expect_eq(account_login(c, "a@b.it", "password-lunga", "1.2.3.4", &LIM, &got, &retry),
                 ACC_LIMITED);
    cr_expect_gt(retry, 0);
    cr_expect_leq(retry, 901);
}

DB_TEST(accounts, the_password_hash_is_argon2id)
{
    (void)d;
    int64_t id = 0;
    account_create(c, "a@b.it", "A", "password-lunga", "it", &id);
    db_rows *r = db_query(c, "SELECT password_hash FROM users WHERE id = ?", DB_ARGS(DB_INT(id)));
    cr_assert(db_next(r));
    cr_expect(strncmp(db_text(r, 0), "$argon2id$", 10) == 0, "%s", db_text(r, 0));
    cr_expect(strstr(db_text(r, 0), "password-lunga") == NULL);
    db_rows_close(r);
}

DB_TEST(accounts, tokens_are_stored_hashed_and_revocable)
{
    (void)d;
    int64_t uid = 0, tid = 0;
    account_create(c, "a@b.it", "A", "password-lunga", "it", &uid);
    char tok[API_TOKEN_LEN + 1];
    cr_assert_eq(account_token_create(c, uid, "x", tok, &tid), ACC_OK);
    int64_t n = -1;
    db_query_int(c, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", DB_ARGS(DB_TEXT(tok)),
                 &n);
    cr_expect_eq(n, 0, "the plain token must not be stored");
    cr_expect_eq(account_token_revoke(c, uid + 1, tid), ACC_NOT_FOUND, "only its owner revokes it");
    cr_expect_eq(account_token_revoke(c, uid, tid), ACC_OK);
    cr_expect_eq(account_token_revoke(c, uid, tid), ACC_NOT_FOUND);
}

DB_TEST(accounts, an_ets_role_needs_an_organisation)
{
    (void)d;
    int64_t uid = 0;
    account_create(c, "a@b.it", "A", "password-lunga", "it", &uid);
    cr_expect_eq(account_add_membership(c, uid, 0, 0, "ets", true), ACC_BAD_ROLE);
    cr_expect_eq(account_add_membership(c, uid, 0, 0, "wizard", false), ACC_BAD_ROLE);
    cr_expect_eq(account_add_membership(c, uid, 0, 0, "auditor", false), ACC_OK);
}

DB_TEST(accounts, failures_from_one_address_limit_every_account)
{
    (void)d;
    const login_limits by_ip = {100, 3, 900};
    int64_t a = 0, b = 0, got = 0;
    int retry = 0;
    account_create(c, "a@b.it", "A", "password-lunga", "it", &a);
    account_create(c, "b@b.it", "B", "password-lunga", "it", &b);
    for (int i = 0; i < 3; i++)
        cr_expect_eq(account_login(c, i % 2 ? "a@b.it" : "nobody@b.it", "wrong-pass", "10.0.0.9",
                                   &by_ip, &got, &retry),
                     ACC_BAD_LOGIN);
    cr_expect_eq(account_login(c, "b@b.it", "password-lunga", "10.0.0.9", &by_ip, &got, &retry),
                 ACC_LIMITED, "the address is limited whatever account it tries");
    cr_expect_eq(account_login(c, "b@b.it", "password-lunga", "10.0.0.10", &by_ip, &got, &retry),
                 ACC_OK, "another address is not");
    cr_expect_eq(got, b);
}

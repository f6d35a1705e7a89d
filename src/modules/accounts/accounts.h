/* Accounts: users, their memberships (roles in a city or organisation), passwords (argon2id),
 * the login rate limit and personal API tokens. Rules and SQL only; HTTP is in routes.c. */
#ifndef COPROG_MODULES_ACCOUNTS_H
#define COPROG_MODULES_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum { PASSWORD_MIN = 10, PASSWORD_MAX = 256, API_TOKEN_LEN = 48 };

typedef enum {
    ACC_OK = 0,
    ACC_ERROR = -1,
    ACC_EXISTS = -2, /* e-mail already registered */
    ACC_BAD_EMAIL = -3,
    ACC_WEAK_PASSWORD = -4, /* shorter than PASSWORD_MIN, or longer than PASSWORD_MAX */
    ACC_BAD_LOGIN = -5,     /* unknown e-mail or wrong password: never say which */
    ACC_LIMITED = -6,       /* too many failures: try again later */
    ACC_NOT_FOUND = -7,
    ACC_BAD_ROLE = -8,
    ACC_BAD_NAME = -9,        /* empty, too long, or with invisible or direction characters */
    ACC_NO_CITY = -10,        /* no city with that ISTAT code */
    ACC_BAD_ORG = -11,        /* the body's codice fiscale is not valid */
    ACC_BAD_TAX_CODE = -12,   /* a person's codice fiscale is not valid */
    ACC_TAX_CODE_TAKEN = -13, /* another account has that codice fiscale */
} acc_rc;

typedef struct login_limits {
    unsigned per_account, per_ip, window_s;
} login_limits;

/* Attempts at something guessable (a password, an invitation code, a sign-up), counted in the
 * database so that every instance counts the same. The claim is written (and committed: call
 * outside a transaction) before the check it guards, so parallel requests see each other: no
 * more than `free_tries` checks run per key in the window, however many arrive at once.
 * Past free_tries, with growing, each try waits twice as long as the one before after the
 * last failure (2 s, 4 s, 8 s, ... at most the window): a person who mistypes waits seconds,
 * a guesser waits minutes, and nobody is locked out for long. Without growing the key is
 * refused until the window has passed. Returns 0 with *claim set, or the seconds to wait (the
 * claim then withdrawn). A failed check leaves its claim as a failure; attempt_release takes
 * back a claim that was not a failure. */
int attempt_claim(db_conn *c, const char *key, unsigned free_tries, bool growing, unsigned window_s,
                  int64_t *claim);
void attempt_release(db_conn *c, int64_t claim);
/* Forgets the failures of key (after a success). */
void attempt_clear(db_conn *c, const char *key);
/* Spends the time of one password hash: answers that must not tell, by their timing, whether
 * an account exists. */
void account_hash_delay(void);

/* A person's name as shown to others: 1-200 bytes of UTF-8 without invisible or
 * direction-changing characters (base/utf8.h), so that no name passes for another. */
bool account_name_ok(const char *name);
/* Lower-cases and checks an e-mail address into out[256]: printable ASCII, one '@', a dot in
 * the domain. */
bool account_email_normalise(const char *in, char *out);
acc_rc account_create(db_conn *c, const char *email, const char *name, const char *password,
                      const char *locale, int64_t *id);
acc_rc account_add_membership(db_conn *c, int64_t user_id, int64_t city_id, int64_t org_id,
                              const char *role, bool legal_rep);
int64_t account_find(db_conn *c, const char *email);

/* A person added by the platform's operator (the admin pages and `coprog user add`): the
 * account, one role in a city (ISTAT code) and, for a body's staff, the body by its codice
 * fiscale (registered as an ETS of the city when new). One audit row, by by_user (0: the
 * command line). In the caller's transaction. */
typedef struct account_new {
    const char *email, *name, *password, *role, *city_istat, *org_tax, *org_name, *runts;
    const char *tax_code; /* the person's own codice fiscale, or NULL */
    bool legal_rep;
} account_new;
acc_rc account_add_user(db_conn *c, const account_new *in, int64_t by_user, int64_t *user_id);
/* One more role for an existing person (same fields as above but the account's). */
acc_rc account_grant(db_conn *c, int64_t user_id, const account_new *in, int64_t by_user);
/* Sets a person's codice fiscale (checked, one account each): how a qualified certificate's
 * TINIT-... and, later, SPID/CIE name them. Set by an administrator, never by the person. */
acc_rc account_set_tax_code(db_conn *c, int64_t user_id, const char *tax_code, int64_t by_user);
/* The person's codice fiscale, or "" (out: 17 bytes). */
void account_tax_code(db_conn *c, int64_t user_id, char out[17]);
/* The second factor (totp.c): RFC 6238 codes (HMAC-SHA1, 30 s, 6 digits). */
enum { TOTP_NONE = 0, TOTP_PENDING = 1, TOTP_ON = 2, TOTP_RECOVERY_CODES = 10 };
/* The code of key at a time step (unix seconds / 30), or -1. */
int totp_code(const unsigned char *key, size_t keylen, int64_t step);
/* TOTP_NONE, TOTP_PENDING (a secret shown, not confirmed) or TOTP_ON; unused recovery codes. */
int totp_state(db_conn *c, int64_t user_id, int *recovery_left);
/* The secret to show for enrolment (base32, 32 letters): a new one, or the one shown before
 * until it is confirmed; ACC_EXISTS when the second factor is on already. */
acc_rc totp_begin(db_conn *c, int64_t user_id, int64_t now, char secret[33]);
/* Confirms enrolment with a code of the secret; on ACC_OK ten recovery codes ("abcde-fghij"),
 * shown once, kept as hashes. ACC_BAD_LOGIN for a wrong or used code. */
acc_rc totp_confirm(db_conn *c, int64_t user_id, const char *code, int64_t now,
                    char recovery[TOTP_RECOVERY_CODES][12]);
/* Checks a sign-in's code: six digits (each step once), or an unused recovery code
 * (*recovery set). ACC_OK or ACC_BAD_LOGIN. */
acc_rc totp_check(db_conn *c, int64_t user_id, const char *code, int64_t now, bool *recovery);

/* Takes one membership away. */
acc_rc account_revoke(db_conn *c, int64_t user_id, int64_t membership_id, int64_t by_user);
/* Lets a person sign in or not; a deactivated person's sessions and tokens end. */
acc_rc account_set_active(db_conn *c, int64_t user_id, bool active, int64_t by_user);
/* One person for the admin page: account, active, memberships (id, role, city, body). */
json_t *account_detail(db_conn *c, int64_t user_id);
/* A message key for a result, for people ("accounts.err.exists", ...). */
const char *account_error_key(acc_rc rc);
/* Checks e-mail and password. Failures count per account and address (per_account free tries,
 * then a growing delay: one address cannot lock the owner out), per account from every address
 * (10 x per_account in the window, against guessing from many addresses) and per address
 * (per_ip). On ACC_LIMITED, *retry_after_s tells when to try again. */
acc_rc account_login(db_conn *c, const char *email, const char *password, const char *ip,
                     const login_limits *lim, int64_t *user_id, int *retry_after_s);
acc_rc account_set_password(db_conn *c, int64_t user_id, const char *password);
acc_rc account_change_password(db_conn *c, int64_t user_id, const char *old_pw, const char *new_pw,
                               int64_t keep_session);
/* A new API token for the user; the plain token (shown once) goes to out[API_TOKEN_LEN+1]. */
acc_rc account_token_create(db_conn *c, int64_t user_id, const char *label, char *out,
                            int64_t *token_id);
acc_rc account_token_revoke(db_conn *c, int64_t user_id, int64_t token_id);
/* [{id, label, prefix, created_at, last_used_at, revoked}] */
json_t *account_tokens(db_conn *c, int64_t user_id);
/* [{city, organisation, role, legal_rep}] */
json_t *account_memberships(db_conn *c, int64_t user_id);
/* [{id, email, name, roles}] in e-mail order, one query. */
json_t *account_list(db_conn *c);

#endif

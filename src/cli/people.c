#include "cli/verbs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"
#include "modules/cities/cities.h"

/* Adds a city hosted by this instance; its officers then come with user add --city. */
int cmd_city_add(opts *o)
{
    if (!o->city || !o->name) return usage();
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int64_t id = 0;
    city_rc rc =
        db_begin(c) == DB_OK ? city_add(c, o->city, o->name, 0, clock_now_us(), &id) : CITY_ERROR;
    if (rc == CITY_OK && db_commit(c) != DB_OK) rc = CITY_ERROR;
    if (rc != CITY_OK) {
        db_rollback(c);
        static const char *const WHY[] = {"", "database error", "the ISTAT code has six digits",
                                          "the name is empty or too long",
                                          "a city with that ISTAT code exists"};
        fprintf(stderr, "coprog: %s\n", rc == CITY_ERROR ? db_errmsg(c) : WHY[-rc]);
    } else {
        printf("city %lld: %s (%s)\n", (long long)id, o->name, o->city);
    }
    db_close(d);
    return rc == CITY_OK ? 0 : 1;
}

/* The command line's words for what account_add_user and account_grant answer. */
static const char *account_problem(acc_rc a, db_conn *c)
{
    switch (a) {
    case ACC_EXISTS:
        return "that e-mail is already registered";
    case ACC_BAD_EMAIL:
        return "that is not an e-mail address (printable ASCII only)";
    case ACC_BAD_NAME:
        return "the name is empty, too long, or has invisible characters";
    case ACC_WEAK_PASSWORD:
        return "the password must be 10 to 256 characters";
    case ACC_BAD_ROLE:
        return "unknown role, or an ets role without organisation (--org)";
    case ACC_BAD_ORG:
        return "--org is not a valid codice fiscale";
    case ACC_NOT_FOUND:
        return "no such user";
    default:
        return db_errmsg(c);
    }
}

/* The person and role the options describe (the password only for a new account). */
static account_new new_from(const opts *o, const char *password)
{
    return (account_new){.email = o->email,
                         .name = o->name,
                         .password = password,
                         .role = o->role,
                         .city_istat = o->city,
                         .org_tax = o->org,
                         .org_name = o->org_name,
                         .runts = o->runts,
                         .tax_code = o->tax_code,
                         .legal_rep = o->legal_rep};
}

/* Commits what a returned, or rolls back and says why; true when committed. */
static bool committed(db_conn *c, acc_rc a, const opts *o)
{
    if (a == ACC_OK && db_commit(c) == DB_OK) return true;
    db_rollback(c);
    if (a == ACC_NO_CITY)
        fprintf(stderr, "coprog: no city with ISTAT code %s\n", o->city);
    else
        fprintf(stderr, "coprog: %s\n", account_problem(a, c));
    return false;
}

/* Gives an existing user one more role (a city may give one person two functions; the rules
 * that keep functions apart, such as the separation of management and control, still apply). */
int cmd_user_grant(opts *o)
{
    if (!o->email || (!o->role && !o->tax_code)) return usage();
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int rc = 1;
    int64_t uid = account_find(c, o->email);
    account_new in = new_from(o, NULL);
    acc_rc a = db_begin(c) == DB_OK ? account_grant(c, uid, &in, 0) : ACC_ERROR;
    if (!committed(c, a, o)) goto out;
    if (o->role) printf("user %lld: role %s added\n", (long long)uid, o->role);
    if (o->tax_code) printf("user %lld: codice fiscale set\n", (long long)uid);
    rc = 0;
out:
    db_close(d);
    return rc;
}

int cmd_user_add(opts *o)
{
    if (!o->email || !o->name) return usage();
    char pw[PASSWORD_MAX + 2];
    if (read_password(pw, sizeof pw)) {
        fprintf(stderr, "coprog: no password on standard input\n");
        return 1;
    }
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int rc = 1;
    int64_t uid = 0;
    account_new in = new_from(o, pw);
    acc_rc a = db_begin(c) == DB_OK ? account_add_user(c, &in, 0, &uid) : ACC_ERROR;
    if (!committed(c, a, o)) goto out;
    printf("user %lld created: %s\n", (long long)uid, o->email);
    rc = 0;
out:
    sodium_memzero(pw, sizeof pw);
    db_close(d);
    return rc;
}

int cmd_token_create(opts *o)
{
    if (!o->email) return usage();
    db *d = open_db(o->db, true);
    if (!d) return 1;
    db_conn *c = db_conn_get(d);
    int rc = 1;
    int64_t uid = account_find(c, o->email), tid = 0;
    char tok[API_TOKEN_LEN + 1];
    if (!uid) {
        fprintf(stderr, "coprog: no user %s\n", o->email);
    } else if (db_begin(c) == DB_OK &&
               account_token_create(c, uid, o->label, tok, &tid) == ACC_OK &&
               audit_append(c, 0, uid, "token_create", "api_token", tid, NULL) == 0 &&
               db_commit(c) == DB_OK) {
        printf("%s\n", tok);
        rc = 0;
    } else {
        db_rollback(c);
        fprintf(stderr, "coprog: %s\n", db_errmsg(c));
    }
    db_close(d);
    return rc;
}

#include "modules/accounts/accounts.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/utf8.h"
#include "check/check.h"
#include "modules/audit/audit.h"
#include "web/session.h"

bool account_email_normalise(const char *in, char *out)
{
    size_t n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1])) n--;
    while (n && isspace((unsigned char)*in)) in++, n--;
    if (n < 3 || n > 254 || !utf8_valid(in, n)) return false;
    const char *at = memchr(in, '@', n);
    if (!at || at == in || at == in + n - 1 || memchr(at + 1, '@', n - (size_t)(at - in) - 1))
        return false;
    if (!memchr(at, '.', n - (size_t)(at - in))) return false;
    /* Printable ASCII only: a Cyrillic "а" or a zero-width space would make an address that
     * looks like another one (internationalised addresses are not accepted here). */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)in[i];
        if (ch <= 0x20 || ch >= 0x7f || ch == '<' || ch == '>') return false;
        out[i] = (char)tolower((unsigned char)in[i]);
    }
    out[n] = '\0';
    return true;
}

bool account_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    return n > 0 && n <= 200 && utf8_valid(name, n) && !utf8_has(name, n, UTF8_INVISIBLE);
}

static bool password_ok(const char *pw)
{
    size_t n = strlen(pw);
    return n >= PASSWORD_MIN && n <= PASSWORD_MAX && utf8_valid(pw, n);
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES])
{
    return crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

acc_rc account_create(db_conn *c, const char *email, const char *name, const char *password,
                      const char *locale, int64_t *id)
{
    char e[256];
    if (!account_email_normalise(email, e)) return ACC_BAD_EMAIL;
    if (!account_name_ok(name)) return ACC_BAD_NAME;
    if (!password_ok(password)) return ACC_WEAK_PASSWORD;
    char h[crypto_pwhash_STRBYTES];
    if (hash_password(password, h)) return ACC_ERROR;
    int64_t now = clock_now_us();
    db_rc rc = db_query_int(c,
                            "INSERT INTO users (email, name, password_hash, locale, created_at, "
                            "password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            DB_ARGS(DB_TEXT(e), DB_TEXT(name), DB_TEXT(h),
                                    DB_TEXT(locale ? locale : "it"), DB_INT(now), DB_INT(now)),
                            id);
    sodium_memzero(h, sizeof h);
    return rc == DB_CONSTRAINT ? ACC_EXISTS : rc == DB_OK ? ACC_OK : ACC_ERROR;
}

acc_rc account_add_membership(db_conn *c, int64_t user_id, int64_t city_id, int64_t org_id,
                              const char *role, bool legal_rep)
{
    db_rc rc = db_exec(c,
                       "INSERT INTO memberships (user_id, city_id, organisation_id, role, "
                       "legal_rep, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       DB_ARGS(DB_INT(user_id), city_id ? DB_INT(city_id) : DB_NULL,
                               org_id ? DB_INT(org_id) : DB_NULL, DB_TEXT(role),
                               DB_INT(legal_rep ? 1 : 0), DB_INT(clock_now_us())),
                       NULL);
    return rc == DB_CONSTRAINT ? ACC_BAD_ROLE : rc == DB_OK ? ACC_OK : ACC_ERROR;
}

int64_t account_find(db_conn *c, const char *email)
{
    char e[256];
    int64_t id = 0;
    if (!account_email_normalise(email, e)) return 0;
    db_query_int(c, "SELECT id FROM users WHERE email = ?", DB_ARGS(DB_TEXT(e)), &id);
    return id;
}

/* The city of an ISTAT code (0 when none asked), and the body of a tax code (registered as an
 * ETS of that city when new). */
static acc_rc place_of(db_conn *c, const account_new *in, int64_t *city, int64_t *org)
{
    *city = *org = 0;
    if (in->city_istat && *in->city_istat &&
        (db_query_int(c, "SELECT id FROM cities WHERE istat_code = ?",
                      DB_ARGS(DB_TEXT(in->city_istat)), city) != DB_OK ||
         !*city))
        return ACC_NO_CITY;
    if (!in->org_tax || !*in->org_tax) return ACC_OK;
    char tax[CHECK_MAX_IN];
    if (check_cf(in->org_tax, tax) != CHECK_OK) return ACC_BAD_ORG;
    db_query_int(c, "SELECT id FROM organisations WHERE tax_code = ?", DB_ARGS(DB_TEXT(tax)), org);
    if (*org) return ACC_OK;
    return db_query_int(c,
                        "INSERT INTO organisations (city_id, kind, name, tax_code, runts_number, "
                        "created_at) VALUES (?, 'ets', ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(*city ? DB_INT(*city) : DB_NULL,
                                DB_TEXT(in->org_name && *in->org_name ? in->org_name : tax),
                                DB_TEXT(tax), DB_TEXT(in->runts ? in->runts : ""),
                                DB_INT(clock_now_us())),
                        org) == DB_OK
               ? ACC_OK
               : ACC_ERROR;
}

static acc_rc audited(db_conn *c, acc_rc rc, int64_t city, int64_t by_user, const char *action,
                      int64_t user_id, json_t *detail)
{
    if (rc == ACC_OK && audit_append(c, city, by_user, action, "user", user_id, detail))
        rc = ACC_ERROR;
    json_decref(detail);
    return rc;
}

acc_rc account_add_user(db_conn *c, const account_new *in, int64_t by_user, int64_t *user_id)
{
    int64_t city = 0, org = 0;
    acc_rc rc = place_of(c, in, &city, &org);
    if (rc == ACC_OK) rc = account_create(c, in->email, in->name, in->password, "it", user_id);
    if (rc == ACC_OK && in->role && *in->role)
        rc = account_add_membership(c, *user_id, city, org, in->role, in->legal_rep);
    if (rc == ACC_OK && in->tax_code && *in->tax_code)
        rc = account_set_tax_code(c, *user_id, in->tax_code, by_user);
    return audited(c, rc, city, by_user, "user_add", *user_id,
                   json_pack("{s:s,s:s}", "role", in->role ? in->role : "", "city",
                             in->city_istat ? in->city_istat : ""));
}

acc_rc account_grant(db_conn *c, int64_t user_id, const account_new *in, int64_t by_user)
{
    int64_t city = 0, org = 0, known = 0;
    db_query_int(c, "SELECT COUNT(*) FROM users WHERE id = ?", DB_ARGS(DB_INT(user_id)), &known);
    if (!known) return ACC_NOT_FOUND;
    acc_rc rc = place_of(c, in, &city, &org);
    bool cf = in->tax_code && *in->tax_code;
    /* A role, or only the codice fiscale; nothing at all is a missing role. */
    if (rc == ACC_OK && (!cf || (in->role && *in->role)))
        rc = account_add_membership(c, user_id, city, org, in->role ? in->role : "", in->legal_rep);
    if (rc == ACC_OK && cf) rc = account_set_tax_code(c, user_id, in->tax_code, by_user);
    return audited(c, rc, city, by_user, "user_grant", user_id,
                   json_pack("{s:s,s:s}", "role", in->role ? in->role : "", "city",
                             in->city_istat ? in->city_istat : ""));
}

acc_rc account_set_tax_code(db_conn *c, int64_t user_id, const char *tax_code, int64_t by_user)
{
    char cf[17];
    if (check_cf_person(tax_code, cf) != CHECK_OK) return ACC_BAD_TAX_CODE;
    int64_t taken = 0, changed = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM users WHERE tax_code = ? AND id <> ?",
                     DB_ARGS(DB_TEXT(cf), DB_INT(user_id)), &taken) != DB_OK)
        return ACC_ERROR;
    if (taken) return ACC_TAX_CODE_TAKEN;
    if (db_exec(c, "UPDATE users SET tax_code = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(cf), DB_INT(user_id)), &changed) != DB_OK)
        return ACC_ERROR;
    if (!changed) return ACC_NOT_FOUND;
    return audit_append(c, 0, by_user, "user_tax_code", "user", user_id, NULL) ? ACC_ERROR : ACC_OK;
}

void account_tax_code(db_conn *c, int64_t user_id, char out[17])
{
    *out = '\0';
    db_rows *r = db_query(c, "SELECT tax_code FROM users WHERE id = ? AND tax_code IS NOT NULL",
                          DB_ARGS(DB_INT(user_id)));
    if (r && db_next(r)) snprintf(out, 17, "%s", db_text(r, 0));
    db_rows_close(r);
}

acc_rc account_revoke(db_conn *c, int64_t user_id, int64_t membership_id, int64_t by_user)
{
    int64_t changed = 0, city = 0;
    db_query_int(c, "SELECT COALESCE(city_id, 0) FROM memberships WHERE id = ? AND user_id = ?",
                 DB_ARGS(DB_INT(membership_id), DB_INT(user_id)), &city);
    if (db_exec(c, "DELETE FROM memberships WHERE id = ? AND user_id = ?",
                DB_ARGS(DB_INT(membership_id), DB_INT(user_id)), &changed) != DB_OK)
        return ACC_ERROR;
    if (!changed) return ACC_NOT_FOUND;
    return audited(c, ACC_OK, city, by_user, "user_revoke", user_id,
                   json_pack("{s:I}", "membership", (json_int_t)membership_id));
}

acc_rc account_set_active(db_conn *c, int64_t user_id, bool active, int64_t by_user)
{
    int64_t changed = 0;
    if (db_exec(c, "UPDATE users SET active = ? WHERE id = ?",
                DB_ARGS(DB_INT(active ? 1 : 0), DB_INT(user_id)), &changed) != DB_OK)
        return ACC_ERROR;
    if (!changed) return ACC_NOT_FOUND;
    /* Someone who may not sign in any more is signed out everywhere now. */
    if (!active &&
        (db_exec(c, "DELETE FROM sessions WHERE user_id = ?", DB_ARGS(DB_INT(user_id)), NULL) !=
             DB_OK ||
         db_exec(c, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                 DB_ARGS(DB_INT(clock_now_us()), DB_INT(user_id)), NULL) != DB_OK))
        return ACC_ERROR;
    return audited(c, ACC_OK, 0, by_user, active ? "user_activate" : "user_deactivate", user_id,
                   NULL);
}

const char *account_error_key(acc_rc rc)
{
    switch (rc) {
    case ACC_EXISTS:
        return "accounts.err.exists";
    case ACC_BAD_EMAIL:
        return "input.bad_email";
    case ACC_BAD_NAME:
        return "input.hidden_chars";
    case ACC_WEAK_PASSWORD:
        return "password.too_short";
    case ACC_BAD_ROLE:
        return "accounts.err.role";
    case ACC_NO_CITY:
        return "accounts.err.city";
    case ACC_BAD_ORG:
        return "accounts.err.org";
    case ACC_BAD_TAX_CODE:
        return "accounts.err.tax_code";
    case ACC_TAX_CODE_TAKEN:
        return "accounts.err.tax_code_taken";
    case ACC_NOT_FOUND:
        return "error.not_found";
    default:
        return "error.internal";
    }
}

int attempt_claim(db_conn *c, const char *key, unsigned free_tries, bool growing, unsigned window_s,
                  int64_t *claim)
{
    int64_t now = clock_now_us(), window = (int64_t)window_s * 1000000;
    *claim = 0;
    if (db_query_int(c, "INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id",
                     DB_ARGS(DB_TEXT(key), DB_INT(now)), claim) != DB_OK)
        return 1;
    /* Claims before this one, failures and checks still running alike. */
    int64_t before = 0, first = now, last = now;
    db_rows *r = db_query(c,
                          "SELECT COUNT(*), MIN(at), MAX(at) FROM login_failures "
                          "WHERE key = ? AND at > ? AND id < ?",
                          DB_ARGS(DB_TEXT(key), DB_INT(now - window), DB_INT(*claim)));
    if (r && db_next(r) && db_int(r, 0) > 0) {
        before = db_int(r, 0);
        first = db_int(r, 1);
        last = db_int(r, 2);
    }
    db_rows_close(r);
    int64_t until = now;
    if (before >= (int64_t)free_tries) {
        if (growing) {
            int64_t over = before - (int64_t)free_tries; /* 0 for the first try past the free */
            int64_t wait = over >= 20 ? window : (int64_t)2000000 << over;
            until = last + (wait < window ? wait : window);
        } else {
            until = first + window;
        }
    }
    if (until <= now) return 0;
    attempt_release(c, *claim);
    *claim = 0;
    int64_t s = (until - now + 999999) / 1000000;
    return s > 0 ? (int)s : 1;
}

void attempt_release(db_conn *c, int64_t claim)
{
    if (claim) db_exec(c, "DELETE FROM login_failures WHERE id = ?", DB_ARGS(DB_INT(claim)), NULL);
}

void attempt_clear(db_conn *c, const char *key)
{
    db_exec(c, "DELETE FROM login_failures WHERE key = ?", DB_ARGS(DB_TEXT(key)), NULL);
}

void account_hash_delay(void)
{
    char dummy[crypto_pwhash_STRBYTES];
    hash_password("not-a-password", dummy);
}

acc_rc account_login(db_conn *c, const char *email, const char *password, const char *ip,
                     const login_limits *lim, int64_t *user_id, int *retry_after_s)
{
    char e[256];
    if (!account_email_normalise(email, e)) snprintf(e, sizeof e, "invalid");
    char pkey[400], ukey[300], ipkey[80];
    snprintf(pkey, sizeof pkey, "p:%s|%s", e, ip ? ip : "");
    snprintf(ukey, sizeof ukey, "u:%s", e);
    snprintf(ipkey, sizeof ipkey, "ip:%s", ip ? ip : "");
    int64_t claims[3] = {0, 0, 0};
    int waits[3] = {
        attempt_claim(c, pkey, lim->per_account, true, lim->window_s, &claims[0]),
        attempt_claim(c, ukey, lim->per_account * 10, false, lim->window_s, &claims[1]),
        attempt_claim(c, ipkey, lim->per_ip, false, lim->window_s, &claims[2]),
    };
    int wait = 0;
    for (int i = 0; i < 3; i++)
        if (waits[i] > wait) wait = waits[i];
    if (wait) {
        for (int i = 0; i < 3; i++) attempt_release(c, claims[i]);
        *retry_after_s = wait;
        return ACC_LIMITED;
    }
    char stored[crypto_pwhash_STRBYTES] = "";
    int64_t id = 0;
    db_rows *r = db_query(c, "SELECT id, password_hash FROM users WHERE email = ? AND active = 1",
                          DB_ARGS(DB_TEXT(e)));
    if (r && db_next(r)) {
        id = db_int(r, 0);
        snprintf(stored, sizeof stored, "%s", db_text(r, 1));
    }
    db_rows_close(r);
    bool ok;
    if (id) {
        ok = crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
    } else {
        /* Spend the same time on unknown addresses, so timing does not reveal accounts. */
        account_hash_delay();
        ok = false;
    }
    if (!ok) return ACC_BAD_LOGIN; /* the claims stay, as failures */
    attempt_clear(c, pkey);
    attempt_clear(c, ukey);
    attempt_release(c, claims[2]);
    db_exec(c, "DELETE FROM login_failures WHERE at < ?",
            DB_ARGS(DB_INT(clock_now_us() - (int64_t)lim->window_s * 1000000)), NULL);
    *user_id = id;
    return ACC_OK;
}

acc_rc account_set_password(db_conn *c, int64_t user_id, const char *password)
{
    if (!password_ok(password)) return ACC_WEAK_PASSWORD;
    char h[crypto_pwhash_STRBYTES];
    if (hash_password(password, h)) return ACC_ERROR;
    int64_t changed = 0;
    db_rc rc =
        db_exec(c, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(h), DB_INT(clock_now_us()), DB_INT(user_id)), &changed);
    sodium_memzero(h, sizeof h);
    if (rc != DB_OK) return ACC_ERROR;
    if (!changed) return ACC_NOT_FOUND;
    /* A new password ends what the old one gave: API tokens are revoked with it (a token may
     * have leaked with the password), whoever set it and however. */
    if (db_exec(c, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                DB_ARGS(DB_INT(clock_now_us()), DB_INT(user_id)), NULL) != DB_OK)
        return ACC_ERROR;
    return ACC_OK;
}

acc_rc account_change_password(db_conn *c, int64_t user_id, const char *old_pw, const char *new_pw,
                               int64_t keep_session)
{
    char stored[crypto_pwhash_STRBYTES] = "";
    db_rows *r =
        db_query(c, "SELECT password_hash FROM users WHERE id = ?", DB_ARGS(DB_INT(user_id)));
    if (r && db_next(r)) snprintf(stored, sizeof stored, "%s", db_text(r, 0));
    db_rows_close(r);
    if (!*stored) return ACC_NOT_FOUND;
    if (crypto_pwhash_str_verify(stored, old_pw, strlen(old_pw)) != 0) return ACC_BAD_LOGIN;
    acc_rc rc = account_set_password(c, user_id, new_pw);
    if (rc != ACC_OK) return rc;
    /* Other sessions end with the old password. */
    db_exec(c, "DELETE FROM sessions WHERE user_id = ? AND id <> ?",
            DB_ARGS(DB_INT(user_id), DB_INT(keep_session)), NULL);
    return ACC_OK;
}

acc_rc account_token_create(db_conn *c, int64_t user_id, const char *label, char *out,
                            int64_t *token_id)
{
    char raw[44], h[65];
    token_random(raw);
    snprintf(out, API_TOKEN_LEN + 1, "cpg_%s", raw);
    token_hash(out, h);
    char prefix[13];
    snprintf(prefix, sizeof prefix, "%.12s", out);
    db_rc rc = db_query_int(c,
                            "INSERT INTO api_tokens (user_id, label, prefix, token_hash, "
                            "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                            DB_ARGS(DB_INT(user_id), DB_TEXT(label), DB_TEXT(prefix), DB_TEXT(h),
                                    DB_INT(clock_now_us())),
                            token_id);
    sodium_memzero(raw, sizeof raw);
    return rc == DB_OK ? ACC_OK : ACC_ERROR;
}

acc_rc account_token_revoke(db_conn *c, int64_t user_id, int64_t token_id)
{
    int64_t n = 0;
    if (db_exec(c,
                "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? "
                "AND revoked_at IS NULL",
                DB_ARGS(DB_INT(clock_now_us()), DB_INT(token_id), DB_INT(user_id)), &n) != DB_OK)
        return ACC_ERROR;
    return n ? ACC_OK : ACC_NOT_FOUND;
}

json_t *account_tokens(db_conn *c, int64_t user_id)
{
    json_t *a = json_array();
    db_rows *r = db_query(c,
                          "SELECT id, label, prefix, created_at, last_used_at, revoked_at "
                          "FROM api_tokens WHERE user_id = ? ORDER BY id DESC",
                          DB_ARGS(DB_INT(user_id)));
    while (r && db_next(r))
        json_array_append_new(a,
                              json_pack("{s:I,s:s,s:s,s:I,s:o,s:b}", "id", (json_int_t)db_int(r, 0),
                                        "label", db_text(r, 1), "prefix", db_text(r, 2),
                                        "created_at", (json_int_t)db_int(r, 3), "last_used_at",
                                        db_isnull(r, 4) ? json_null() : json_integer(db_int(r, 4)),
                                        "revoked", !db_isnull(r, 5)));
    db_rows_close(r);
    return a;
}

json_t *account_memberships(db_conn *c, int64_t user_id)
{
    json_t *a = json_array();
    db_rows *r = db_query(c,
                          "SELECT m.role, m.legal_rep, c.name, o.name FROM memberships m "
                          "LEFT JOIN cities c ON c.id = m.city_id "
                          "LEFT JOIN organisations o ON o.id = m.organisation_id "
                          "WHERE m.user_id = ? ORDER BY m.id",
                          DB_ARGS(DB_INT(user_id)));
    while (r && db_next(r))
        json_array_append_new(a, json_pack("{s:s,s:b,s:s?,s:s?}", "role", db_text(r, 0),
                                           "legal_rep", db_int(r, 1) != 0, "city", db_text(r, 2),
                                           "organisation", db_text(r, 3)));
    db_rows_close(r);
    return a;
}

json_t *account_list(db_conn *c)
{
    json_t *a = json_array();
    db_rows *r = db_query(c,
                          "SELECT u.id, u.email, u.name, u.active, "
                          "(SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id) "
                          "FROM users u ORDER BY u.email",
                          DB_NOARGS);
    while (r && db_next(r))
        json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:b,s:I}", "id", (json_int_t)db_int(r, 0),
                                           "email", db_text(r, 1), "name", db_text(r, 2), "active",
                                           db_int(r, 3) != 0, "memberships",
                                           (json_int_t)db_int(r, 4)));
    db_rows_close(r);
    return a;
}

json_t *account_detail(db_conn *c, int64_t user_id)
{
    json_t *u = db_query_object(c, "SELECT id, email, name, active FROM users WHERE id = ?",
                                DB_ARGS(DB_INT(user_id)));
    if (!u) return NULL;
    json_object_set_new(
        u, "memberships",
        db_query_json(c,
                      "SELECT m.id, m.role, m.legal_rep, ci.name AS city, ci.istat_code, "
                      "o.name AS organisation, o.tax_code FROM memberships m "
                      "LEFT JOIN cities ci ON ci.id = m.city_id "
                      "LEFT JOIN organisations o ON o.id = m.organisation_id "
                      "WHERE m.user_id = ? ORDER BY m.id",
                      DB_ARGS(DB_INT(user_id))));
    return u;
}

#include "modules/accounts/routes.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"
#include "modules/cities/cities.h"
#include "web/input.h"
#include "web/session.h"

/* Only local paths are followed after login, never another site. */
static const char *safe_next(const char *next)
{
    if (!req_local_path(next)) return "/";
    return next;
}

static void login_view(req *r, const char *email)
{
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "email", json_string(email ? email : ""));
    json_object_set_new(r->view, "next", json_string(safe_next(req_field(r, "next"))));
    r->template = "accounts/login";
    r->title_key = "login.title";
    /* SPID and CIE first, where the city has joined the federation. */
    const app *a = r->app;
    if (!a->trust_anchor || !a->nidentity_providers) return;
    json_t *ps = json_array();
    const char *next = req_url_escape(r, safe_next(req_field(r, "next")));
    for (int i = 0; i < a->nidentity_providers; i++)
        json_array_append_new(
            ps, json_pack("{s:s,s:s}", "name", a->identity_providers[i].name, "href",
                          arena_printf(&r->mem, "/oidc/login?provider=%s&next=%s",
                                       req_url_escape(r, a->identity_providers[i].url), next)));
    json_object_set_new(r->view, "identity_providers", ps);
    json_object_set_new(r->view, "has_identity", json_true());
}

int accounts_login_form(req *r)
{
    login_view(r, NULL);
    return 0;
}

int accounts_login(req *r)
{
    const char *email = req_field(r, "email"), *pw = req_field(r, "password");
    if (!email || !*email) req_field_error(r, "email", "login.email_required");
    if (!pw || !*pw) req_field_error(r, "password", "login.password_required");
    if (req_has_errors(r)) {
        r->status = 422;
        login_view(r, email);
        return 0;
    }
    app *a = r->app;
    login_limits lim = {a->lim.login_per_account, a->lim.login_per_ip, a->lim.login_window_s};
    int64_t uid = 0;
    int retry = 0;
    acc_rc rc = account_login(r->db, email, pw, r->client_ip, &lim, &uid, &retry);
    if (rc == ACC_LIMITED) return req_limited(r, retry);
    if (rc != ACC_OK) {
        r->status = 401;
        req_field_error(r, "password", "login.bad");
        login_view(r, email);
        return 0;
    }
    if (db_begin(r->db) != DB_OK) return -1;
    if (session_start(r, uid) || audit_append(r->db, 0, uid, "login", "user", uid, NULL)) {
        db_rollback(r->db);
        return -1;
    }
    if (db_commit(r->db) != DB_OK) return -1;
    return req_redirect(r, safe_next(req_field(r, "next")), "login.welcome");
}

int accounts_logout(req *r)
{
    session_end(r);
    /* A shared phone or a hub's computer keeps nothing of the person after they leave: the
     * browser drops its copies of pages and what scripts kept (a street team's contacts that
     * wait for the network, the page the team's service worker kept for no signal). */
    req_add_header(r, "Clear-Site-Data", "\"cache\", \"storage\"");
    return req_redirect(r, "/", "logout.done");
}

int accounts_profile(req *r)
{
    json_t *ms = account_memberships(r->db, r->user->id);
    req_label_each(r, ms, "role", "roles", "role_label");
    char cf[17];
    account_tax_code(r->db, r->user->id, cf);
    r->view = json_pack("{s:{s:I,s:s,s:s,s:s,s:s},s:o}", "user", "id", (json_int_t)r->user->id,
                        "email", r->user->email, "name", r->user->name, "locale", r->user->locale,
                        "tax_code", cf, "memberships", ms);
    r->template = "accounts/profile";
    r->title_key = "profile.title";
    return 0;
}

int accounts_password(req *r)
{
    const char *old_pw = req_field(r, "current_password");
    const char *new_pw = req_field(r, "new_password");
    const char *again = req_field(r, "new_password_again");
    if (!old_pw || !*old_pw) req_field_error(r, "current_password", "password.current_required");
    if (!new_pw || strlen(new_pw) < PASSWORD_MIN || strlen(new_pw) > PASSWORD_MAX)
        req_field_error(r, "new_password", "password.too_short");
    else if (!again || strcmp(new_pw, again) != 0)
        req_field_error(r, "new_password_again", "password.mismatch");
    if (!req_has_errors(r)) {
        if (db_begin(r->db) != DB_OK) return -1;
        acc_rc rc =
            account_change_password(r->db, r->user->id, old_pw, new_pw, r->user->session_id);
        if (rc == ACC_OK &&
            audit_append(r->db, 0, r->user->id, "password_change", "user", r->user->id, NULL) ==
                0 &&
            db_commit(r->db) == DB_OK)
            return req_redirect(r, "/account", "password.changed");
        db_rollback(r->db);
        if (rc == ACC_BAD_LOGIN)
            req_field_error(r, "current_password", "password.current_wrong");
        else if (rc == ACC_WEAK_PASSWORD)
            req_field_error(r, "new_password", "password.too_short");
        else
            return -1;
    }
    json_t *errors = json_incref(json_object_get(r->view, "errors"));
    json_t *fe = json_incref(json_object_get(r->view, "field_errors"));
    json_decref(r->view);
    r->view = NULL;
    accounts_profile(r);
    json_object_set_new(r->view, "errors", errors);
    json_object_set_new(r->view, "field_errors", fe);
    r->status = 422;
    return 0;
}

int accounts_tokens(req *r)
{
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "tokens", account_tokens(r->db, r->user->id));
    r->template = "accounts/tokens";
    r->title_key = "tokens.title";
    return 0;
}

int accounts_token_create(req *r)
{
    const char *label = req_field(r, "label");
    if (!label || !*label || strlen(label) > 100) {
        req_field_error(r, "label", "tokens.label_required");
        r->status = 422;
        return accounts_tokens(r);
    }
    char tok[API_TOKEN_LEN + 1];
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    if (account_token_create(r->db, r->user->id, label, tok, &id) != ACC_OK ||
        audit_append(r->db, 0, r->user->id, "token_create", "api_token", id, NULL) ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return -1;
    }
    /* Shown once, on this page only: it is not stored. */
    r->view = json_pack("{s:s,s:I}", "new_token", tok, "new_token_id", (json_int_t)id);
    r->status = 201;
    return accounts_tokens(r);
}

int accounts_token_revoke(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    acc_rc rc = account_token_revoke(r->db, r->user->id, id);
    if (rc == ACC_OK &&
        audit_append(r->db, 0, r->user->id, "token_revoke", "api_token", id, NULL) == 0 &&
        db_commit(r->db) == DB_OK)
        return req_redirect(r, "/account/tokens", "tokens.revoked");
    db_rollback(r->db);
    return rc == ACC_NOT_FOUND ? req_error(r, 404, "error.not_found") : -1;
}

/* The choices the admin forms offer: roles and cities. */
static void admin_choices(req *r)
{
    json_t *roles = json_array();
    for (unsigned i = 0; i < ROLE_COUNT; i++) {
        char key[48];
        snprintf(key, sizeof key, "roles.%s", role_names[i]);
        json_array_append_new(
            roles, json_pack("{s:s,s:s}", "code", role_names[i], "label", req_t(r, key)));
    }
    json_object_set_new(r->view, "roles", roles);
    json_object_set_new(r->view, "cities", cities_list(r->db));
}

int accounts_users(req *r)
{
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "users", account_list(r->db));
    admin_choices(r);
    r->template = "accounts/users";
    r->title_key = "users.title";
    return 0;
}

/* The fields of the person and role forms. */
static account_new read_new(req *r, bool person)
{
    static const char *const ROLES[] = {"officer",  "evaluator", "controller", "ets",
                                        "resident", "auditor",   "admin",      "housing",
                                        "social",   "registry",  NULL};
    account_new in = {0};
    if (person) {
        in.email = in_text(r, "email", 254, IN_REQUIRED);
        in.name = in_text(r, "name", 200, IN_REQUIRED);
    }
    in.role = in_choice(r, "role", ROLES, IN_REQUIRED);
    in.city_istat = in_text(r, "city", 6, IN_OPTIONAL);
    in.org_tax = in_text(r, "org_tax_code", 16, IN_OPTIONAL);
    in.org_name = in_text(r, "org_name", 300, IN_OPTIONAL);
    in.runts = in_text(r, "runts", 40, IN_OPTIONAL);
    in.legal_rep = in_flag(r, "legal_rep");
    if (in.role && strcmp(in.role, "ets") == 0 && !*in.org_tax)
        req_field_error(r, "org_tax_code", "accounts.err.role");
    return in;
}

static const char *field_of(acc_rc rc)
{
    switch (rc) {
    case ACC_EXISTS:
    case ACC_BAD_EMAIL:
        return "email";
    case ACC_BAD_NAME:
        return "name";
    case ACC_NO_CITY:
        return "city";
    case ACC_BAD_ORG:
        return "org_tax_code";
    default:
        return "role";
    }
}

/* A person added by the administrator gets a password made here, shown once on the answer:
 * they change it in their personal area. */
int accounts_user_add(req *r)
{
    account_new in = read_new(r, true);
    acc_rc rc = ACC_ERROR;
    int64_t uid = 0;
    char pw[24];
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(pw, sizeof pw, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    in.password = pw;
    if (!req_has_errors(r) && db_begin(r->db) == DB_OK) {
        rc = account_add_user(r->db, &in, r->user->id, &uid);
        if (rc == ACC_OK && db_commit(r->db) == DB_OK) {
            r->view = json_pack("{s:{s:I,s:s,s:s}}", "created", "id", (json_int_t)uid, "email",
                                in.email, "password", pw);
            sodium_memzero(pw, sizeof pw);
            r->status = 201;
            return accounts_users(r);
        }
        db_rollback(r->db);
    }
    sodium_memzero(pw, sizeof pw);
    if (!req_has_errors(r)) {
        if (rc == ACC_ERROR) return -1;
        req_field_error(r, field_of(rc), account_error_key(rc));
    }
    req_error(r, rc == ACC_EXISTS ? 409 : 422, "users.not_added");
    return accounts_users(r);
}

int accounts_user(req *r)
{
    json_t *u = account_detail(r->db, req_param_id(r, "id"));
    if (!u) return req_error(r, 404, "error.not_found");
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(u, "memberships"), i, m)
    {
        json_object_set_new(
            m, "role_label",
            json_string(req_t_code(r, "roles", json_string_value(json_object_get(m, "role")))));
    }
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "person", u);
    admin_choices(r);
    r->template = "accounts/user";
    r->title_key = "users.person";
    return 0;
}

static const char *user_url(req *r)
{
    return arena_printf(&r->mem, "/admin/users/%lld", (long long)req_param_id(r, "id"));
}

/* Commits a change to a person and goes back to their page, or shows it with the problem. */
static int user_changed(req *r, acc_rc rc, const char *flash)
{
    if (rc == ACC_OK && db_commit(r->db) == DB_OK) return req_redirect(r, user_url(r), flash);
    db_rollback(r->db);
    if (rc == ACC_ERROR) return -1;
    if (rc == ACC_NOT_FOUND) return req_error(r, 404, "error.not_found");
    req_field_error(r, field_of(rc), account_error_key(rc));
    req_error(r, 422, account_error_key(rc));
    return accounts_user(r);
}

int accounts_user_grant(req *r)
{
    account_new in = read_new(r, false);
    if (req_has_errors(r)) {
        req_error(r, 422, "users.not_added");
        return accounts_user(r);
    }
    if (db_begin(r->db) != DB_OK) return -1;
    return user_changed(r, account_grant(r->db, req_param_id(r, "id"), &in, r->user->id),
                        "users.granted");
}

int accounts_user_revoke(req *r)
{
    if (db_begin(r->db) != DB_OK) return -1;
    return user_changed(
        r, account_revoke(r->db, req_param_id(r, "id"), req_param_id(r, "mid"), r->user->id),
        "users.revoked");
}

int accounts_user_active(req *r)
{
    int64_t id = req_param_id(r, "id");
    bool active = in_flag(r, "active");
    if (id == r->user->id && !active) return req_error(r, 409, "users.not_yourself");
    if (db_begin(r->db) != DB_OK) return -1;
    return user_changed(r, account_set_active(r->db, id, active, r->user->id),
                        active ? "users.activated" : "users.deactivated");
}

#include "modules/accounts/routes.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"
#include "web/session.h"

/* Only local paths are followed after login, never another site. */
static const char *safe_next(const char *next)
{
    if (!req_local_path(next))
        return "/";
    return next;
}

static void login_view(req *r, const char *email)
{
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "email", json_string(email ? email : ""));
    json_object_set_new(r->view, "next", json_string(safe_next(req_field(r, "next"))));
    r->template = "accounts/login";
    r->title_key = "login.title";
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
    if (rc == ACC_LIMITED) {
        req_add_header(r, "Retry-After", arena_printf(&r->mem, "%d", retry));
        req_error(r, 429, "login.limited");
        json_object_set_new(json_object_get(r->view, "error"), "retry_after_s",
                            json_integer(retry));
        return 0;
    }
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
    return req_redirect(r, "/", "logout.done");
}

int accounts_profile(req *r)
{
    json_t *ms = account_memberships(r->db, r->user->id);
    req_label_each(r, ms, "role", "roles", "role_label");
    r->view = json_pack("{s:{s:I,s:s,s:s,s:s},s:o}", "user", "id", (json_int_t)r->user->id, "email",
                        r->user->email, "name", r->user->name, "locale", r->user->locale,
                        "memberships", ms);
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

int accounts_users(req *r)
{
    r->view = json_pack("{s:o}", "users", account_list(r->db));
    r->template = "accounts/users";
    r->title_key = "users.title";
    return 0;
}

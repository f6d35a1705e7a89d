/* HTTP handlers of the second factor: the code asked after the password, and the enrolment
 * (QR code of the secret for an authenticator app, confirmed by a first code, then ten recovery
 * codes shown once). */
#include <stdio.h>
#include <sodium.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/accounts/routes.h"
#include "modules/audit/audit.h"
#include "view/qr.h"
#include "web/input.h"
#include "web/session.h"

/* Guesses at a person's codes: five free, then each waits twice as long. */
enum { CODE_FREE_TRIES = 5, CODE_WINDOW_S = 900 };

static const char *next_of(req *r)
{
    const char *next = req_field(r, "next");
    return next && req_local_path(next) ? next : "/";
}

/* A code typed by the person, counted as a guess before it is checked (the person's key, in
 * the database, so every instance counts the same). guess_start: 1 with a transaction open to
 * check it in, 0 when answered (422, 429), -1 on failure. */
typedef struct guess {
    const char *code, *key;
    int64_t claim;
} guess;

static int guess_start(req *r, guess *g)
{
    g->code = in_text(r, "code", 20, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "login.code_required");
    g->key = arena_printf(&r->mem, "2fa:%lld", (long long)r->user->id);
    int wait = attempt_claim(r->db, g->key, CODE_FREE_TRIES, true, CODE_WINDOW_S, &g->claim);
    if (wait) return req_limited(r, wait);
    return db_begin(r->db) == DB_OK ? 1 : -1;
}

/* Commits a right code (its guesses forgiven): 1; answers a wrong one: 0; -1 on failure. */
static int guess_end(req *r, guess *g, acc_rc rc)
{
    if (rc != ACC_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc != ACC_BAD_LOGIN) return -1;
        req_field_error(r, "code", "login.code_bad");
        return req_error(r, 422, "login.code_bad");
    }
    attempt_clear(r->db, g->key);
    attempt_release(r->db, g->claim);
    return 1;
}

int second_factor_form(req *r)
{
    if (!r->user->second_factor_enrolled) return req_redirect(r, "/account/second-factor", NULL);
    r->view = json_pack("{s:s}", "next", next_of(r));
    r->template = "accounts/second_factor";
    r->title_key = "login.second_factor_title";
    return 0;
}

int second_factor_submit(req *r)
{
    guess g = {0};
    int go = guess_start(r, &g);
    if (go <= 0) return go;
    bool recovery = false;
    acc_rc rc = totp_check(r->db, r->user->id, g.code, clock_now_us(), &recovery);
    if (rc == ACC_OK && (session_second_factor_done(r) ||
                         audit_append(r->db, 0, r->user->id,
                                      recovery ? "login_recovery_code" : "login_second_factor",
                                      "user", r->user->id, NULL)))
        rc = ACC_ERROR;
    if ((go = guess_end(r, &g, rc)) <= 0) return go;
    return req_redirect(r, next_of(r), recovery ? "login.recovery_used" : "login.welcome");
}

int second_factor_page(req *r)
{
    int left = 0;
    int state = totp_state(r->db, r->user->id, &left);
    json_t *v = json_pack("{s:b,s:i,s:b}", "is_on", state == TOTP_ON, "recovery_left", left,
                          "is_needed", (r->user->roles & ROLE_DECIDING) != 0);
    if (state != TOTP_ON) {
        char secret[33];
        if (db_begin(r->db) != DB_OK) {
            json_decref(v);
            return -1;
        }
        if (totp_begin(r->db, r->user->id, clock_now_us(), secret) != ACC_OK ||
            db_commit(r->db) != DB_OK) {
            db_rollback(r->db);
            json_decref(v);
            return -1;
        }
        const char *uri = arena_printf(
            &r->mem,
            "otpauth://totp/coprog:%s?secret=%s&issuer=coprog&algorithm=SHA1&digits=6&period=30",
            r->user->email, secret);
        buf svg;
        buf_init(&svg, 256 << 10);
        if (qr_svg(uri, req_t(r, "account2fa.qr_title"), &svg) == 0)
            json_object_set_new(v, "qr_svg", json_string(svg.data));
        buf_free(&svg);
        /* In groups of four, as people type it into an app without a camera. */
        char grouped[48];
        size_t n = 0;
        for (size_t i = 0; secret[i]; i++) {
            if (i && i % 4 == 0) grouped[n++] = ' ';
            grouped[n++] = secret[i];
        }
        grouped[n] = '\0';
        json_object_set_new(v, "secret", json_string(grouped));
        json_object_set_new(v, "otpauth_uri", json_string(uri));
    }
    r->view = v;
    r->template = "accounts/enrol";
    r->title_key = "account2fa.title";
    return 0;
}

int second_factor_enrol(req *r)
{
    guess g = {0};
    int go = guess_start(r, &g);
    if (go <= 0) return go;
    char codes[TOTP_RECOVERY_CODES][12];
    acc_rc rc = totp_confirm(r->db, r->user->id, g.code, clock_now_us(), codes);
    if (rc == ACC_OK && session_second_factor_done(r)) rc = ACC_ERROR;
    if ((go = guess_end(r, &g, rc)) <= 0) return go;
    json_t *list = json_array();
    for (int i = 0; i < TOTP_RECOVERY_CODES; i++)
        json_array_append_new(list, json_string(codes[i]));
    sodium_memzero(codes, sizeof codes);
    r->view = json_pack("{s:o}", "recovery_codes", list);
    r->template = "accounts/recovery_codes";
    r->title_key = "account2fa.title";
    return 0;
}

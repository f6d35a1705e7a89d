#include "web/session.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "web/app.h"
#include "base/clock.h"
#include "base/hex.h"
#include "base/log.h"
#include "web/render.h"

void token_random(char out[44])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2base64(out, 44, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(b, sizeof b);
}

void token_hash(const char *token, char out[65])
{
    sha256_hex(token, strlen(token), out);
}

const char *const role_names[ROLE_COUNT] = {"officer",  "evaluator", "controller", "ets",
                                            "resident", "auditor",   "admin",      "housing",
                                            "social",   "registry"};

unsigned role_bit(const char *name)
{
    for (unsigned i = 0; i < ROLE_COUNT; i++)
        if (strcmp(role_names[i], name) == 0) return 1u << i;
    return 0;
}

enum { MAX_MEMBERSHIPS = 64 };
/* A membership's columns, after the user's, in the queries that load a user. */
#define MEMBERSHIP_COLUMNS                                                                         \
    "COALESCE(m.city_id, 0), COALESCE(m.organisation_id, 0), m.role, COALESCE(m.legal_rep, 0)"

/* One membership from columns col..col+3 (city, organisation, role, legal_rep); a row with no
 * role (the LEFT JOIN of a user without memberships) adds none. */
static int add_membership(req *r, user *u, db_rows *rows, int col)
{
    if (!u->memberships) {
        u->memberships = arena_alloc(&r->mem, sizeof(membership) * MAX_MEMBERSHIPS);
        if (!u->memberships) return -1;
    }
    if (db_isnull(rows, col + 2) || u->nmemberships >= MAX_MEMBERSHIPS) return 0;
    membership *m = &u->memberships[u->nmemberships++];
    m->city_id = db_int(rows, col);
    m->organisation_id = db_int(rows, col + 1);
    m->role = role_bit(db_text(rows, col + 2));
    m->legal_rep = db_int(rows, col + 3) != 0;
    u->roles |= m->role;
    return 0;
}

int session_load_memberships(req *r, user *u)
{
    db_rows *rows = db_query(r->db,
                             "SELECT COALESCE(city_id, 0), COALESCE(organisation_id, 0), role, "
                             "legal_rep FROM memberships WHERE user_id = ? ORDER BY id",
                             DB_ARGS(DB_INT(u->id)));
    if (!rows) return -1;
    int rc = 0;
    while (rc == 0 && db_next(rows)) rc = add_membership(r, u, rows, 0);
    return db_rows_close(rows) == DB_OK && rc == 0 ? 0 : -1;
}

static user *user_from_row(req *r, db_rows *rows)
{
    user *u = arena_alloc(&r->mem, sizeof *u);
    if (!u) return NULL;
    u->id = db_int(rows, 0);
    u->email = arena_strdup(&r->mem, db_text(rows, 1));
    u->name = arena_strdup(&r->mem, db_text(rows, 2));
    u->locale = arena_strdup(&r->mem, db_text(rows, 3));
    return u;
}

/* The token a request carries: its API token, else its session cookie; NULL when none. */
static const char *carried_token(req *r, bool *bearer)
{
    const char *auth = req_header(r, "Authorization");
    *bearer = auth && strncasecmp(auth, "Bearer ", 7) == 0;
    if (*bearer) {
        const char *tok = auth + 7;
        while (*tok == ' ') tok++;
        return tok;
    }
    const char *tok = req_cookie(r, "coprog_session");
    return tok && *tok ? tok : NULL;
}

bool session_token_id(req *r, char out[67])
{
    bool bearer;
    const char *tok = carried_token(r, &bearer);
    if (!tok) return false;
    out[0] = bearer ? 'b' : 's';
    token_hash(tok, out + 1);
    return true;
}

static auth_rc load_bearer(req *r, const char *tok)
{
    char h[65];
    token_hash(tok, h);
    if (!r->db) return AUTH_BAD_TOKEN;
    /* The user and their memberships in one round trip: a row per membership. */
    db_rows *rows = db_query(r->db,
                             "SELECT u.id, u.email, u.name, u.locale, t.id, "
                             "COALESCE(t.last_used_at, 0), " MEMBERSHIP_COLUMNS
                             " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                             "LEFT JOIN memberships m ON m.user_id = u.id "
                             "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1 "
                             "ORDER BY m.id",
                             DB_ARGS(DB_TEXT(h)));
    if (!rows) return AUTH_BAD_TOKEN;
    user *u = NULL;
    int64_t token_id = 0, last_used = 0;
    int rc = 0;
    while (rc == 0 && db_next(rows)) {
        if (!u) {
            u = user_from_row(r, rows);
            token_id = db_int(rows, 4);
            last_used = db_int(rows, 5);
        }
        rc = u ? add_membership(r, u, rows, 6) : -1;
    }
    if (db_rows_close(rows) != DB_OK) rc = -1;
    if (!u || rc) return AUTH_BAD_TOKEN;
    /* "Last used" to the minute: reading with a token must not write on every request. The
     * condition is in the statement too, so that of the requests that arrive together only one
     * changes the row: each change makes every page kept anywhere be made again. */
    int64_t now = clock_now_us(), minute = 60 * INT64_C(1000000);
    if (now - last_used >= minute)
        db_exec(r->db,
                "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR "
                "last_used_at <= ?)",
                DB_ARGS(DB_INT(now), DB_INT(token_id), DB_INT(now - minute)), NULL);
    r->user = u;
    r->bearer = true;
    return AUTH_OK;
}

auth_rc session_load(req *r)
{
    bool bearer;
    const char *tok = carried_token(r, &bearer);
    if (bearer) return load_bearer(r, tok);
    r->csrf_cookie = req_cookie(r, "coprog_csrf");
    if (!tok || !r->db) return AUTH_NONE;
    char h[65];
    token_hash(tok, h);
    int64_t now = clock_now_us();
    db_rows *rows =
        db_query(r->db,
                 "SELECT u.id, u.email, u.name, u.locale, s.id, s.csrf_token, " MEMBERSHIP_COLUMNS
                 ", s.expires_at, CASE WHEN s.second_factor_at IS NULL THEN 1 ELSE 0 END, "
                 "(SELECT COUNT(*) FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at "
                 "IS NOT NULL) FROM sessions s JOIN users u ON u.id = "
                 "s.user_id LEFT JOIN memberships m ON m.user_id = u.id "
                 "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1 "
                 "ORDER BY m.id",
                 DB_ARGS(DB_TEXT(h), DB_INT(now)));
    if (!rows) return AUTH_NONE;
    user *u = NULL;
    int rc = 0;
    while (rc == 0 && db_next(rows)) {
        if (!u) {
            u = user_from_row(r, rows);
            if (u) {
                u->session_id = db_int(rows, 4);
                u->csrf = arena_strdup(&r->mem, db_text(rows, 5));
                u->expires_at = db_int(rows, 10);
                u->second_factor_pending = db_int(rows, 11) != 0;
                u->second_factor_enrolled = db_int(rows, 12) != 0;
            }
        }
        rc = u ? add_membership(r, u, rows, 6) : -1;
    }
    if (db_rows_close(rows) != DB_OK) rc = -1;
    if (!u) {
        render_set_cookie(r, "coprog_session", "", COOKIE_DELETE); /* expired or unknown */
        return AUTH_NONE;
    }
    if (rc) return AUTH_NONE;
    /* The roles that decide need the second factor, and so does anyone who turned it on;
     * only where it is required. */
    u->second_factor_pending = u->second_factor_pending && r->app->second_factor_required &&
                               ((u->roles & ROLE_DECIDING) || u->second_factor_enrolled);
    r->user = u;
    return AUTH_OK;
}

int session_second_factor_done(req *r)
{
    if (!r->user) return -1;
    if (!r->user->session_id) return 0; /* an API token has no session to mark */
    return db_exec(r->db, "UPDATE sessions SET second_factor_at = ? WHERE id = ?",
                   DB_ARGS(DB_INT(clock_now_us()), DB_INT(r->user->session_id)), NULL) == DB_OK
               ? 0
               : -1;
}

static int start(req *r, int64_t user_id, bool strong)
{
    char tok[44], csrf[44], h[65];
    token_random(tok);
    token_random(csrf);
    token_hash(tok, h);
    int64_t now = clock_now_us();
    db_rc rc = db_exec(r->db,
                       "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                       "expires_at, last_seen_at, second_factor_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       DB_ARGS(DB_TEXT(h), DB_INT(user_id), DB_TEXT(csrf), DB_INT(now),
                               DB_INT(now + (int64_t)SESSION_TTL_S * 1000000), DB_INT(now),
                               strong ? DB_INT(now) : DB_NULL),
                       NULL);
    if (rc != DB_OK) {
        log_error("session not stored: %s", db_errmsg(r->db));
        return -1;
    }
    /* Old sessions of anyone are pruned as new ones start. */
    db_exec(r->db, "DELETE FROM sessions WHERE expires_at < ?", DB_ARGS(DB_INT(now)), NULL);
    render_set_cookie(r, "coprog_session", arena_strdup(&r->mem, tok), SESSION_TTL_S);
    sodium_memzero(tok, sizeof tok);
    return 0;
}

int session_start(req *r, int64_t user_id)
{
    return start(r, user_id, false);
}

int session_start_strong(req *r, int64_t user_id)
{
    return start(r, user_id, true);
}

void session_end(req *r)
{
    if (r->user && r->user->session_id)
        db_exec(r->db, "DELETE FROM sessions WHERE id = ?", DB_ARGS(DB_INT(r->user->session_id)),
                NULL);
    render_set_cookie(r, "coprog_session", "", COOKIE_DELETE);
}

const char *csrf_token(req *r)
{
    if (r->user && r->user->csrf) return r->user->csrf;
    /* A client with an API token sends no forms and needs no CSRF token: no cookie for it. */
    if (r->bearer) return "";
    /* Every page that shows a form keeps the visitor's token, error pages included. */
    if (!r->csrf_cookie) r->csrf_cookie = req_cookie(r, "coprog_csrf");
    if (r->csrf_cookie && strlen(r->csrf_cookie) == 43) return r->csrf_cookie;
    char t[44];
    token_random(t);
    r->csrf_cookie = arena_strdup(&r->mem, t);
    render_set_cookie(r, "coprog_csrf", r->csrf_cookie, COOKIE_SESSION);
    return r->csrf_cookie;
}

static bool same_origin(req *r)
{
    const char *site = req_header(r, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0) return false;
    const char *origin = req_header(r, "Origin");
    if (!origin || strcmp(origin, "null") == 0) return origin == NULL;
    const char *host = req_header(r, "Host");
    if (!host) return false;
    const char *o = strstr(origin, "://");
    return o && strcmp(o + 3, host) == 0;
}

bool csrf_ok(req *r)
{
    if (!same_origin(r)) return false;
    const char *sent = req_field(r, "_csrf");
    if (!sent) sent = req_header(r, "X-CSRF-Token");
    const char *want = r->user ? r->user->csrf : r->csrf_cookie;
    if (!sent || !want || strlen(sent) != strlen(want) || strlen(want) < 32) return false;
    return sodium_memcmp(sent, want, strlen(want)) == 0;
}

/* Who is asking: sessions (cookie), API tokens (Authorization: Bearer), CSRF tokens.
 * Only SHA-256 hashes of session and API tokens are stored. */
#ifndef COPROG_WEB_SESSION_H
#define COPROG_WEB_SESSION_H

#include "web/request.h"

enum { SESSION_TTL_S = 8 * 3600 };

typedef enum { AUTH_NONE, AUTH_OK, AUTH_BAD_TOKEN } auth_rc;

/* Which token the request carries, without asking the database: 'b' (API token) or 's'
 * (session cookie) and its SHA-256 hex, in out[67]. False when it carries none. */
bool session_token_id(req *r, char out[67]);
/* Sets r->user from the Bearer token or the session cookie. */
auth_rc session_load(req *r);
/* Starts a session for user_id: stores its hash and sets the cookie. 0 or -1. */
int session_start(req *r, int64_t user_id);
/* The same after a sign-in that was already strong (SPID/CIE level 2 or more, itself two
 * factors): no second factor of coprog's is asked on top. */
int session_start_strong(req *r, int64_t user_id);
/* Ends the current session and clears the cookie. */
void session_end(req *r);
/* Marks the request's session as past the second factor. 0 or -1. */
int session_second_factor_done(req *r);
/* Loads memberships into u. */
int session_load_memberships(req *r, user *u);
/* Checks the CSRF token (form field _csrf or X-CSRF-Token header) and the request's
 * Origin / Sec-Fetch-Site. True when the request may change state. */
bool csrf_ok(req *r);
/* The CSRF token forms must carry: the session's, or the anonymous cookie's (set now if
 * missing). */
const char *csrf_token(req *r);
/* 32 random bytes as 43 base64url characters into out[44]. */
void token_random(char out[44]);
/* SHA-256 hex of a token. */
void token_hash(const char *token, char out[65]);

#endif

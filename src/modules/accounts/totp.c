/* The second factor of the roles that decide: TOTP (RFC 6238: HMAC-SHA1, 30-second steps, six
 * digits, what every authenticator app makes), each step accepted once per person, and ten
 * one-time recovery codes kept as SHA-256. */
#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/base32.h"
#include "base/hex.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"

enum { SECRET_BYTES = 20, STEP_S = 30 };

int totp_code(const unsigned char *key, size_t keylen, int64_t step)
{
    unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    for (int i = 7; i >= 0; i--, step >>= 8) msg[i] = (unsigned char)(step & 0xff);
    if (!HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof msg, mac, &len) || len < 20) return -1;
    int off = mac[len - 1] & 0x0f; /* RFC 4226's dynamic truncation */
    unsigned v = ((unsigned)(mac[off] & 0x7f) << 24) | ((unsigned)mac[off + 1] << 16) |
                 ((unsigned)mac[off + 2] << 8) | mac[off + 3];
    return (int)(v % 1000000);
}

static int64_t step_of(int64_t now)
{
    return now / 1000000 / STEP_S;
}

int totp_state(db_conn *c, int64_t user_id, int *recovery_left)
{
    int64_t confirmed = -1, left = 0;
    db_query_int(c,
                 "SELECT CASE WHEN confirmed_at IS NULL THEN 0 ELSE 1 END FROM user_totp WHERE "
                 "user_id = ?",
                 DB_ARGS(DB_INT(user_id)), &confirmed);
    db_query_int(c,
                 "SELECT COUNT(*) FROM user_recovery_codes WHERE user_id = ? AND used_at IS NULL",
                 DB_ARGS(DB_INT(user_id)), &left);
    if (recovery_left) *recovery_left = (int)left;
    return confirmed < 0 ? TOTP_NONE : confirmed ? TOTP_ON : TOTP_PENDING;
}

acc_rc totp_begin(db_conn *c, int64_t user_id, int64_t now, char secret[33])
{
    int64_t confirmed = 0;
    db_rows *r = db_query(c, "SELECT secret, confirmed_at FROM user_totp WHERE user_id = ?",
                          DB_ARGS(DB_INT(user_id)));
    bool found = r && db_next(r);
    if (found) {
        snprintf(secret, 33, "%s", db_text(r, 0));
        confirmed = !db_isnull(r, 1);
    }
    if (db_rows_close(r) != DB_OK) return ACC_ERROR;
    if (confirmed) return ACC_EXISTS;
    if (found) return ACC_OK; /* the secret shown before, until it is confirmed */
    unsigned char raw[SECRET_BYTES];
    randombytes_buf(raw, sizeof raw);
    base32_encode(raw, sizeof raw, secret);
    sodium_memzero(raw, sizeof raw);
    return db_exec(c,
                   "INSERT INTO user_totp (user_id, secret, created_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (user_id) DO NOTHING",
                   DB_ARGS(DB_INT(user_id), DB_TEXT(secret), DB_INT(now)), NULL) == DB_OK
               ? ACC_OK
               : ACC_ERROR;
}

/* Six digits, spaces allowed between them; -1 otherwise. */
static int six_digits(const char *s)
{
    int v = 0, n = 0;
    for (; s && *s; s++) {
        if (*s == ' ') continue;
        if (!isdigit((unsigned char)*s) || ++n > 6) return -1;
        v = v * 10 + (*s - '0');
    }
    return n == 6 ? v : -1;
}

/* Takes the step of code (now, the one before or the one after, for clocks a little apart)
 * when it is later than the last one taken: a code works once. */
static acc_rc take_step(db_conn *c, int64_t user_id, int code, bool confirming, int64_t now)
{
    char b32[33];
    unsigned char key[SECRET_BYTES + 8];
    db_rows *r =
        db_query(c,
                 "SELECT secret FROM user_totp WHERE user_id = ? AND CASE WHEN confirmed_at IS "
                 "NULL THEN 1 ELSE 0 END = ?",
                 DB_ARGS(DB_INT(user_id), DB_INT(confirming)));
    bool found = r && db_next(r);
    if (found) snprintf(b32, sizeof b32, "%s", db_text(r, 0));
    if (db_rows_close(r) != DB_OK) return ACC_ERROR;
    int keylen = found ? base32_decode(b32, key, sizeof key) : -1;
    if (keylen <= 0) return ACC_BAD_LOGIN;
    acc_rc rc = ACC_BAD_LOGIN;
    for (int64_t s = step_of(now) - 1; s <= step_of(now) + 1 && rc == ACC_BAD_LOGIN; s++) {
        if (totp_code(key, (size_t)keylen, s) != code) continue;
        int64_t changed = 0;
        if (db_exec(c, "UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?",
                    DB_ARGS(DB_INT(s), DB_INT(user_id), DB_INT(s)), &changed) != DB_OK)
            rc = ACC_ERROR;
        else if (changed)
            rc = ACC_OK;
    }
    sodium_memzero(key, sizeof key);
    return rc;
}

static void recovery_hash(const char *code, char out[65])
{
    char norm[32];
    size_t n = 0;
    for (; *code && n + 1 < sizeof norm; code++)
        if (isalnum((unsigned char)*code)) norm[n++] = (char)tolower((unsigned char)*code);
    norm[n] = '\0';
    sha256_hex(norm, n, out);
}

acc_rc totp_confirm(db_conn *c, int64_t user_id, const char *code, int64_t now,
                    char recovery[TOTP_RECOVERY_CODES][12])
{
    int v = six_digits(code);
    if (v < 0) return ACC_BAD_LOGIN;
    acc_rc rc = take_step(c, user_id, v, true, now);
    if (rc != ACC_OK) return rc;
    if (db_exec(c, "UPDATE user_totp SET confirmed_at = ? WHERE user_id = ?",
                DB_ARGS(DB_INT(now), DB_INT(user_id)), NULL) != DB_OK ||
        db_exec(c, "DELETE FROM user_recovery_codes WHERE user_id = ?", DB_ARGS(DB_INT(user_id)),
                NULL) != DB_OK)
        return ACC_ERROR;
    for (int i = 0; i < TOTP_RECOVERY_CODES; i++) {
        unsigned char raw[6];
        char b32[16], h[65];
        randombytes_buf(raw, sizeof raw);
        base32_encode(raw, sizeof raw, b32); /* 10 letters and digits */
        for (char *p = b32; *p; p++) *p = (char)tolower((unsigned char)*p);
        snprintf(recovery[i], 12, "%.5s-%.5s", b32, b32 + 5);
        recovery_hash(recovery[i], h);
        if (db_exec(c,
                    "INSERT INTO user_recovery_codes (user_id, code_hash, created_at) VALUES (?, "
                    "?, ?)",
                    DB_ARGS(DB_INT(user_id), DB_TEXT(h), DB_INT(now)), NULL) != DB_OK)
            return ACC_ERROR;
    }
    return audit_append(c, 0, user_id, "second_factor_on", "user", user_id, NULL) ? ACC_ERROR
                                                                                  : ACC_OK;
}

acc_rc totp_check(db_conn *c, int64_t user_id, const char *code, int64_t now, bool *recovery)
{
    *recovery = false;
    int v = six_digits(code);
    if (v >= 0) return take_step(c, user_id, v, false, now);
    if (!code || strlen(code) > 20) return ACC_BAD_LOGIN;
    char h[65];
    recovery_hash(code, h);
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE user_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? "
                "AND used_at IS NULL",
                DB_ARGS(DB_INT(now), DB_INT(user_id), DB_TEXT(h)), &changed) != DB_OK)
        return ACC_ERROR;
    *recovery = changed == 1;
    return changed == 1 ? ACC_OK : ACC_BAD_LOGIN;
}

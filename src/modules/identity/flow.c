/* The SPID/CIE OpenID Connect sign-in as AgID's guidelines have it: a signed request object
 * with PKCE S256, state and nonce of 43 characters, acr_values for the level asked; the code
 * exchanged with private_key_jwt; the ID token checked (issuer, audience, time, nonce, level)
 * and the userinfo taken only as a JWE wrapping a JWS signed by the provider, whose keys come
 * from its trust chain. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "modules/identity/fetch.h"
#include "modules/identity/identity.h"
#include "modules/identity/jose.h"

enum {
    REQUEST_TTL_S = 600,   /* how long a browser has to come back from the provider */
    ASSERTION_TTL_S = 300, /* the client assertion and the request object */
    CLOCK_SKEW_S = 60,
};
static const char FISCAL_NUMBER[] = "https://attributes.eid.gov.it/fiscal_number";
static const char ACR_PREFIX[] = "https://www.spid.gov.it/SpidL";

static void random_token(char out[44])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, 44, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

static char *signed_by_rp(db_conn *c, json_t *payload, const char *typ)
{
    EVP_PKEY *k = identity_key(c, "oidc-sig");
    json_t *jwk = k ? identity_jwk(k, "oidc-sig") : NULL;
    json_t *header = jwk ? json_pack("{s:O}", "kid", json_object_get(jwk, "kid")) : NULL;
    if (header && typ) json_object_set_new(header, "typ", json_string(typ));
    char *jwt = header ? jose_sign(header, payload, k) : NULL;
    json_decref(header);
    json_decref(jwk);
    EVP_PKEY_free(k);
    return jwt;
}

static const char *md_text(const identity_chain *ch, const char *key)
{
    return json_string_value(json_object_get(ch->metadata, key));
}

/* The provider's metadata through its chain, logged; the issuer must be the provider itself. */
static int provider_metadata(db_conn *c, const identity_rp *rp, const char *provider,
                             const char *state, int64_t now_us, identity_chain *ch,
                             const char **why)
{
    if (identity_resolve(provider, "openid_provider", rp->trust, now_us / 1000000, ch, why)) {
        identity_log(c, provider, "refused", state, json_pack("{s:s}", "reason", *why), now_us);
        return -1;
    }
    const char *issuer = md_text(ch, "issuer");
    if (!issuer || strcmp(issuer, provider) != 0 || !md_text(ch, "authorization_endpoint") ||
        !identity_url_allowed(md_text(ch, "token_endpoint")) ||
        !identity_url_allowed(md_text(ch, "userinfo_endpoint")) ||
        !json_object_get(ch->metadata, "jwks")) {
        *why = "identity.provider_metadata";
        identity_chain_free(ch);
        return -1;
    }
    identity_log(c, provider, "trust_chain", state,
                 json_pack("{s:O,s:I}", "trust_chain", ch->statements, "exp", (json_int_t)ch->exp),
                 now_us);
    return 0;
}

char *identity_authorize(db_conn *c, const identity_rp *rp, const char *provider, int level,
                         const char *next, int64_t now_us, char state[44], const char **why)
{
    identity_chain ch;
    char nonce[44], verifier[44], challenge[44], acr[64], jti[44];
    random_token(state);
    random_token(nonce);
    random_token(verifier);
    random_token(jti); /* its own: nothing of the verifier leaves coprog before the token */
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
    sodium_bin2base64(challenge, sizeof challenge, h, sizeof h,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(acr, sizeof acr, "%s%d", ACR_PREFIX, level == 3 ? 3 : 2);
    if (provider_metadata(c, rp, provider, state, now_us, &ch, why)) return NULL;
    int64_t now = now_us / 1000000;
    char redirect[512];
    snprintf(redirect, sizeof redirect, "%s/oidc/callback", rp->entity_id);
    json_t *claims = json_pack("{s:{s:{s:b},s:n,s:n,s:n}}", "userinfo", FISCAL_NUMBER, "essential",
                               1, "given_name", "family_name", "email");
    json_t *ro =
        json_pack("{s:s,s:[s,s],s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:I,s:I,s:s}", "iss",
                  rp->entity_id, "aud", md_text(&ch, "issuer"),
                  md_text(&ch, "authorization_endpoint"), "client_id", rp->entity_id,
                  "response_type", "code", "scope", "openid", "redirect_uri", redirect, "state",
                  state, "nonce", nonce, "code_challenge", challenge, "code_challenge_method",
                  "S256", "acr_values", acr, "claims", claims, "prompt", "consent login", "iat",
                  (json_int_t)now, "exp", (json_int_t)now + ASSERTION_TTL_S, "jti", jti);
    char *jwt = ro ? signed_by_rp(c, ro, "oauth-authz-req+jwt") : NULL;
    char *url = NULL, *cid = identity_form_escape(rp->entity_id);
    *why = "identity.unavailable";
    if (jwt && cid &&
        db_exec(c,
                "INSERT INTO oidc_requests (state, nonce, code_verifier, provider, acr, next, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_TEXT(state), DB_TEXT(nonce), DB_TEXT(verifier), DB_TEXT(provider),
                        DB_TEXT(acr), DB_TEXT(next ? next : "/"), DB_INT(now_us)),
                NULL) == DB_OK) {
        const char *ep = md_text(&ch, "authorization_endpoint");
        if (asprintf(&url,
                     "%s%sclient_id=%s&response_type=code&scope=openid&code_challenge=%s&"
                     "code_challenge_method=S256&request=%s",
                     ep, strchr(ep, '?') ? "&" : "?", cid, challenge, jwt) < 0)
            url = NULL;
        /* What was asked, without the nonce and the challenge's verifier. */
        json_object_del(ro, "nonce");
        json_object_del(ro, "jti");
        identity_log(c, provider, "authorization_request", state, json_incref(ro), now_us);
        db_exec(c, "DELETE FROM oidc_requests WHERE created_at < ?",
                DB_ARGS(DB_INT(now_us - (int64_t)86400 * 1000000)), NULL);
        *why = url ? NULL : "identity.unavailable";
    }
    free(cid);
    free(jwt);
    json_decref(ro);
    identity_chain_free(&ch);
    sodium_memzero(verifier, sizeof verifier);
    return url;
}

/* The request a state names, taken once: a second answer with it is a replay. */
typedef struct pending {
    char nonce[64], verifier[132], provider[512], acr[64], next[256];
} pending;

static int take_state(db_conn *c, const char *state, int64_t now_us, pending *p, const char **why)
{
    db_rows *r = db_query(
        c,
        "UPDATE oidc_requests SET used_at = ? WHERE state = ? AND used_at IS "
        "NULL AND created_at > ? RETURNING nonce, code_verifier, provider, acr, "
        "next",
        DB_ARGS(DB_INT(now_us), DB_TEXT(state), DB_INT(now_us - (int64_t)REQUEST_TTL_S * 1000000)));
    bool found = r && db_next(r);
    if (found) {
        snprintf(p->nonce, sizeof p->nonce, "%s", db_text(r, 0));
        snprintf(p->verifier, sizeof p->verifier, "%s", db_text(r, 1));
        snprintf(p->provider, sizeof p->provider, "%s", db_text(r, 2));
        snprintf(p->acr, sizeof p->acr, "%s", db_text(r, 3));
        snprintf(p->next, sizeof p->next, "%s", db_text(r, 4));
    }
    db_rows_close(r);
    if (found) return 0;
    int64_t used = 0;
    db_query_int(c, "SELECT 1 FROM oidc_requests WHERE state = ? AND used_at IS NOT NULL",
                 DB_ARGS(DB_TEXT(state)), &used);
    *why = used ? "identity.state_replayed" : "identity.state_unknown";
    return -1;
}

static bool audience_is(const json_t *claims, const char *who)
{
    json_t *aud = json_object_get(claims, "aud");
    if (json_is_string(aud)) return !strcmp(json_string_value(aud), who);
    size_t i;
    json_t *a;
    json_array_foreach(aud, i,
                       a) if (json_is_string(a) && !strcmp(json_string_value(a), who)) return true;
    return false;
}

static int acr_level(const char *acr)
{
    size_t n = sizeof ACR_PREFIX - 1;
    if (!acr || strncmp(acr, ACR_PREFIX, n) != 0 || !acr[n] || acr[n + 1]) return 0;
    return acr[n] >= '1' && acr[n] <= '3' ? acr[n] - '0' : 0;
}

static json_t *token_request(db_conn *c, const identity_rp *rp, const identity_chain *ch,
                             const char *code, const pending *p, int64_t now, const char **why)
{
    const char *token_ep = md_text(ch, "token_endpoint");
    char jti[44];
    random_token(jti);
    json_t *claims = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I}", "iss", rp->entity_id, "sub",
                               rp->entity_id, "aud", token_ep, "jti", jti, "iat", (json_int_t)now,
                               "exp", (json_int_t)now + ASSERTION_TTL_S);
    char *assertion = signed_by_rp(c, claims, NULL);
    json_decref(claims);
    char redirect[512];
    snprintf(redirect, sizeof redirect, "%s/oidc/callback", rp->entity_id);
    char *e_code = identity_form_escape(code), *e_redirect = identity_form_escape(redirect),
         *e_cid = identity_form_escape(rp->entity_id), *form = NULL;
    json_t *answer = NULL;
    *why = "identity.token_refused";
    if (assertion && e_code && e_redirect && e_cid &&
        asprintf(&form,
                 "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s&"
                 "client_id=%s&client_assertion_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Aclient-"
                 "assertion-type%%3Ajwt-bearer&client_assertion=%s",
                 e_code, e_redirect, p->verifier, e_cid, assertion) > 0) {
        fetched f;
        if (identity_fetch(token_ep, form, NULL, &f) == 0 && f.status == 200)
            answer = json_loadb(f.body, f.len, 0, NULL);
        identity_fetched_free(&f);
    }
    if (form) sodium_memzero(form, strlen(form));
    free(form);
    free(assertion);
    free(e_code);
    free(e_redirect);
    free(e_cid);
    return answer;
}

/* The ID token's claims, when they are the provider's for this request. */
static json_t *id_token_claims(const identity_chain *ch, const identity_rp *rp, const char *jwt,
                               const pending *p, int64_t now, const char **why)
{
    json_t *claims = jose_verify(jwt, json_object_get(ch->metadata, "jwks"), NULL, why);
    if (!claims) return NULL;
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    const char *nonce = json_string_value(json_object_get(claims, "nonce"));
    json_int_t exp = json_integer_value(json_object_get(claims, "exp"));
    json_int_t iat = json_integer_value(json_object_get(claims, "iat"));
    if (!iss || strcmp(iss, md_text(ch, "issuer")) != 0 || !audience_is(claims, rp->entity_id))
        *why = "identity.token_not_ours";
    else if (exp <= now || iat > now + CLOCK_SKEW_S)
        *why = "identity.token_expired";
    else if (!nonce || strcmp(nonce, p->nonce) != 0)
        *why = "identity.nonce_wrong";
    else if (acr_level(json_string_value(json_object_get(claims, "acr"))) < acr_level(p->acr))
        *why = "identity.level_low";
    else if (!json_is_string(json_object_get(claims, "sub")))
        *why = "identity.token_not_ours";
    else
        return claims;
    json_decref(claims);
    return NULL;
}

/* The userinfo: only a JWE for coprog's encryption key wrapping a JWS of the provider. */
static json_t *userinfo_claims(db_conn *c, const identity_rp *rp, const identity_chain *ch,
                               const char *access_token, const char *sub, const char **why)
{
    fetched f;
    json_t *claims = NULL;
    *why = "identity.userinfo_refused";
    if (identity_fetch(md_text(ch, "userinfo_endpoint"), NULL, access_token, &f) != 0 ||
        f.status != 200) {
        identity_fetched_free(&f);
        return NULL;
    }
    size_t dots = 0;
    for (const char *q = f.body; *q; q++) dots += *q == '.';
    if (dots != 4) {
        /* A plain JSON or a JWS alone: the encryption the metadata asks for was dropped. */
        *why = "identity.userinfo_not_encrypted";
        identity_fetched_free(&f);
        return NULL;
    }
    EVP_PKEY *k = identity_key(c, "oidc-enc");
    size_t len = 0;
    char *inner = k ? jose_decrypt(f.body, k, &len, why) : NULL;
    EVP_PKEY_free(k);
    identity_fetched_free(&f);
    if (inner) claims = jose_verify(inner, json_object_get(ch->metadata, "jwks"), NULL, why);
    free(inner);
    const char *iss = json_string_value(json_object_get(claims, "iss"));
    const char *s = json_string_value(json_object_get(claims, "sub"));
    if (claims && (!iss || strcmp(iss, md_text(ch, "issuer")) != 0 || !s || strcmp(s, sub) != 0 ||
                   (json_object_get(claims, "aud") && !audience_is(claims, rp->entity_id)))) {
        *why = "identity.userinfo_not_ours";
        json_decref(claims);
        claims = NULL;
    }
    return claims;
}

static void copy_claim(char *out, size_t n, const json_t *claims, const char *name)
{
    const char *v = json_string_value(json_object_get(claims, name));
    snprintf(out, n, "%s", v ? v : "");
}

int identity_complete(db_conn *c, const identity_rp *rp, const char *state, const char *code,
                      const char *iss, int64_t now_us, identity_person *who, const char **why)
{
    *who = (identity_person){0};
    pending p;
    if (!state || !code || !*code) {
        *why = "identity.state_unknown";
        return -1;
    }
    if (take_state(c, state, now_us, &p, why)) return -1;
    /* RFC 9207: an answer naming another issuer is a mix-up. */
    if (iss && strcmp(iss, p.provider) != 0) {
        *why = "identity.token_not_ours";
        identity_log(c, p.provider, "refused", state, json_pack("{s:s}", "reason", *why), now_us);
        return -1;
    }
    identity_chain ch;
    if (provider_metadata(c, rp, p.provider, state, now_us, &ch, why)) return -1;
    int64_t now = now_us / 1000000;
    json_t *token = token_request(c, rp, &ch, code, &p, now, why);
    const char *id_token = json_string_value(json_object_get(token, "id_token"));
    const char *access = json_string_value(json_object_get(token, "access_token"));
    json_t *idc = NULL, *info = NULL;
    int rc = -1;
    if (!id_token || !access) goto done;
    identity_log(c, p.provider, "token_response", state,
                 json_pack("{s:O?,s:O?,s:O?}", "token_type", json_object_get(token, "token_type"),
                           "expires_in", json_object_get(token, "expires_in"), "scope",
                           json_object_get(token, "scope")),
                 now_us);
    if (!(idc = id_token_claims(&ch, rp, id_token, &p, now, why))) goto done;
    identity_log(c, p.provider, "id_token", state, json_incref(idc), now_us);
    const char *sub = json_string_value(json_object_get(idc, "sub"));
    if (!(info = userinfo_claims(c, rp, &ch, access, sub, why))) goto done;
    identity_log(c, p.provider, "userinfo", state, json_incref(info), now_us);
    const char *fiscal = json_string_value(json_object_get(info, FISCAL_NUMBER));
    /* "TINIT-" and a codice fiscale; other countries' numbers match no account here. */
    if (!fiscal || strncmp(fiscal, "TINIT-", 6) != 0 ||
        check_cf_person(fiscal + 6, who->tax_code) != CHECK_OK) {
        *why = "identity.no_fiscal_number";
        goto done;
    }
    copy_claim(who->given_name, sizeof who->given_name, info, "given_name");
    copy_claim(who->family_name, sizeof who->family_name, info, "family_name");
    snprintf(who->next, sizeof who->next, "%s", p.next);
    who->level = acr_level(json_string_value(json_object_get(idc, "acr")));
    rc = 0;
    *why = NULL;
done:
    if (rc)
        identity_log(c, p.provider, "refused", state, json_pack("{s:s}", "reason", *why), now_us);
    json_decref(token);
    json_decref(idc);
    json_decref(info);
    identity_chain_free(&ch);
    return rc;
}

void identity_log(db_conn *c, const char *provider, const char *kind, const char *state,
                  json_t *content, int64_t now_us)
{
    char hash[65] = "";
    if (state) {
        unsigned char h[32];
        crypto_hash_sha256(h, (const unsigned char *)state, strlen(state));
        sodium_bin2hex(hash, sizeof hash, h, sizeof h);
    }
    char *text = content ? json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(content);
    if (!text) return;
    db_exec(c,
            "INSERT INTO oidc_log (at, provider, kind, state_hash, content) VALUES (?, ?, ?, ?, ?)",
            DB_ARGS(DB_INT(now_us), DB_TEXT(provider), DB_TEXT(kind),
                    state ? DB_TEXT(hash) : DB_NULL, DB_TEXT(text)),
            NULL);
    free(text);
    /* Kept 24 months, as the federation's rules ask, then dropped. */
    db_exec(c, "DELETE FROM oidc_log WHERE at < ?",
            DB_ARGS(DB_INT(now_us - (int64_t)731 * 86400 * 1000000)), NULL);
}

int64_t identity_account(db_conn *c, const char *tax_code)
{
    int64_t uid = 0;
    db_query_int(c, "SELECT id FROM users WHERE tax_code = ? AND active = 1",
                 DB_ARGS(DB_TEXT(tax_code)), &uid);
    return uid;
}

#include "modules/identity/routes.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/audit/audit.h"
#include "modules/identity/fetch.h"
#include "modules/identity/identity.h"
#include "modules/identity/jose.h"
#include "web/app.h"
#include "web/render.h"
#include "web/session.h"

/* The cookie that ties a provider's answer to the browser that asked (a sign-in started by
 * someone else and finished in this browser is refused). */
static const char STATE_COOKIE[] = "coprog_oidc";
enum { STATE_COOKIE_S = 600 };

/* coprog's entity id: the public address given with --base-url, without trailing slashes;
 * https, or this machine's loopback for tests. NULL when there is none. */
static const char *entity_id(req *r)
{
    const char *base = r->app->base_url;
    if (!base || !identity_url_allowed(base)) return NULL;
    char *entity = arena_strdup(&r->mem, base);
    size_t n = strlen(entity);
    while (n > 8 && entity[n - 1] == '/') entity[--n] = '\0';
    return entity;
}

/* /.well-known/openid-federation: the entity configuration, for the federation's authorities
 * and the identity providers. */
int identity_entity_configuration_page(req *r)
{
    const char *entity = entity_id(r);
    if (!entity) return req_error(r, 404, "identity.no_https");
    identity_config cfg = {.entity_id = entity,
                           .organization = r->app->federation_organization
                                               ? r->app->federation_organization
                                               : "coprog",
                           .authority = r->app->federation_authority,
                           .contact = r->app->mail_from ? r->app->mail_from : "",
                           .trust_marks = r->app->trust_marks};
    char *jwt = identity_entity_configuration(r->db, &cfg, clock_now_us() / 1000000);
    if (!jwt) return -1;
    int rc = req_send_file(r, jwt, strlen(jwt), "application/entity-statement+jwt", NULL);
    free(jwt);
    return rc;
}

static bool relying_party(req *r, identity_rp *rp, identity_trust *t)
{
    *t = (identity_trust){.anchor = r->app->trust_anchor,
                          .anchor_jwks = r->app->trust_anchor_jwks,
                          .provider_mark = r->app->provider_trust_mark};
    *rp = (identity_rp){.entity_id = entity_id(r), .trust = t};
    return t->anchor && rp->entity_id;
}

/* A provider offered on the sign-in page, by its entity id; NULL for any other. */
static const char *offered(req *r, const char *url)
{
    for (int i = 0; url && i < r->app->nidentity_providers; i++)
        if (!strcmp(r->app->identity_providers[i].url, url))
            return r->app->identity_providers[i].url;
    return NULL;
}

/* GET /oidc/login?provider=URL[&level=3][&next=/path]: to the provider, with the request. */
int identity_login_start(req *r)
{
    identity_rp rp;
    identity_trust t;
    if (!relying_party(r, &rp, &t)) return req_error(r, 404, "identity.not_configured");
    const char *provider = offered(r, req_field(r, "provider"));
    if (!provider) return req_error(r, 404, "identity.provider_unknown");
    const char *level = req_field(r, "level"), *next = req_field(r, "next");
    if (!req_local_path(next)) next = "/";
    char state[44];
    const char *why = NULL;
    char *url = identity_authorize(r->db, &rp, provider, level && !strcmp(level, "3") ? 3 : 2, next,
                                   clock_now_us(), state, &why);
    if (!url) return req_error(r, 502, why);
    render_set_cookie(r, STATE_COOKIE, arena_strdup(&r->mem, state), STATE_COOKIE_S);
    r->status = 303;
    req_redirect(r, arena_strdup(&r->mem, url), NULL);
    free(url);
    return 0;
}

static int refused(req *r, int status, const char *why)
{
    render_set_cookie(r, STATE_COOKIE, "", COOKIE_DELETE);
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "reason", json_string(req_t(r, why)));
    r->status = status;
    r->template = "identity/refused";
    r->title_key = "identity.refused_title";
    return 0;
}

/* GET /oidc/callback: the provider's answer. A known person is signed in; anyone else is told
 * what to do. */
int identity_callback(req *r)
{
    identity_rp rp;
    identity_trust t;
    if (!relying_party(r, &rp, &t)) return req_error(r, 404, "identity.not_configured");
    const char *state = req_field(r, "state"), *cookie = req_cookie(r, STATE_COOKIE);
    if (req_field(r, "error")) {
        /* The person cancelled at the provider, or the provider refused: nothing to keep. */
        const char *e = req_field(r, "error");
        return refused(
            r, 400, !strcmp(e, "access_denied") ? "identity.cancelled" : "identity.provider_error");
    }
    if (!state || !cookie || strlen(state) != strlen(cookie) ||
        sodium_memcmp(state, cookie, strlen(state)) != 0)
        return refused(r, 400, "identity.other_browser");
    identity_person who;
    const char *why = NULL;
    if (identity_complete(r->db, &rp, state, req_field(r, "code"), req_field(r, "iss"),
                          clock_now_us(), &who, &why))
        return refused(r, 400, why);
    render_set_cookie(r, STATE_COOKIE, "", COOKIE_DELETE);
    int64_t uid = identity_account(r->db, who.tax_code);
    if (!uid) {
        /* A first sign-in with no account: what to do, with the tax code shown masked. */
        if (!r->view) r->view = json_object();
        char masked[17];
        snprintf(masked, sizeof masked, "%.6s******%.4s", who.tax_code, who.tax_code + 12);
        json_object_set_new(r->view, "tax_code", json_string(masked));
        json_object_set_new(r->view, "given_name", json_string(who.given_name));
        r->status = 403;
        r->template = "identity/no_account";
        r->title_key = "identity.no_account_title";
        return 0;
    }
    json_t *detail = json_pack("{s:i}", "spid_level", who.level);
    int rc = db_begin(r->db) == DB_OK && !session_start_strong(r, uid) &&
                     !audit_append(r->db, 0, uid, "login_spid", "user", uid, detail) &&
                     db_commit(r->db) == DB_OK
                 ? 0
                 : -1;
    json_decref(detail);
    if (rc) {
        db_rollback(r->db);
        return -1;
    }
    return req_redirect(r, req_local_path(who.next) ? arena_strdup(&r->mem, who.next) : "/",
                        "login.welcome");
}

/* GET /resolve?sub=URL&trust_anchor=URL (OpenID Federation 1.0 §8.3): the subject's resolved
 * metadata and its trust chain, signed by coprog's federation key. */
int identity_resolve_page(req *r)
{
    identity_rp rp;
    identity_trust t;
    if (!relying_party(r, &rp, &t)) return req_error(r, 404, "identity.not_configured");
    const char *sub = req_field(r, "sub"), *anchor = req_field(r, "trust_anchor");
    const char *type = req_field(r, "entity_type");
    if (!sub || !anchor) return req_error(r, 400, "identity.resolve_wants");
    if (strcmp(anchor, t.anchor) != 0) return req_error(r, 404, "identity.anchor_unknown");
    if (!type) type = "openid_provider";
    int64_t now = clock_now_us() / 1000000;
    identity_chain ch;
    const char *why = NULL;
    if (identity_resolve(sub, type, &t, now, &ch, &why)) return req_error(r, 404, why);
    json_t *payload = json_pack("{s:s,s:s,s:I,s:I,s:{s:O},s:O}", "iss", rp.entity_id, "sub", sub,
                                "iat", (json_int_t)now, "exp", (json_int_t)ch.exp, "metadata", type,
                                ch.metadata, "trust_chain", ch.statements);
    identity_chain_free(&ch);
    EVP_PKEY *k = identity_key(r->db, "federation");
    json_t *jwk = k ? identity_jwk(k, "federation") : NULL;
    json_t *head = jwk ? json_pack("{s:O,s:s}", "kid", json_object_get(jwk, "kid"), "typ",
                                   "resolve-response+jwt")
                       : NULL;
    char *jwt = head && payload ? jose_sign(head, payload, k) : NULL;
    json_decref(head);
    json_decref(jwk);
    json_decref(payload);
    EVP_PKEY_free(k);
    if (!jwt) return -1;
    int rc = req_send_file(r, jwt, strlen(jwt), "application/resolve-response+jwt", NULL);
    free(jwt);
    return rc;
}

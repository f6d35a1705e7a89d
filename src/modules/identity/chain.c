/* Trust chains of the OpenID Federation (1.0, §10): from a provider's entity configuration up
 * its authority_hints, each superior's subordinate statement vouching for the keys below it,
 * to a trust anchor whose keys coprog was given; the superiors' metadata policies applied
 * top-down to the provider's metadata (§6.1); the provider's trust mark checked when one is
 * required; the chain valid until its earliest expiry, and kept in memory until then. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/identity/fetch.h"
#include "modules/identity/identity.h"
#include "modules/identity/jose.h"
#include "modules/identity/policy.h"

/* Intermediates between a provider and its anchor: the federation has at most one or two. */
enum { CHAIN_MAX_DEPTH = 4, CLOCK_SKEW_S = 60, CACHED_CHAINS = 16 };

typedef struct walk {
    const identity_trust *trust;
    int64_t now, exp;
    json_t *statements; /* leaf configuration, subordinate statements, anchor configuration */
    json_t *policies;   /* the subordinate statements' metadata_policy, top-down */
    const char *why;
} walk;

static char *fetch_jwt(const char *url, walk *w)
{
    fetched f;
    if (identity_fetch(url, NULL, NULL, &f) != 0 || f.status != 200) {
        identity_fetched_free(&f);
        w->why = "identity.chain_unreachable";
        return NULL;
    }
    return f.body; /* the caller frees it */
}

static bool in_time(const json_t *p, walk *w)
{
    json_int_t exp = json_integer_value(json_object_get(p, "exp"));
    json_int_t iat = json_integer_value(json_object_get(p, "iat"));
    if (exp <= w->now || iat > w->now + CLOCK_SKEW_S) {
        w->why = "identity.chain_expired";
        return false;
    }
    if (!w->exp || exp < w->exp) w->exp = exp;
    return true;
}

static bool names(const json_t *p, const char *iss, const char *sub, walk *w)
{
    const char *i = json_string_value(json_object_get(p, "iss"));
    const char *s = json_string_value(json_object_get(p, "sub"));
    if (i && s && !strcmp(i, iss) && !strcmp(s, sub)) return true;
    w->why = "identity.chain_subject";
    return false;
}

/* The verified entity configuration of id, and the keys vouched for it in *keys. */
static json_t *configuration(const char *id, walk *w, int depth, json_t **keys)
{
    if (depth > CHAIN_MAX_DEPTH || strlen(id) > 400 || !identity_url_allowed(id)) {
        w->why = "identity.chain_broken";
        return NULL;
    }
    char url[512];
    snprintf(url, sizeof url, "%s/.well-known/openid-federation", id);
    char *jwt = fetch_jwt(url, w);
    if (!jwt) return NULL;
    json_t *vouched = NULL, *payload = NULL;
    if (!strcmp(id, w->trust->anchor)) {
        vouched = json_deep_copy(w->trust->anchor_jwks);
        json_array_append_new(w->statements, json_string(jwt));
    } else {
        /* Which superiors it names is read before its signature can be checked: the keys to
         * check it with come from them. */
        const char *dot = strchr(jwt, '.'), *dot2 = dot ? strchr(dot + 1, '.') : NULL;
        json_t *claimed = dot2 ? jose_part(dot + 1, (size_t)(dot2 - dot - 1)) : NULL;
        json_t *hints = json_object_get(claimed, "authority_hints");
        size_t i;
        json_t *hint;
        json_array_foreach(hints, i, hint)
        {
            const char *sup_id = json_string_value(hint);
            json_t *sup_keys = NULL;
            json_t *sup = sup_id ? configuration(sup_id, w, depth + 1, &sup_keys) : NULL;
            const char *endpoint = json_string_value(json_object_get(
                json_object_get(json_object_get(sup, "metadata"), "federation_entity"),
                "federation_fetch_endpoint"));
            char *esc = identity_form_escape(id), *fetch_url = NULL, *ss_jwt = NULL;
            json_t *ss = NULL;
            if (sup_id && endpoint && esc && identity_url_allowed(endpoint) &&
                asprintf(&fetch_url, "%s%ssub=%s", endpoint, strchr(endpoint, '?') ? "&" : "?",
                         esc) > 0 &&
                (ss_jwt = fetch_jwt(fetch_url, w)) &&
                (ss = jose_verify(ss_jwt, sup_keys, NULL, &w->why)) && names(ss, sup_id, id, w) &&
                in_time(ss, w) &&
                json_is_array(json_object_get(json_object_get(ss, "jwks"), "keys"))) {
                vouched = json_incref(json_object_get(ss, "jwks"));
                json_array_insert_new(w->statements, 0, json_string(ss_jwt));
                json_t *pol = json_object_get(ss, "metadata_policy");
                if (pol) json_array_append(w->policies, pol);
                json_t *md = json_object_get(ss, "metadata");
                if (md) json_array_append_new(w->policies, json_pack("{s:O}", "metadata", md));
            }
            free(esc);
            free(fetch_url);
            free(ss_jwt);
            json_decref(ss);
            json_decref(sup);
            json_decref(sup_keys);
            if (vouched) break;
        }
        json_decref(claimed);
        if (vouched) json_array_insert_new(w->statements, 0, json_string(jwt));
    }
    if (vouched && (payload = jose_verify(jwt, vouched, NULL, &w->why)) &&
        (!names(payload, id, id, w) || !in_time(payload, w))) {
        json_decref(payload);
        payload = NULL;
    }
    if (!vouched && !w->why) w->why = "identity.chain_broken";
    free(jwt);
    if (payload)
        *keys = vouched;
    else
        json_decref(vouched);
    return payload;
}

/* The chains resolved, until their earliest expiry. */
static struct cached {
    char subject[400], anchor[400];
    json_t *metadata, *statements;
    int64_t exp;
} cache[CACHED_CHAINS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool from_cache(const char *subject, const identity_trust *t, int64_t now,
                       identity_chain *out)
{
    bool hit = false;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CACHED_CHAINS && !hit; i++)
        if (cache[i].metadata && cache[i].exp > now && !strcmp(cache[i].subject, subject) &&
            !strcmp(cache[i].anchor, t->anchor)) {
            out->metadata = json_deep_copy(cache[i].metadata);
            out->statements = json_deep_copy(cache[i].statements);
            out->exp = cache[i].exp;
            hit = out->metadata && out->statements;
        }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void to_cache(const char *subject, const identity_trust *t, const identity_chain *c)
{
    if (strlen(subject) >= sizeof cache[0].subject || strlen(t->anchor) >= sizeof cache[0].anchor)
        return;
    pthread_mutex_lock(&cache_lock);
    int slot = 0; /* the same subject's place, else the one that expires first */
    for (int i = 0; i < CACHED_CHAINS; i++) {
        if (!strcmp(cache[i].subject, subject) && !strcmp(cache[i].anchor, t->anchor)) {
            slot = i;
            break;
        }
        if (cache[i].exp < cache[slot].exp) slot = i;
    }
    struct cached *e = &cache[slot];
    json_decref(e->metadata);
    json_decref(e->statements);
    snprintf(e->subject, sizeof e->subject, "%s", subject);
    snprintf(e->anchor, sizeof e->anchor, "%s", t->anchor);
    e->metadata = json_deep_copy(c->metadata);
    e->statements = json_deep_copy(c->statements);
    e->exp = c->exp;
    pthread_mutex_unlock(&cache_lock);
}

int identity_resolve(const char *subject, const char *type, const identity_trust *t, int64_t now,
                     identity_chain *out, const char **why)
{
    *out = (identity_chain){0};
    *why = "identity.chain_broken";
    if (!t || !t->anchor || !t->anchor_jwks) return -1;
    if (from_cache(subject, t, now, out)) {
        *why = NULL;
        return 0;
    }
    walk w = {.trust = t, .now = now, .statements = json_array(), .policies = json_array()};
    json_t *keys = NULL;
    json_t *leaf = configuration(subject, &w, 0, &keys);
    json_t *md = json_deep_copy(json_object_get(json_object_get(leaf, "metadata"), type));
    if (leaf && !md) w.why = "identity.chain_no_metadata";
    /* The trust mark a provider must carry, issued by the anchor to it (other entities resolved
     * for /resolve need none). */
    bool marked = !t->provider_mark || strcmp(type, "openid_provider") != 0;
    json_t *marks =
        leaf && !marked
            ? identity_trust_marks_valid(json_object_get(leaf, "trust_marks"), subject, t, now)
            : NULL;
    size_t k;
    json_t *id;
    json_array_foreach(marks, k, id)
    {
        if (t->provider_mark && !strcmp(json_string_value(id), t->provider_mark)) marked = true;
    }
    json_decref(marks);
    if (md && !marked) {
        json_decref(md);
        md = NULL;
        w.why = "identity.chain_trust_mark";
    }
    /* The superiors' policies, top-down; a subordinate statement's own metadata overrides. */
    size_t i;
    json_t *pol;
    json_array_foreach(w.policies, i, pol)
    {
        if (!md) break;
        json_t *override = json_object_get(json_object_get(pol, "metadata"), type);
        json_t *rules = json_object_get(pol, type);
        if (override) json_object_update(md, override);
        if (rules && identity_apply_policy(md, rules, &w.why) != 0) {
            json_decref(md);
            md = NULL;
        }
    }
    json_decref(leaf);
    json_decref(keys);
    json_decref(w.policies);
    if (!md) {
        json_decref(w.statements);
        *why = w.why ? w.why : "identity.chain_broken";
        return -1;
    }
    *out = (identity_chain){.metadata = md, .statements = w.statements, .exp = w.exp};
    to_cache(subject, t, out);
    *why = NULL;
    return 0;
}

void identity_chain_free(identity_chain *c)
{
    json_decref(c->metadata);
    json_decref(c->statements);
    *c = (identity_chain){0};
}

void identity_chains_forget(void)
{
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CACHED_CHAINS; i++) {
        json_decref(cache[i].metadata);
        json_decref(cache[i].statements);
        cache[i] = (struct cached){0};
    }
    pthread_mutex_unlock(&cache_lock);
}

/* coprog as a relying party of the SPID/CIE OpenID Connect Federation (AgID's guidelines, the
 * federation's technical rules): its keys, the federation's kept apart from the OIDC ones as
 * the rules ask, each made on first use and kept in the settings so every instance signs with
 * the same; and its entity configuration, the self-signed statement a trust anchor and the
 * providers read at /.well-known/openid-federation. (First part of issue 18's SPID/CIE: the
 * authorisation flow and trust chains come next.) */
#ifndef COPROG_MODULES_IDENTITY_H
#define COPROG_MODULES_IDENTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

/* An address coprog may be or call in the federation: https, or plain http on this machine's
 * loopback (127.0.0.1, localhost, [::1]) for tests, as RFC 8252 §7.3 allows. */
bool identity_url_allowed(const char *url);

/* What the entity configuration says of coprog. */
typedef struct identity_config {
    const char *entity_id;    /* the public https URL, with no trailing slash */
    const char *organization; /* who runs this coprog */
    const char *const
        *authority;            /* authority_hints: the trust anchors or intermediates; NULL-ended */
    const char *contact;       /* an e-mail address */
    const json_t *trust_marks; /* [{id, trust_mark, exp}] checked at start, or NULL */
} identity_config;

/* The entity configuration as a signed JWT (RS256 with the federation key, typ
 * entity-statement+jwt), valid for a day from now (seconds). malloc'd, or NULL. */
char *identity_entity_configuration(db_conn *c, const identity_config *cfg, int64_t now_s);

/* The trust anchor coprog was given, with its keys (a JWKS): the root of every chain; and the
 * trust mark a provider must carry (its id), or NULL. */
typedef struct identity_trust {
    const char *anchor;
    const json_t *anchor_jwks;
    const char *provider_mark;
} identity_trust;

/* A trust mark (marks.c): the JWT signed by the anchor, about subject, with an id, not expired
 * at now (seconds); its claims (id set), or NULL with why an i18n key. The ids of the valid
 * marks of an entity configuration's trust_marks ([{id, trust_mark}]); invalid ones are
 * ignored, as the federation's rules say. */
json_t *identity_trust_mark_check(const char *jwt, const char *subject, const identity_trust *t,
                                  int64_t now_s, const char **why);
json_t *identity_trust_marks_valid(const json_t *marks, const char *subject,
                                   const identity_trust *t, int64_t now_s);

/* A resolved trust chain: the subject's metadata of one type with the policies applied, the
 * statements (leaf configuration first, anchor's last) and the earliest expiry (seconds). */
typedef struct identity_chain {
    json_t *metadata, *statements;
    int64_t exp;
} identity_chain;

/* Resolves subject's chain to the anchor (from memory while it is valid) for its metadata of
 * type ("openid_provider", ...). 0, or -1 with why an i18n key. */
int identity_resolve(const char *subject, const char *type, const identity_trust *t, int64_t now_s,
                     identity_chain *out, const char **why);
void identity_chain_free(identity_chain *c);
/* Drops the chains kept in memory (tests; a changed anchor). */
void identity_chains_forget(void);

/* coprog as relying party: its entity id and the anchor it trusts. */
typedef struct identity_rp {
    const char *entity_id;
    const identity_trust *trust;
} identity_rp;

/* Starts a sign-in at provider with SPID level (2 or 3): keeps state, nonce and the PKCE
 * verifier, and returns the provider's authorisation URL carrying the signed request object
 * (malloc'd) and the state (for the browser's cookie), or NULL with why an i18n key. next:
 * where to go after. */
char *identity_authorize(db_conn *c, const identity_rp *rp, const char *provider, int level,
                         const char *next, int64_t now_us, char state[44], const char **why);

/* Who the provider says signed in. */
typedef struct identity_person {
    char tax_code[17]; /* from fiscal_number TINIT-... */
    char given_name[128], family_name[128];
    char next[256];
    int level;
} identity_person;

/* Completes a sign-in from the provider's answer (state, code, iss): the state taken once,
 * the code exchanged with private_key_jwt, the ID token and the encrypted userinfo verified.
 * 0 with the person, or -1 with why an i18n key. */
int identity_complete(db_conn *c, const identity_rp *rp, const char *state, const char *code,
                      const char *iss, int64_t now_us, identity_person *who, const char **why);

/* The active account with this codice fiscale (a resident, a body's legal representative, a
 * member of staff), or 0. */
int64_t identity_account(db_conn *c, const char *tax_code);

/* One line of the federation log (kept 24 months); content is kept as given. */
void identity_log(db_conn *c, const char *provider, const char *kind, const char *state,
                  json_t *content, int64_t now_us);

#endif

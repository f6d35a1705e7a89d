/* Trust marks (OpenID Federation 1.0, §7; AgID's rules for SPID and CIE): a JWT by which an
 * issuer the federation trusts says that an entity meets a profile (a public or private relying
 * party, a provider). coprog takes as issuer the trust anchor it was given: a mark it carries
 * itself is checked once at start and published in its entity configuration; a provider's are
 * checked while its chain resolves. */
#include <string.h>

#include "modules/identity/identity.h"
#include "modules/identity/jose.h"

enum { CLOCK_SKEW_S = 60 };

json_t *identity_trust_mark_check(const char *jwt, const char *subject, const identity_trust *t,
                                  int64_t now_s, const char **why)
{
    json_t *header = NULL;
    json_t *p = jwt && t && t->anchor_jwks ? jose_verify(jwt, t->anchor_jwks, &header, why) : NULL;
    if (!p) {
        if (!*why) *why = "identity.trust_mark_bad";
        json_decref(header);
        return NULL;
    }
    const char *typ = json_string_value(json_object_get(header, "typ"));
    const char *iss = json_string_value(json_object_get(p, "iss"));
    const char *sub = json_string_value(json_object_get(p, "sub"));
    /* "id" in the drafts AgID's rules follow, "trust_mark_id" in the final text. */
    json_t *id =
        json_object_get(p, "id") ? json_object_get(p, "id") : json_object_get(p, "trust_mark_id");
    json_t *exp = json_object_get(p, "exp");
    json_int_t iat = json_integer_value(json_object_get(p, "iat"));
    *why = NULL;
    if (typ && strcmp(typ, "trust-mark+jwt") != 0)
        *why = "identity.trust_mark_bad";
    else if (!iss || strcmp(iss, t->anchor) != 0)
        *why = "identity.trust_mark_issuer";
    else if (!sub || strcmp(sub, subject) != 0)
        *why = "identity.trust_mark_subject";
    else if (!json_is_string(id) || !json_string_length(id))
        *why = "identity.trust_mark_bad";
    else if (iat > now_s + CLOCK_SKEW_S || (exp && json_integer_value(exp) <= now_s))
        *why = "identity.trust_mark_expired";
    json_decref(header);
    if (*why) {
        json_decref(p);
        return NULL;
    }
    json_object_set(p, "id", id);
    return p;
}

json_t *identity_trust_marks_valid(const json_t *marks, const char *subject,
                                   const identity_trust *t, int64_t now_s)
{
    json_t *ids = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(marks, i, m)
    {
        const char *why = NULL;
        json_t *p = identity_trust_mark_check(json_string_value(json_object_get(m, "trust_mark")),
                                              subject, t, now_s, &why);
        /* The mark's own id must be the one it is listed under. */
        const char *listed = json_string_value(json_object_get(m, "id"))
                                 ? json_string_value(json_object_get(m, "id"))
                                 : json_string_value(json_object_get(m, "trust_mark_id"));
        const char *id = json_string_value(json_object_get(p, "id"));
        if (p && listed && !strcmp(listed, id)) json_array_append_new(ids, json_string(id));
        json_decref(p);
    }
    return ids;
}

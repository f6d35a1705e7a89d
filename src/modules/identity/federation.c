/* The entity configuration of coprog as an OpenID Connect relying party in the SPID/CIE
 * federation: self-signed with the federation key, naming its authorities, carrying the relying
 * party's metadata with its own (OIDC) keys and the trust marks it was given, as AgID's rules
 * describe it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/identity/identity.h"
#include "modules/identity/jose.h"

/* How long a configuration is valid: a day, so a changed key reaches the federation soon. */
enum { CONFIGURATION_TTL_S = 86400 };

char *identity_entity_configuration(db_conn *c, const identity_config *cfg, int64_t now_s)
{
    EVP_PKEY *fed = identity_key(c, "federation");
    EVP_PKEY *sig = identity_key(c, "oidc-sig");
    EVP_PKEY *enc = identity_key(c, "oidc-enc");
    json_t *fed_jwk = fed ? identity_jwk(fed, "federation") : NULL;
    json_t *sig_jwk = sig ? identity_jwk(sig, "oidc-sig") : NULL;
    json_t *enc_jwk = enc ? identity_jwk(enc, "oidc-enc") : NULL;
    char *jwt = NULL;
    if (!fed_jwk || !sig_jwk || !enc_jwk) goto done;
    json_t *hints = json_array();
    for (int i = 0; cfg->authority && cfg->authority[i]; i++)
        json_array_append_new(hints, json_string(cfg->authority[i]));
    char redirect[512], privacy[512];
    snprintf(redirect, sizeof redirect, "%s/oidc/callback", cfg->entity_id);
    snprintf(privacy, sizeof privacy, "%s/privacy", cfg->entity_id);
    json_t *rp = json_pack(
        "{s:s,s:[s],s:s,s:s,s:[s],s:[s],s:[s],s:[s,s],s:{s:[O,O]},s:s,s:s,s:s,s:s,s:s}",
        "client_id", cfg->entity_id, "client_registration_types", "automatic", "application_type",
        "web", "client_name", cfg->organization, "contacts", cfg->contact, "redirect_uris",
        redirect, "response_types", "code", "grant_types", "authorization_code", "refresh_token",
        "jwks", "keys", sig_jwk, enc_jwk, "token_endpoint_auth_method", "private_key_jwt",
        "id_token_signed_response_alg", "RS256", "userinfo_signed_response_alg", "RS256",
        "userinfo_encrypted_response_alg", "RSA-OAEP-256", "userinfo_encrypted_response_enc",
        "A256CBC-HS512");
    json_t *fe =
        json_pack("{s:s,s:s,s:s,s:[s]}", "organization_name", cfg->organization, "homepage_uri",
                  cfg->entity_id, "policy_uri", privacy, "contacts", cfg->contact);
    json_t *payload = json_pack("{s:s,s:s,s:I,s:I,s:{s:[O]},s:o,s:{s:o,s:o}}", "iss",
                                cfg->entity_id, "sub", cfg->entity_id, "iat", (json_int_t)now_s,
                                "exp", (json_int_t)now_s + CONFIGURATION_TTL_S, "jwks", "keys",
                                fed_jwk, "authority_hints", hints, "metadata",
                                "openid_relying_party", rp, "federation_entity", fe);
    /* The trust marks the federation gave coprog, while they last. */
    json_t *marks = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(cfg->trust_marks, i, m)
    {
        json_t *exp = json_object_get(m, "exp");
        if (!exp || json_integer_value(exp) > now_s)
            json_array_append_new(marks, json_pack("{s:O,s:O}", "id", json_object_get(m, "id"),
                                                   "trust_mark", json_object_get(m, "trust_mark")));
    }
    if (payload && json_array_size(marks)) json_object_set(payload, "trust_marks", marks);
    json_decref(marks);
    json_t *header = json_pack("{s:O,s:s}", "kid", json_object_get(fed_jwk, "kid"), "typ",
                               "entity-statement+jwt");
    if (payload && header) jwt = jose_sign(header, payload, fed);
    json_decref(payload);
    json_decref(header);
done:
    json_decref(fed_jwk);
    json_decref(sig_jwk);
    json_decref(enc_jwk);
    EVP_PKEY_free(fed);
    EVP_PKEY_free(sig);
    EVP_PKEY_free(enc);
    return jwt;
}

/* SPID/CIE's JOSE and federation pieces: compact JWS verified only with the algorithms the
 * rules allow ("none", HS256 and anything else refused before a key is tried), JWE read with
 * RSA-OAEP(-256) and AES-CBC-HMAC from vectors an independent implementation made (GCM,
 * RSA1_5, a changed tag refused), the federation's metadata policy operators, and the
 * addresses coprog will call. */
#include <criterion/criterion.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#include "modules/identity/fetch.h"
#include "modules/identity/jose.h"
#include "modules/identity/policy.h"
#include "jwe_vectors.h"

static EVP_PKEY *vector_key(void)
{
    BIO *b = BIO_new_mem_buf(VECTOR_KEY, -1);
    EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    cr_assert(k);
    return k;
}

static char *signed_jwt(EVP_PKEY *k, const char *sub)
{
    json_t *jwk = identity_jwk(k, "oidc-sig");
    json_t *h = json_pack("{s:O}", "kid", json_object_get(jwk, "kid"));
    json_t *p = json_pack("{s:s,s:i}", "sub", sub, "exp", 2000000000);
    char *jwt = jose_sign(h, p, k);
    json_decref(h);
    json_decref(p);
    json_decref(jwk);
    return jwt;
}

static json_t *jwks_of(EVP_PKEY *k, const char *use)
{
    return json_pack("{s:[o]}", "keys", identity_jwk(k, use));
}

Test(identity, jws_verifies_with_the_named_key_and_not_when_changed)
{
    EVP_PKEY *k = vector_key();
    char *jwt = signed_jwt(k, "NQLRNI70A01F205W");
    json_t *jwks = jwks_of(k, "oidc-sig"), *header = NULL;
    const char *why = NULL;
    json_t *claims = jose_verify(jwt, jwks, &header, &why);
    cr_assert(claims, "%s", why);
    cr_expect_str_eq(json_string_value(json_object_get(claims, "sub")), "NQLRNI70A01F205W");
    cr_expect_str_eq(json_string_value(json_object_get(header, "alg")), "RS256");
    json_decref(claims);
    json_decref(header);
    /* One character of the payload changed: the signature no longer holds. */
    char *dot = strchr(jwt, '.');
    dot[3] = dot[3] == 'A' ? 'B' : 'A';
    cr_expect_null(jose_verify(jwt, jwks, NULL, &why));
    cr_expect_str_eq(why, "identity.jws_signature");
    /* An encryption key never counts for a signature. */
    json_t *enc_only = jwks_of(k, "oidc-enc");
    free(jwt);
    jwt = signed_jwt(k, "x");
    cr_expect_null(jose_verify(jwt, enc_only, NULL, &why));
    cr_expect_str_eq(why, "identity.jws_no_key");
    free(jwt);
    json_decref(enc_only);
    json_decref(jwks);
    EVP_PKEY_free(k);
}

Test(identity, jws_refuses_none_hmac_and_other_algorithms)
{
    EVP_PKEY *k = vector_key();
    json_t *jwks = jwks_of(k, "oidc-sig");
    /* {"alg":"none"}, {"alg":"HS256"} (the public key as an HMAC secret: the classic attack),
     * {"alg":"ES256"}, and no alg at all; the payload {"sub":"x"}. */
    static const char *const V[] = {
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
    };
    for (size_t i = 0; i < sizeof V / sizeof *V; i++) {
        const char *why = NULL;
        cr_expect_null(jose_verify(V[i], jwks, NULL, &why), "%s", V[i]);
        cr_expect_str_eq(why, "identity.jws_algorithm", "%s", V[i]);
    }
    const char *why = NULL;
    cr_expect_null(jose_verify("a.b", jwks, NULL, &why));
    cr_expect_null(jose_verify("a.b.c.d", jwks, NULL, &why));
    json_decref(jwks);
    EVP_PKEY_free(k);
}

Test(identity, jwe_reads_both_cbc_hmac_profiles_from_an_independent_implementation)
{
    EVP_PKEY *k = vector_key();
    const char *const V[] = {VECTOR_OAEP_A128CBC, VECTOR_OAEP256_A256CBC};
    for (size_t i = 0; i < 2; i++) {
        size_t len = 0;
        const char *why = NULL;
        char *plain = jose_decrypt(V[i], k, &len, &why);
        cr_assert(plain, "vector %zu: %s", i, why);
        cr_expect_eq(len, strlen(VECTOR_MESSAGE));
        cr_expect_str_eq(plain, VECTOR_MESSAGE);
        free(plain);
    }
    EVP_PKEY_free(k);
}

Test(identity, jwe_refuses_gcm_rsa1_5_zip_and_a_changed_tag)
{
    EVP_PKEY *k = vector_key();
    size_t len = 0;
    const char *why = NULL;
    cr_expect_null(jose_decrypt(VECTOR_OAEP_A128GCM, k, &len, &why));
    cr_expect_str_eq(why, "identity.jwe_algorithm");
    /* The same parts under another header: {"alg":"RSA1_5","enc":"A128CBC-HS256"}, and one
     * asking for compression. */
    const char *rest = strchr(VECTOR_OAEP_A128CBC, '.');
    static const char *const HEADERS[] = {
        "eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0",
        "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkExMjhDQkMtSFMyNTYiLCJ6aXAiOiJERUYifQ",
    };
    for (size_t i = 0; i < 2; i++) {
        char *jwe = NULL;
        cr_assert(asprintf(&jwe, "%s%s", HEADERS[i], rest) > 0);
        cr_expect_null(jose_decrypt(jwe, k, &len, &why));
        cr_expect_str_eq(why, "identity.jwe_algorithm");
        free(jwe);
    }
    /* The tag's last character changed: nothing is decrypted. */
    char *bad = strdup(VECTOR_OAEP256_A256CBC);
    size_t n = strlen(bad);
    bad[n - 2] = bad[n - 2] == 'A' ? 'B' : 'A';
    cr_expect_null(jose_decrypt(bad, k, &len, &why));
    cr_expect_str_eq(why, "identity.jwe_decrypt");
    free(bad);
    EVP_PKEY_free(k);
}

Test(identity, metadata_policy_operators)
{
    json_t *md = json_pack("{s:[s,s,s],s:s,s:[s]}", "id_token_signing_alg_values_supported",
                           "RS256", "HS256", "PS256", "token_endpoint_auth_method",
                           "private_key_jwt", "scopes_supported", "openid");
    json_error_t e;
    json_t *policy = json_loads(
        "{\"id_token_signing_alg_values_supported\": {\"subset_of\": [\"RS256\", \"PS256\"]},"
        " \"scopes_supported\": {\"add\": [\"offline_access\"], \"superset_of\": [\"openid\"]},"
        " \"organization_name\": {\"default\": \"IdP\"},"
        " \"contacts\": {\"value\": [\"ops@idp.example\"]},"
        " \"token_endpoint_auth_method\": {\"one_of\": [\"private_key_jwt\"], \"essential\": "
        "true}}",
        0, &e);
    cr_assert(policy, "%s", e.text);
    const char *why = NULL;
    cr_assert_eq(identity_apply_policy(md, policy, &why), 0, "%s", why);
    char *out = json_dumps(md, JSON_SORT_KEYS | JSON_COMPACT);
    cr_expect_str_eq(out, "{\"contacts\":[\"ops@idp.example\"],"
                          "\"id_token_signing_alg_values_supported\":[\"RS256\",\"PS256\"],"
                          "\"organization_name\":\"IdP\","
                          "\"scopes_supported\":[\"openid\",\"offline_access\"],"
                          "\"token_endpoint_auth_method\":\"private_key_jwt\"}");
    free(out);
    json_decref(policy);
    /* Violations, and an operator the standard does not define. */
    static const char *const BAD[][2] = {
        {"{\"token_endpoint_auth_method\": {\"one_of\": [\"client_secret_basic\"]}}",
         "identity.policy_violated"},
        {"{\"scopes_supported\": {\"superset_of\": [\"profile\"]}}", "identity.policy_violated"},
        {"{\"jwks_uri\": {\"essential\": true}}", "identity.policy_violated"},
        {"{\"scopes_supported\": {\"regexp\": \".*\"}}", "identity.policy_unknown"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        json_t *p = json_loads(BAD[i][0], 0, &e);
        cr_assert(p);
        cr_expect_eq(identity_apply_policy(md, p, &why), -1, "%s", BAD[i][0]);
        cr_expect_str_eq(why, BAD[i][1], "%s", BAD[i][0]);
        json_decref(p);
    }
    json_decref(md);
}

Test(identity, only_https_or_the_loopback_is_called)
{
    cr_expect(identity_url_allowed("https://idp.example.it"));
    cr_expect(identity_url_allowed("http://127.0.0.1:8443/token"));
    cr_expect(identity_url_allowed("http://localhost/x"));
    cr_expect_not(identity_url_allowed("http://idp.example.it"));
    cr_expect_not(identity_url_allowed("http://127.0.0.1.evil.example/"));
    cr_expect_not(identity_url_allowed("http://localhost.evil.example/"));
    cr_expect_not(identity_url_allowed("https:///path"));
    cr_expect_not(identity_url_allowed("file:///etc/passwd"));
    cr_expect_not(identity_url_allowed(NULL));
}

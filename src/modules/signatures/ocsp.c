/* Revocation by OCSP (RFC 6960): the responder the signer's certificate names is asked once,
 * through OpenSSL's own HTTP client, within OCSP_TIMEOUT_S (so a request never holds its thread
 * longer), and only after the chain to a trusted CA was verified, so only a trusted CA's
 * certificate can make coprog call an address. */
#include "modules/signatures/ocsp.h"

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/ocsp.h>
#include <stddef.h>

enum { OCSP_TIMEOUT_S = 10, OCSP_MAX_BYTES = 1 << 20, OCSP_LEEWAY_S = 300 };

/* The responder's answer about id, checked; OCSP_NO_ANSWER when it does not hold. */
static ocsp_status status_in(OCSP_RESPONSE *resp, OCSP_REQUEST *req, OCSP_CERTID *id,
                             X509_STORE *st, STACK_OF(X509) * chain)
{
    if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) return OCSP_NO_ANSWER;
    OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
    ocsp_status out = OCSP_NO_ANSWER;
    int status = -1, reason = 0;
    ASN1_GENERALIZEDTIME *revoked = NULL, *this_update = NULL, *next_update = NULL;
    /* The nonce echoed (a replayed answer has another), the signature of the CA or its
     * delegate, this certificate's status, and an answer neither stale nor from the future. */
    if (bs && OCSP_check_nonce(req, bs) == 1 && OCSP_basic_verify(bs, chain, st, 0) == 1 &&
        OCSP_resp_find_status(bs, id, &status, &reason, &revoked, &this_update, &next_update) &&
        OCSP_check_validity(this_update, next_update, OCSP_LEEWAY_S, -1)) {
        if (status == V_OCSP_CERTSTATUS_GOOD) out = OCSP_GOOD;
        if (status == V_OCSP_CERTSTATUS_REVOKED) out = OCSP_REVOKED;
    }
    OCSP_BASICRESP_free(bs);
    return out;
}

ocsp_status ocsp_ask(X509 *cert, X509 *issuer, X509_STORE *st, STACK_OF(X509) * chain)
{
    STACK_OF(OPENSSL_STRING) *urls = X509_get1_ocsp(cert);
    const char *url = sk_OPENSSL_STRING_num(urls) > 0 ? sk_OPENSSL_STRING_value(urls, 0) : NULL;
    char *host = NULL, *port = NULL, *path = NULL;
    int ssl = 0;
    ocsp_status out = OCSP_NO_ANSWER;
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, cert, issuer);
    OCSP_CERTID *asked = id ? OCSP_CERTID_dup(id) : NULL;
    BIO *body = NULL, *answer = NULL;
    OCSP_RESPONSE *resp = NULL;
    if (url && req && asked &&
        OSSL_HTTP_parse_url(url, &ssl, NULL, &host, &port, NULL, &path, NULL, NULL)) {
        if (OCSP_request_add0_id(req, id)) {
            id = NULL; /* the request holds it now */
            if (OCSP_request_add1_nonce(req, NULL, -1))
                body = ASN1_item_i2d_mem_bio(ASN1_ITEM_rptr(OCSP_REQUEST), (ASN1_VALUE *)req);
        }
    }
    if (body)
        answer =
            OSSL_HTTP_transfer(NULL, host, port, path, ssl, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                               NULL, "application/ocsp-request", body, "application/ocsp-response",
                               1, OCSP_MAX_BYTES, OCSP_TIMEOUT_S, 0);
    if (answer) resp = d2i_OCSP_RESPONSE_bio(answer, NULL);
    if (resp) out = status_in(resp, req, asked, st, chain);
    OCSP_RESPONSE_free(resp);
    BIO_free(answer);
    BIO_free(body);
    OCSP_CERTID_free(asked);
    OCSP_CERTID_free(id);
    OCSP_REQUEST_free(req);
    OPENSSL_free(host);
    OPENSSL_free(port);
    OPENSSL_free(path);
    X509_email_free(urls);
    ERR_clear_error();
    return out;
}

#include "modules/signatures/signatures.h"

#include <ctype.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "modules/signatures/der.h"
#include "modules/signatures/ocsp.h"
#include "modules/signatures/timestamp.h"

/* ETSI EN 319 102-1's indications, worst last. */
enum { PASSED = 0, INDETERMINATE = 1, FAILED = 2 };
static const char *const INDICATIONS[] = {"TOTAL-PASSED", "INDETERMINATE", "TOTAL-FAILED"};

typedef struct verdict {
    int indication;
    const char *sub; /* "" when passed */
} verdict;

static void worse(verdict *v, int indication, const char *sub)
{
    if (indication > v->indication) *v = (verdict){indication, sub};
}

/* ---- the trust: anchors and CRLs ---- */

static X509_STORE *store_of(const sig_trust *t, bool *has_crls)
{
    X509_STORE *st = X509_STORE_new();
    *has_crls = false;
    if (!st) return NULL;
    if (t && t->anchors_pem && *t->anchors_pem) {
        BIO *b = BIO_new_mem_buf(t->anchors_pem, -1);
        X509 *x;
        while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
            X509_STORE_add_cert(st, x);
            X509_free(x);
        }
        BIO_free(b);
    }
    if (t && t->crls_pem && *t->crls_pem) {
        BIO *b = BIO_new_mem_buf(t->crls_pem, -1);
        X509_CRL *crl;
        while (b && (crl = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL))) {
            X509_STORE_add_crl(st, crl);
            X509_CRL_free(crl);
            *has_crls = true;
        }
        BIO_free(b);
    }
    ERR_clear_error(); /* the end of the PEM text is reported as an error */
    return st;
}

/* ---- what a certificate says ---- */

static json_t *name_entry(const X509_NAME *n, int nid)
{
    int i = X509_NAME_get_index_by_NID(n, nid, -1);
    if (i < 0) return json_null();
    unsigned char *utf8 = NULL;
    int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
    if (len < 0) return json_null();
    json_t *s = json_stringn((const char *)utf8, (size_t)len);
    OPENSSL_free(utf8);
    return s ? s : json_null();
}

static int64_t instant_of(const ASN1_TIME *t)
{
    return sig_instant(t, 0);
}

/* QCStatements (RFC 3739, ETSI EN 319 412-5): whether the certificate is qualified (QcCompliance)
 * and its key is on a qualified signature creation device (QcSSCD). */
static void qc_statements(X509 *x, bool *compliance, bool *sscd)
{
    *compliance = *sscd = false;
    int i = X509_get_ext_by_NID(x, NID_qcStatements, -1);
    if (i < 0) return;
    ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(X509_get_ext(x, i));
    const unsigned char *p = ASN1_STRING_get0_data(os);
    ASN1_SEQUENCE_ANY *seq = d2i_ASN1_SEQUENCE_ANY(NULL, &p, ASN1_STRING_length(os));
    for (int k = 0; seq && k < sk_ASN1_TYPE_num(seq); k++) {
        ASN1_TYPE *st = sk_ASN1_TYPE_value(seq, k);
        if (ASN1_TYPE_get(st) != V_ASN1_SEQUENCE) continue;
        const unsigned char *q = ASN1_STRING_get0_data(st->value.sequence);
        ASN1_SEQUENCE_ANY *one =
            d2i_ASN1_SEQUENCE_ANY(NULL, &q, ASN1_STRING_length(st->value.sequence));
        ASN1_TYPE *id = one && sk_ASN1_TYPE_num(one) > 0 ? sk_ASN1_TYPE_value(one, 0) : NULL;
        if (id && ASN1_TYPE_get(id) == V_ASN1_OBJECT) {
            char oid[64];
            OBJ_obj2txt(oid, sizeof oid, id->value.object, 1);
            if (!strcmp(oid, "0.4.0.1862.1.1")) *compliance = true;
            if (!strcmp(oid, "0.4.0.1862.1.4")) *sscd = true;
        }
        sk_ASN1_TYPE_pop_free(one, ASN1_TYPE_free);
    }
    sk_ASN1_TYPE_pop_free(seq, ASN1_TYPE_free);
}

/* A verification context for the signer at now (CRLs checked when asked), or NULL. */
static X509_STORE_CTX *chain_ctx(X509_STORE *st, X509 *signer, STACK_OF(X509) * others, int64_t now,
                                 bool crls)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (!ctx || !X509_STORE_CTX_init(ctx, st, signer, others)) {
        X509_STORE_CTX_free(ctx);
        return NULL;
    }
    X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_time(vp, (time_t)(now / 1000000));
    if (crls) X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    return ctx;
}

static verdict chain_error(int err);

/* No CRL of the signer's CA at hand: the chain without revocation, then the OCSP responder the
 * certificate names (ocsp.c). Without an answer the status stays unknown: TRY_LATER. */
static verdict revocation_by_ocsp(X509_STORE *st, X509 *signer, STACK_OF(X509) * others,
                                  int64_t now)
{
    X509_STORE_CTX *ctx = chain_ctx(st, signer, others, now, false);
    if (!ctx) return (verdict){INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE"};
    verdict v = {INDETERMINATE, "TRY_LATER"};
    if (X509_verify_cert(ctx) != 1) {
        v = chain_error(X509_STORE_CTX_get_error(ctx));
    } else {
        STACK_OF(X509) *chain = X509_STORE_CTX_get1_chain(ctx);
        X509 *issuer = sk_X509_num(chain) > 1 ? sk_X509_value(chain, 1) : NULL;
        ocsp_status s = issuer ? ocsp_ask(signer, issuer, st, chain) : OCSP_NO_ANSWER;
        if (s == OCSP_GOOD) v = (verdict){PASSED, ""};
        if (s == OCSP_REVOKED) v = (verdict){INDETERMINATE, "REVOKED_NO_POE"};
        sk_X509_pop_free(chain, X509_free);
    }
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return v;
}

/* The chain of the signer's certificate to an anchor at now, with CRLs when there are, else
 * with the OCSP responder. */
static verdict chain_check(X509_STORE *st, bool has_crls, X509 *signer, STACK_OF(X509) * others,
                           int64_t now)
{
    X509_STORE_CTX *ctx = chain_ctx(st, signer, others, now, has_crls);
    if (!ctx) return (verdict){INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE"};
    int ok = X509_verify_cert(ctx);
    int err = X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    if ((ok == 1 && !has_crls) || err == X509_V_ERR_UNABLE_TO_GET_CRL)
        return revocation_by_ocsp(st, signer, others, now);
    if (ok == 1) return (verdict){PASSED, ""};
    return chain_error(err);
}

/* What a failed verification means in ETSI EN 319 102-1's terms. */
static verdict chain_error(int err)
{
    switch (err) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return (verdict){INDETERMINATE, "OUT_OF_BOUNDS_NO_POE"};
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return (verdict){INDETERMINATE, "NOT_YET_VALID"};
    case X509_V_ERR_CERT_REVOKED:
        return (verdict){INDETERMINATE, "REVOKED_NO_POE"};
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
        return (verdict){INDETERMINATE, "TRY_LATER"};
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return (verdict){INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND"};
    default:
        return (verdict){INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE"};
    }
}

/* With proof that the signature existed at poe (a time-stamp): the chain at that time, and the
 * signer not revoked before it in its CA's CRL (without that CRL, TRY_LATER: responders need not
 * answer about an expired certificate). */
static verdict chain_at_poe(X509_STORE *st, bool has_crls, X509 *signer, STACK_OF(X509) * others,
                            int64_t poe)
{
    X509_STORE_CTX *ctx = chain_ctx(st, signer, others, poe, false);
    if (!ctx) return (verdict){INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE"};
    verdict v = {INDETERMINATE, "TRY_LATER"};
    if (X509_verify_cert(ctx) != 1) {
        v = chain_error(X509_STORE_CTX_get_error(ctx));
    } else if (has_crls) {
        STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx);
        EVP_PKEY *key = sk_X509_num(chain) > 1 ? X509_get0_pubkey(sk_X509_value(chain, 1)) : NULL;
        STACK_OF(X509_CRL) *crls = X509_STORE_CTX_get1_crls(ctx, X509_get_issuer_name(signer));
        for (int i = 0; key && i < sk_X509_CRL_num(crls); i++) {
            X509_CRL *crl = sk_X509_CRL_value(crls, i);
            X509_REVOKED *rev = NULL;
            if (X509_CRL_verify(crl, key) != 1) continue;
            if (X509_CRL_get0_by_cert(crl, &rev, signer) == 1 &&
                instant_of(X509_REVOKED_get0_revocationDate(rev)) <= poe) {
                v = (verdict){INDETERMINATE, "REVOKED_NO_POE"};
                break;
            }
            v = (verdict){PASSED, ""};
        }
        sk_X509_CRL_pop_free(crls, X509_CRL_free);
    }
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return v;
}

static json_t *claimed_signing_time(CMS_SignerInfo *si)
{
    int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    X509_ATTRIBUTE *a = i >= 0 ? CMS_signed_get_attr(si, i) : NULL;
    ASN1_TYPE *t = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
    if (!t || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME)) return json_null();
    return json_integer((json_int_t)instant_of((ASN1_TIME *)t->value.asn1_string));
}

/* One signature's entry: who, the certificate, and its verdict (integrity already settled). */
static json_t *signature_entry(CMS_SignerInfo *si, X509 *cert, verdict v, X509_STORE *st,
                               bool has_crls, STACK_OF(X509) * certs, int64_t now, verdict *out)
{
    json_t *e = json_object();
    /* CAdES-BES binds the certificate with the signing-certificate attribute; without it the
     * file is a plain PKCS#7 signature, which the rules for qualified signatures do not take. */
    bool bound = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0 ||
                 CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1) >= 0;
    bool qc = false, sscd = false;
    if (cert) {
        const X509_NAME *subj = X509_get_subject_name(cert);
        json_object_set_new(e, "signer", name_entry(subj, NID_commonName));
        json_t *serial = name_entry(subj, NID_serialNumber);
        const char *sn = json_string_value(serial);
        json_object_set_new(e, "tax_code",
                            sn && !strncmp(sn, "TINIT-", 6) ? json_string(sn + 6) : json_null());
        json_decref(serial);
        json_object_set_new(e, "issuer", name_entry(X509_get_issuer_name(cert), NID_commonName));
        json_object_set_new(e, "not_before",
                            json_integer((json_int_t)instant_of(X509_get0_notBefore(cert))));
        json_object_set_new(e, "not_after",
                            json_integer((json_int_t)instant_of(X509_get0_notAfter(cert))));
        qc_statements(cert, &qc, &sscd);
        int64_t poe;
        json_t *stamp = sig_timestamp(si, st, &poe);
        if (stamp) json_object_set_new(e, "timestamp", stamp);
        if (v.indication == PASSED) v = chain_check(st, has_crls, cert, certs, now);
        /* Expired or revoked now, but proven to exist before: judged at that time (an expired
         * certificate's CRL may have expired too, which OpenSSL may report first). */
        bool expired = instant_of(X509_get0_notAfter(cert)) < now;
        if (poe != INT64_MIN && poe <= now && v.indication == INDETERMINATE &&
            (expired || !strcmp(v.sub, "REVOKED_NO_POE")))
            v = chain_at_poe(st, has_crls, cert, certs, poe);
        else if (expired && v.indication == INDETERMINATE)
            v = (verdict){INDETERMINATE, "OUT_OF_BOUNDS_NO_POE"};
        if (v.indication == PASSED && !bound) v = (verdict){FAILED, "FORMAT_FAILURE"};
    } else {
        worse(&v, INDETERMINATE, "NO_SIGNING_CERTIFICATE_FOUND");
    }
    json_object_set_new(e, "signing_time", claimed_signing_time(si));
    json_object_set_new(e, "is_qualified", json_boolean(qc && sscd));
    json_object_set_new(e, "indication", json_string(INDICATIONS[v.indication]));
    json_object_set_new(e, "sub_indication", json_string(v.sub));
    *out = v;
    return e;
}

/* Integrity of every signature of cms over its content (dcont for a detached one), the
 * content written to out. The sub-indication when broken: the content's digest or the
 * signature's value. */
static verdict integrity(CMS_ContentInfo *cms, BIO *dcont, BIO *out)
{
    ERR_clear_error();
    if (CMS_verify(cms, NULL, NULL, dcont, out, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1)
        return (verdict){PASSED, ""};
    unsigned long e = ERR_peek_last_error();
    ERR_clear_error();
    if (ERR_GET_LIB(e) == ERR_LIB_CMS && ERR_GET_REASON(e) == CMS_R_CONTENT_VERIFY_ERROR)
        return (verdict){FAILED, "HASH_FAILURE"};
    if (ERR_GET_LIB(e) == ERR_LIB_CMS && ERR_GET_REASON(e) == CMS_R_NO_SIGNERS)
        return (verdict){FAILED, "FORMAT_FAILURE"};
    return (verdict){FAILED, "SIG_CRYPTO_FAILURE"};
}

/* Adds an entry per signer of cms to list with key/number (layer or revision); the verdict of
 * the whole is folded into *all. */
static void signers_of(CMS_ContentInfo *cms, verdict integ, X509_STORE *st, bool has_crls,
                       int64_t now, json_t *list, const char *key, int number, verdict *all)
{
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    for (int i = 0; i < sk_CMS_SignerInfo_num(sis); i++) {
        CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, i);
        X509 *cert = NULL;
        for (int k = 0; k < sk_X509_num(certs) && !cert; k++)
            if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, k)) == 0)
                cert = sk_X509_value(certs, k);
        verdict v;
        json_t *e = signature_entry(si, cert, integ, st, has_crls, certs, now, &v);
        json_object_set_new(e, key, json_integer(number));
        worse(all, v.indication, v.sub);
        json_array_append_new(list, e);
    }
    if (sk_CMS_SignerInfo_num(sis) == 0) worse(all, FAILED, "FORMAT_FAILURE");
    sk_X509_pop_free(certs, X509_free);
}

/* ---- CAdES ---- */

/* The DER of a .p7m sent as DER, as base64 or as PEM: malloc'd, or NULL. */
static unsigned char *der_of(const unsigned char *p, size_t len, size_t *out)
{
    if (len && p[0] == 0x30) {
        unsigned char *d = malloc(len);
        if (d) memcpy(d, p, len);
        *out = len;
        return d;
    }
    return sig_base64(p, len, out);
}

static CMS_ContentInfo *cms_of(const unsigned char *der, size_t len)
{
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    if (cms && OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        CMS_ContentInfo_free(cms);
        cms = NULL;
    }
    ERR_clear_error();
    return cms;
}

/* Verifies the layers of a .p7m, outermost first (a layer whose content is itself a signed
 * file is the next one); *content gets the innermost content (malloc'd). */
static int cades(const unsigned char *der, size_t len, X509_STORE *st, bool has_crls, int64_t now,
                 json_t *list, verdict *all, unsigned char **content, size_t *content_len)
{
    CMS_ContentInfo *cms = cms_of(der, len);
    if (!cms) return -1;
    unsigned char *cur = NULL;
    size_t cur_len = 0;
    for (int layer = 1; cms; layer++) {
        BIO *out = BIO_new(BIO_s_mem());
        verdict integ = integrity(cms, NULL, out);
        signers_of(cms, integ, st, has_crls, now, list, "layer", layer, all);
        char *mem = NULL;
        long n = BIO_get_mem_data(out, &mem);
        free(cur);
        cur = malloc(n > 0 ? (size_t)n : 1);
        if (cur && n > 0) memcpy(cur, mem, (size_t)n);
        cur_len = n > 0 ? (size_t)n : 0;
        BIO_free(out);
        CMS_ContentInfo_free(cms);
        cms = NULL;
        if (!cur) break;
        /* A nested signature: the content is a .p7m too (DER; some tools nest base64). */
        if (integ.indication == PASSED && layer < SIG_MAX_LAYERS) {
            size_t dlen = 0;
            unsigned char *d = cur_len ? der_of(cur, cur_len, &dlen) : NULL;
            cms = d ? cms_of(d, dlen) : NULL;
            free(d);
        }
    }
    *content = cur;
    *content_len = cur_len;
    return cur ? 0 : -1;
}

/* ---- PAdES ---- */

/* Each /ByteRange [a b c d] of a signature dictionary with its /Contents <hex> in the gap. */
typedef struct byte_range {
    size_t a, b, c, d;
} byte_range;

static bool range_at(const unsigned char *data, size_t len, const unsigned char *at, byte_range *r)
{
    const char *p = (const char *)at + strlen("/ByteRange");
    const char *end = (const char *)data + len;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (p >= end || *p != '[') return false;
    p++;
    unsigned long long v[4];
    for (int i = 0; i < 4; i++) {
        while (p < end && isspace((unsigned char)*p)) p++;
        if (p >= end || !isdigit((unsigned char)*p)) return false;
        v[i] = 0;
        while (p < end && isdigit((unsigned char)*p) && v[i] < (1ULL << 40))
            v[i] = v[i] * 10 + (unsigned long long)(*p++ - '0');
    }
    *r = (byte_range){v[0], v[1], v[2], v[3]};
    return r->a == 0 && r->b < r->c && r->c <= len && r->d <= len - r->c && r->c - r->b >= 2 &&
           data[r->b] == '<' && data[r->c - 1] == '>';
}

static unsigned char *unhex(const unsigned char *p, size_t n, size_t *out)
{
    unsigned char *d = malloc(n / 2 + 1);
    if (!d) return NULL;
    size_t got = 0;
    if (sodium_hex2bin(d, n / 2 + 1, (const char *)p, n, " \r\n\t", &got, NULL) != 0) {
        free(d);
        return NULL;
    }
    *out = got;
    return d;
}

/* Verifies every signature of a PDF, each over its own byte ranges (a later signature covers an
 * earlier one: signatures are incremental updates). The last must cover the whole file, else
 * the file was changed after it. *first_range gets the smallest signed revision's length. */
static int pades(const unsigned char *data, size_t len, X509_STORE *st, bool has_crls, int64_t now,
                 json_t *list, verdict *all, size_t *first_range)
{
    int revision = 0;
    size_t widest = 0;
    *first_range = 0;
    const unsigned char *p = data, *end = data + len;
    while ((p = memmem(p, (size_t)(end - p), "/ByteRange", 10)) != NULL) {
        byte_range r;
        const unsigned char *at = p;
        p += 10;
        if (!range_at(data, len, at, &r)) continue;
        size_t der_len = 0;
        unsigned char *der = unhex(data + r.b + 1, r.c - r.b - 2, &der_len);
        const unsigned char *q = der;
        CMS_ContentInfo *cms = der ? d2i_CMS_ContentInfo(NULL, &q, (long)der_len) : NULL;
        free(der);
        ERR_clear_error();
        if (!cms) continue;
        unsigned char *signed_bytes = malloc(r.b + r.d + 1);
        if (!signed_bytes) {
            CMS_ContentInfo_free(cms);
            return -1;
        }
        memcpy(signed_bytes, data, r.b);
        memcpy(signed_bytes + r.b, data + r.c, r.d);
        BIO *dcont = BIO_new_mem_buf(signed_bytes, (int)(r.b + r.d));
        verdict integ = integrity(cms, dcont, NULL);
        BIO_free(dcont);
        free(signed_bytes);
        revision++;
        size_t before = json_array_size(list);
        signers_of(cms, integ, st, has_crls, now, list, "revision", revision, all);
        for (size_t i = before; i < json_array_size(list); i++)
            json_object_set_new(json_array_get(list, i), "is_whole_file",
                                json_boolean(r.c + r.d == len));
        CMS_ContentInfo_free(cms);
        if (r.c + r.d > widest) widest = r.c + r.d;
        if (!*first_range || r.b < *first_range) *first_range = r.b;
    }
    if (!revision) return -1;
    /* Bytes after the last signature: a change nobody signed. */
    if (widest != len) worse(all, FAILED, "HASH_FAILURE");
    return 0;
}

/* ---- the report ---- */

static bool is_pdf(const unsigned char *p, size_t len)
{
    return len >= 5 && !memcmp(p, "%PDF-", 5);
}

json_t *sig_verify(const void *data, size_t len, const sig_trust *trust, const sig_expect *expect,
                   int64_t now)
{
    const unsigned char *p = data;
    json_t *list = json_array();
    verdict all = {PASSED, ""};
    bool has_crls = false;
    X509_STORE *st = store_of(trust, &has_crls);
    const char *format = "unknown", *reason = "";
    char content_sha[65] = "";
    bool is_document = false;
    if (!st || !list) {
        X509_STORE_free(st);
        json_decref(list);
        return NULL;
    }
    if (len > SIG_MAX_BYTES) {
        reason = "too_large";
    } else if (is_pdf(p, len)) {
        format = "PAdES";
        size_t first = 0;
        if (pades(p, len, st, has_crls, now, list, &all, &first) != 0) {
            reason = "no_signature";
        } else {
            sha256_hex(p, len, content_sha);
            /* The approved PDF, unchanged, is where every signature starts from. */
            if (expect && expect->sha256 && expect->len && expect->len <= first) {
                char prefix[65];
                sha256_hex(p, expect->len, prefix);
                is_document = !strcmp(prefix, expect->sha256);
            }
        }
    } else {
        size_t der_len = 0;
        unsigned char *der = der_of(p, len, &der_len);
        unsigned char *content = NULL;
        size_t content_len = 0;
        if (der &&
            cades(der, der_len, st, has_crls, now, list, &all, &content, &content_len) == 0) {
            format = "CAdES";
            sha256_hex(content, content_len, content_sha);
            is_document = expect && expect->sha256 && !strcmp(content_sha, expect->sha256);
        } else {
            reason = "not_signed";
        }
        free(der);
        free(content);
    }
    X509_STORE_free(st);
    if (!json_array_size(list) && !*reason) reason = "no_signature";
    if (*reason) all = (verdict){FAILED, "FORMAT_FAILURE"};
    bool qualified = json_array_size(list) > 0;
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) qualified =
        qualified && json_is_true(json_object_get(e, "is_qualified"));
    if (!*reason && all.indication != PASSED) reason = "not_passed";
    if (!*reason && !qualified) reason = "not_qualified";
    if (!*reason && !is_document) reason = "other_document";
    return json_pack("{s:s,s:s,s:s,s:o,s:s,s:b,s:b,s:s}", "format", format, "indication",
                     INDICATIONS[all.indication], "sub_indication", all.sub, "signatures", list,
                     "content_sha256", content_sha, "is_document", is_document, "is_accepted",
                     !*reason, "reason", reason);
}

static json_t *cert_row(X509 *x)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char hex[2 * EVP_MAX_MD_SIZE + 1] = "";
    if (X509_digest(x, EVP_sha256(), md, &n)) hex_encode(md, n, hex);
    return json_pack("{s:o,s:o,s:I,s:I,s:s}", "subject",
                     name_entry(X509_get_subject_name(x), NID_commonName), "issuer",
                     name_entry(X509_get_issuer_name(x), NID_commonName), "not_before",
                     (json_int_t)instant_of(X509_get0_notBefore(x)), "not_after",
                     (json_int_t)instant_of(X509_get0_notAfter(x)), "sha256", hex);
}

json_t *sig_trust_describe(const sig_trust *trust)
{
    json_t *anchors = json_array(), *crls = json_array();
    bool bad = false;
    if (trust && trust->anchors_pem && *trust->anchors_pem) {
        BIO *b = BIO_new_mem_buf(trust->anchors_pem, -1);
        X509 *x;
        while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
            json_array_append_new(anchors, cert_row(x));
            X509_free(x);
        }
        bad = !json_array_size(anchors);
        BIO_free(b);
    }
    if (trust && trust->crls_pem && *trust->crls_pem) {
        BIO *b = BIO_new_mem_buf(trust->crls_pem, -1);
        X509_CRL *c;
        while (b && (c = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL))) {
            STACK_OF(X509_REVOKED) *rev = X509_CRL_get_REVOKED(c);
            json_array_append_new(
                crls, json_pack("{s:o,s:I,s:I,s:i}", "issuer",
                                name_entry(X509_CRL_get_issuer(c), NID_commonName), "this_update",
                                (json_int_t)instant_of(X509_CRL_get0_lastUpdate(c)), "next_update",
                                (json_int_t)instant_of(X509_CRL_get0_nextUpdate(c)), "revoked",
                                rev ? sk_X509_REVOKED_num(rev) : 0));
            X509_CRL_free(c);
        }
        bad = bad || !json_array_size(crls);
        BIO_free(b);
    }
    ERR_clear_error();
    if (bad) {
        json_decref(anchors);
        json_decref(crls);
        return NULL;
    }
    return json_pack("{s:o,s:o}", "anchors", anchors, "crls", crls);
}

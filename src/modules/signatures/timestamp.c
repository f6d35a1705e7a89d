#include "modules/signatures/timestamp.h"

#include "modules/signatures/der.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <string.h>

/* The token inside the attribute: its value is the token's DER (a ContentInfo). */
static PKCS7 *token_of(CMS_SignerInfo *si)
{
    int i = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    X509_ATTRIBUTE *a = i >= 0 ? CMS_unsigned_get_attr(si, i) : NULL;
    ASN1_TYPE *t = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
    if (!t || t->type != V_ASN1_SEQUENCE) return NULL;
    const unsigned char *p = t->value.sequence->data;
    return d2i_PKCS7(NULL, &p, t->value.sequence->length);
}

static json_t *entry(int64_t at, json_t *tsa, const char *indication, const char *sub)
{
    return json_pack("{s:o,s:o,s:s,s:s}", "time_at",
                     at == INT64_MIN ? json_null() : json_integer(at), "tsa",
                     tsa ? tsa : json_null(), "indication", indication, "sub_indication", sub);
}

/* The TSA's name as its token gives it (the GeneralName's directory name's common name). */
static json_t *tsa_of(TS_TST_INFO *info)
{
    const GENERAL_NAME *g = TS_TST_INFO_get_tsa(info);
    if (!g || g->type != GEN_DIRNAME) return NULL;
    int i = X509_NAME_get_index_by_NID(g->d.directoryName, NID_commonName, -1);
    if (i < 0) return NULL;
    unsigned char *utf8 = NULL;
    int len = ASN1_STRING_to_UTF8(
        &utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(g->d.directoryName, i)));
    if (len < 0) return NULL;
    json_t *s = json_stringn((const char *)utf8, (size_t)len);
    OPENSSL_free(utf8);
    return s;
}

json_t *sig_timestamp(CMS_SignerInfo *si, X509_STORE *st, int64_t *poe)
{
    *poe = INT64_MIN;
    if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) < 0) return NULL;
    PKCS7 *token = token_of(si);
    TS_TST_INFO *info = token ? PKCS7_to_TS_TST_INFO(token) : NULL;
    if (!info) {
        PKCS7_free(token);
        ERR_clear_error();
        return entry(INT64_MIN, NULL, "TOTAL-FAILED", "FORMAT_FAILURE");
    }
    int64_t at = sig_instant(TS_TST_INFO_get_time(info), INT64_MIN);
    json_t *tsa = tsa_of(info);
    TS_TST_INFO_free(info);
    ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
    TS_VERIFY_CTX *vc = TS_VERIFY_CTX_new();
    BIO *data = value ? BIO_new_mem_buf(value->data, value->length) : NULL;
    if (!vc || !data || at == INT64_MIN || !X509_STORE_up_ref(st)) {
        TS_VERIFY_CTX_free(vc);
        BIO_free(data);
        PKCS7_free(token);
        return entry(at, tsa, "TOTAL-FAILED", "FORMAT_FAILURE");
    }
    /* The context owns the data and a reference to the store. The TSA's chain is judged at the
     * token's time: a time-stamp outlives its TSA's certificate. */
    TS_VERIFY_CTX_set_data(vc, data);
    TS_VERIFY_CTX_set_store(vc, st);
    TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_SIGNER | TS_VFY_DATA);
    X509_VERIFY_PARAM *vp = X509_STORE_get0_param(st);
    X509_VERIFY_PARAM_set_time(vp, (time_t)(at / 1000000));
    ERR_clear_error();
    int ok = TS_RESP_verify_token(vc, token);
    unsigned long e = ok == 1 ? 0 : ERR_peek_last_error();
    X509_VERIFY_PARAM_clear_flags(vp, X509_V_FLAG_USE_CHECK_TIME);
    ERR_clear_error();
    TS_VERIFY_CTX_free(vc);
    PKCS7_free(token);
    if (ok == 1) {
        *poe = at;
        return entry(at, tsa, "TOTAL-PASSED", "");
    }
    if (ERR_GET_LIB(e) == ERR_LIB_TS && ERR_GET_REASON(e) == TS_R_MESSAGE_IMPRINT_MISMATCH)
        return entry(at, tsa, "TOTAL-FAILED", "HASH_FAILURE");
    if (ERR_GET_LIB(e) == ERR_LIB_TS && ERR_GET_REASON(e) == TS_R_CERTIFICATE_VERIFY_ERROR)
        return entry(at, tsa, "INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND");
    return entry(at, tsa, "TOTAL-FAILED", "SIG_CRYPTO_FAILURE");
}

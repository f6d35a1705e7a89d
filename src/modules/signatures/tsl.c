#include "modules/signatures/tsl.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "base/hex.h"
#include "base/timefmt.h"
#include "modules/signatures/der.h"

#define TSL_NS        "http://uri.etsi.org/02231/v2#"
#define TSL_TYPE_LOTL "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists"
#define GRANTED       "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
#define SVC_TYPE      "http://uri.etsi.org/TrstSvc/Svctype/"

/* ---- libxml2 and xmlsec, set up once for the process ---- */

static bool ready;

/* xmlsec reports to stderr by default: what went wrong reaches people as a verdict. */
static void quiet(const char *file, int line, const char *func, const char *object,
                  const char *subject, int reason, const char *msg)
{
    (void)file, (void)line, (void)func, (void)object, (void)subject, (void)reason, (void)msg;
}

static void setup(void)
{
    xmlInitParser();
    ready = xmlSecInit() == 0 && xmlSecCheckVersion() == 1 && xmlSecCryptoAppInit(NULL) == 0 &&
            xmlSecCryptoInit() == 0;
    xmlSecErrorsSetCallback(quiet);
}

/* ---- walking the list ---- */

static bool named(xmlNodePtr n, const char *name, const char *ns)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) &&
           (!ns || (n->ns && !strcmp((const char *)n->ns->href, ns)));
}

/* The first element child of n called name in the TSL namespace. */
static xmlNodePtr kid(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name, TSL_NS)) return c;
    return NULL;
}

/* The text of n, trimmed, as a JSON string (null when absent). */
static json_t *text_of(xmlNodePtr n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    if (!t) return json_null();
    const char *s = (const char *)t;
    size_t len = strlen(s);
    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') s++, len--;
    while (len && strchr(" \n\r\t", s[len - 1])) len--;
    json_t *j = json_stringn(s, len);
    xmlFree(t);
    return j ? j : json_null();
}

/* The name in Italian where the list gives one, else the first. */
static json_t *name_of(xmlNodePtr names)
{
    xmlNodePtr first = NULL;
    for (xmlNodePtr c = names ? names->children : NULL; c; c = c->next) {
        if (!named(c, "Name", TSL_NS)) continue;
        if (!first) first = c;
        xmlChar *lang = xmlNodeGetLang(c);
        bool it = lang && !strcmp((const char *)lang, "it");
        xmlFree(lang);
        if (it) return text_of(c);
    }
    return text_of(first);
}

static int64_t instant_of(xmlNodePtr n)
{
    json_t *t = text_of(n);
    int64_t us = 0;
    if (!json_is_string(t) || time_parse_local(json_string_value(t), &us) != 0) us = INT64_MIN;
    json_decref(t);
    return us;
}

/* A base64 X509Certificate element as a certificate. */
static X509 *cert_of(xmlNodePtr n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    size_t len = 0;
    unsigned char *der = t ? sig_base64(t, strlen((const char *)t), &len) : NULL;
    const unsigned char *p = der;
    X509 *x = der ? d2i_X509(NULL, &p, (long)len) : NULL;
    free(der);
    xmlFree(t);
    return x;
}

/* Appends the certificates of every X509Certificate under a ServiceDigitalIdentity. */
static int digital_ids(xmlNodePtr identity, BIO *pem, int *count)
{
    for (xmlNodePtr d = identity ? identity->children : NULL; d; d = d->next) {
        if (!named(d, "DigitalId", TSL_NS)) continue;
        X509 *x = cert_of(kid(d, "X509Certificate"));
        if (!x) continue;
        int ok = PEM_write_bio_X509(pem, x);
        X509_free(x);
        if (!ok) return -1;
        (*count)++;
    }
    return 0;
}

static char *bio_text(BIO *b)
{
    char *data;
    long n = BIO_get_mem_data(b, &data);
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    memcpy(s, data, (size_t)n);
    s[n] = '\0';
    return s;
}

/* ---- the XML signature ---- */

/* Whether the list's enveloped signature (the root's ds:Signature child) verifies with one of
 * the certificates in pem, over a reference to the whole document ("": what is read is what
 * was signed, so no wrapped element can pass). References outside the document are not
 * fetched. */
static bool signed_by(xmlDocPtr doc, const char *pem)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), sig = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (named(c, "Signature", (const char *)xmlSecDSigNs)) sig = c;
    if (!sig || !pem) return false;
    const xmlChar *ids[] = {BAD_CAST "Id", NULL};
    xmlSecAddIDs(doc, root, ids);
    BIO *b = BIO_new_mem_buf(pem, -1);
    X509 *x;
    bool ok = false;
    while (!ok && b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
        unsigned char *der = NULL;
        int n = i2d_X509(x, &der);
        X509_free(x);
        xmlSecKeyPtr key =
            n > 0 ? xmlSecCryptoAppKeyLoadMemory(der, (xmlSecSize)n, xmlSecKeyDataFormatCertDer,
                                                 NULL, NULL, NULL)
                  : NULL;
        OPENSSL_free(der);
        xmlSecDSigCtxPtr ctx = key ? xmlSecDSigCtxCreate(NULL) : NULL;
        if (!ctx) {
            if (key) xmlSecKeyDestroy(key);
            continue;
        }
        ctx->signKey = key; /* the context owns it now */
        ctx->enabledReferenceUris =
            xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument;
        if (xmlSecDSigCtxVerify(ctx, sig) == 0 && ctx->status == xmlSecDSigStatusSucceeded) {
            xmlSecSize refs = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
            for (xmlSecSize i = 0; i < refs; i++) {
                xmlSecDSigReferenceCtxPtr r = xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);
                if (r && r->uri && !r->uri[0] && r->status == xmlSecDSigStatusSucceeded) ok = true;
            }
        }
        xmlSecDSigCtxDestroy(ctx);
    }
    BIO_free(b);
    ERR_clear_error();
    return ok;
}

/* ---- reading a list ---- */

typedef struct list {
    xmlDocPtr doc;
    xmlNodePtr info; /* SchemeInformation */
    json_t *type, *territory;
} list;

static const char *parse(const void *data, size_t len, list *l)
{
    *l = (list){0};
    if (len > SIG_TSL_MAX_BYTES) return "signatures.tsl.too_large";
    l->doc = xmlReadMemory(data, (int)len, "tsl.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr root = l->doc ? xmlDocGetRootElement(l->doc) : NULL;
    /* No DTD: nothing to expand, nothing to fetch. */
    if (!root || l->doc->intSubset || !named(root, "TrustServiceStatusList", TSL_NS) ||
        !(l->info = kid(root, "SchemeInformation")))
        return "signatures.tsl.bad_xml";
    l->type = text_of(kid(l->info, "TSLType"));
    l->territory = text_of(kid(l->info, "SchemeTerritory"));
    if (!json_is_string(l->type) || !json_is_string(l->territory)) return "signatures.tsl.bad_xml";
    return NULL;
}

static void list_free(list *l)
{
    if (l->doc) xmlFreeDoc(l->doc);
    json_decref(l->type);
    json_decref(l->territory);
}

static bool is_lotl(const list *l)
{
    return !strcmp(json_string_value(l->type), TSL_TYPE_LOTL);
}

/* The LOTL's certificates for the list of territory (its XML pointer, not the PDF one). */
static char *pointer_certs(const list *lotl, const char *territory)
{
    BIO *pem = BIO_new(BIO_s_mem());
    int count = 0;
    bool failed = false;
    for (xmlNodePtr p = kid(kid(lotl->info, "PointersToOtherTSL"), "OtherTSLPointer"); pem && p;
         p = p->next) {
        if (!named(p, "OtherTSLPointer", TSL_NS)) continue;
        bool here = false, xml = false;
        xmlNodePtr info = kid(p, "AdditionalInformation");
        for (xmlNodePtr o = info ? info->children : NULL; o; o = o->next) {
            for (xmlNodePtr v = o->children; v; v = v->next) {
                if (v->type != XML_ELEMENT_NODE) continue;
                json_t *t = text_of(v);
                const char *s = json_string_value(t);
                if (s && !strcmp((const char *)v->name, "SchemeTerritory"))
                    here = !strcmp(s, territory);
                if (s && !strcmp((const char *)v->name, "MimeType")) xml = strstr(s, "xml") != NULL;
                json_decref(t);
            }
        }
        if (!here || !xml) continue;
        for (xmlNodePtr id = kid(kid(p, "ServiceDigitalIdentities"), "ServiceDigitalIdentity"); id;
             id = id->next)
            if (named(id, "ServiceDigitalIdentity", TSL_NS) && digital_ids(id, pem, &count) != 0)
                failed = true;
    }
    char *s = pem && count && !failed ? bio_text(pem) : NULL;
    BIO_free(pem);
    return s;
}

/* The qualified services granted now: their certificates into pem, a row each into rows. */
static int services(const list *l, BIO *pem, json_t *rows)
{
    int count = 0;
    xmlNodePtr root = xmlDocGetRootElement(l->doc);
    for (xmlNodePtr tsp = kid(kid(root, "TrustServiceProviderList"), "TrustServiceProvider"); tsp;
         tsp = tsp->next) {
        if (!named(tsp, "TrustServiceProvider", TSL_NS)) continue;
        for (xmlNodePtr s = kid(kid(tsp, "TSPServices"), "TSPService"); s; s = s->next) {
            xmlNodePtr si = kid(s, "ServiceInformation");
            if (!si) continue;
            json_t *type = text_of(kid(si, "ServiceTypeIdentifier"));
            json_t *status = text_of(kid(si, "ServiceStatus"));
            const char *t = json_string_value(type), *st = json_string_value(status);
            const char *kind = NULL;
            if (t && !strncmp(t, SVC_TYPE, strlen(SVC_TYPE)) &&
                (!strcmp(t + strlen(SVC_TYPE), "CA/QC") ||
                 !strcmp(t + strlen(SVC_TYPE), "TSA/QTST")))
                kind = t + strlen(SVC_TYPE);
            int before = count;
            if (kind && st && !strcmp(st, GRANTED) &&
                digital_ids(kid(si, "ServiceDigitalIdentity"), pem, &count) == 0 && count > before)
                json_array_append_new(
                    rows, json_pack("{s:o,s:o,s:s}", "provider",
                                    name_of(kid(kid(tsp, "TSPInformation"), "TSPName")), "name",
                                    name_of(kid(si, "ServiceName")), "kind", kind));
            json_decref(type);
            json_decref(status);
        }
    }
    return count;
}

/* What the list says of itself; the reason it is refused at now, or NULL. */
static const char *scheme(const list *l, int64_t now, json_t *out, const char *prefix)
{
    char key[32];
    int64_t issued = instant_of(kid(l->info, "ListIssueDateTime"));
    int64_t next = instant_of(kid(kid(l->info, "NextUpdate"), "dateTime"));
    json_t *seq = text_of(kid(l->info, "TSLSequenceNumber"));
    snprintf(key, sizeof key, "%ssequence", prefix);
    json_object_set_new(out, key, seq);
    snprintf(key, sizeof key, "%sissued_at", prefix);
    json_object_set_new(out, key, issued == INT64_MIN ? json_null() : json_integer(issued));
    snprintf(key, sizeof key, "%snext_update_at", prefix);
    json_object_set_new(out, key, next == INT64_MIN ? json_null() : json_integer(next));
    if (issued == INT64_MIN || issued > now) return "signatures.tsl.bad_xml";
    /* A list without a next update is closed: its state ceased to keep it. */
    if (next == INT64_MIN || next < now) return "signatures.tsl.expired";
    return NULL;
}

json_t *sig_tsl_read(const sig_tsl_input *in, int64_t now, char **anchors_pem, const char **reason)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, setup);
    *anchors_pem = NULL;
    *reason = "signatures.tsl.bad_xml";
    if (!ready) return NULL;
    list tl = {0}, lotl = {0};
    json_t *out = json_object(), *rows = json_array();
    char *signer = NULL;
    bool ok = false;
    BIO *pem = BIO_new(BIO_s_mem());
    if (!out || !rows || !pem) {
        *reason = NULL;
        goto fail;
    }
    if ((*reason = parse(in->list, in->list_len, &tl))) goto fail;
    *reason = "signatures.tsl.is_lotl";
    if (is_lotl(&tl)) goto fail;
    if (in->lotl) {
        if ((*reason = parse(in->lotl, in->lotl_len, &lotl))) goto fail;
        *reason = "signatures.tsl.not_lotl";
        if (!is_lotl(&lotl)) goto fail;
        *reason = "signatures.tsl.lotl_bad_signature";
        if (!signed_by(lotl.doc, in->lotl_signer_pem)) goto fail;
        if ((*reason = scheme(&lotl, now, out, "lotl_"))) goto fail;
        *reason = "signatures.tsl.no_pointer";
        if (!(signer = pointer_certs(&lotl, json_string_value(tl.territory)))) goto fail;
    } else {
        *reason = "signatures.tsl.no_signer";
        if (!in->signer_pem || !*in->signer_pem || !(signer = strdup(in->signer_pem))) goto fail;
    }
    *reason = "signatures.tsl.bad_signature";
    if (!signed_by(tl.doc, signer)) goto fail;
    if ((*reason = scheme(&tl, now, out, ""))) goto fail;
    *reason = "signatures.tsl.no_services";
    if (services(&tl, pem, rows) == 0 || !(*anchors_pem = bio_text(pem))) goto fail;
    char sha[65];
    sha256_hex(in->list, in->list_len, sha);
    json_object_set(out, "type", tl.type);
    json_object_set(out, "territory", tl.territory);
    json_object_set_new(out, "operator", name_of(kid(tl.info, "SchemeOperatorName")));
    json_object_set_new(out, "sha256", json_string(sha));
    json_object_set_new(out, "services", rows);
    rows = NULL;
    *reason = NULL;
    ok = true;
fail:
    if (!ok) {
        json_decref(out);
        out = NULL;
    }
    json_decref(rows);
    BIO_free(pem);
    free(signer);
    list_free(&tl);
    list_free(&lotl);
    return out;
}

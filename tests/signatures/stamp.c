/* A test tool for tests/signatures/fixtures.sh, which has no command to put a time-stamp into
 * a CAdES file (openssl ts makes the token; this does the ASN.1 around it):
 *   stamp-tool value IN.p7m OUT.bin          the outermost signature's value, to be stamped
 *   stamp-tool attach IN.p7m TOKEN.der OUT   IN with the token as the signature's unsigned
 *                                            attribute id-aa-signatureTimeStampToken (CAdES-T) */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    rewind(f);
    unsigned char *b = malloc((size_t)*len);
    if (b && fread(b, 1, (size_t)*len, f) != (size_t)*len) {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "value") && (strcmp(argv[1], "attach") || argc < 5))) {
        fputs("usage: stamp-tool value IN.p7m OUT.bin | attach IN.p7m TOKEN.der OUT.p7m\n", stderr);
        return 2;
    }
    BIO *in = BIO_new_file(argv[2], "rb");
    CMS_ContentInfo *cms = in ? d2i_CMS_bio(in, NULL) : NULL;
    BIO_free(in);
    STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num(sis) > 0 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    if (!si) {
        fprintf(stderr, "stamp-tool: %s is not a CMS signed file\n", argv[2]);
        return 1;
    }
    int rc = 1;
    if (!strcmp(argv[1], "value")) {
        ASN1_OCTET_STRING *v = CMS_SignerInfo_get0_signature(si);
        FILE *out = fopen(argv[3], "wb");
        if (out && fwrite(v->data, 1, (size_t)v->length, out) == (size_t)v->length) rc = 0;
        if (out) fclose(out);
    } else {
        long len = 0;
        unsigned char *token = slurp(argv[3], &len);
        BIO *out = BIO_new_file(argv[4], "wb");
        if (token && out &&
            CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                          token, (int)len) == 1 &&
            i2d_CMS_bio(out, cms) == 1)
            rc = 0;
        BIO_free(out);
        free(token);
    }
    CMS_ContentInfo_free(cms);
    if (rc) fprintf(stderr, "stamp-tool: %s failed\n", argv[1]);
    return rc;
}

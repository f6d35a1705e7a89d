/* `coprog signature verify`: the same verification the agreements page runs on an upload, for
 * an operator or an auditor holding the file, the trusted CAs (or the trusted list naming them)
 * and their CRLs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/hex.h"
#include "base/timefmt.h"
#include "cli/verbs.h"
#include "modules/signatures/signatures.h"
#include "modules/signatures/tsl.h"

/* The whole file (malloc'd, NUL-terminated), at most max bytes; NULL when unreadable. */
static char *slurp(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *b = malloc(max + 1);
    size_t n = b ? fread(b, 1, max + 1, f) : 0;
    fclose(f);
    if (!b || n > max) {
        free(b);
        return NULL;
    }
    b[n] = '\0';
    *len = n;
    return b;
}

/* The options, in the order of the texts read. */
static const char *const OPTS[] = {
    "--trust", "--crl",        "--document", "--trust-list", "--trust-list-signer",
    "--lotl",  "--lotl-signer"};
enum { TRUST, CRL, DOCUMENT, LIST, LIST_SIGNER, LOTL, LOTL_SIGNER, NOPTS };

/* The anchors a trusted list names, checked at now; NULL (said why) when refused. */
static char *anchors_of_list(char *const *texts, const size_t *lens, int64_t now)
{
    sig_tsl_input in = {texts[LIST], lens[LIST], texts[LIST_SIGNER],
                        texts[LOTL], lens[LOTL], texts[LOTL_SIGNER]};
    char *anchors = NULL;
    const char *reason = NULL;
    json_t *meta = sig_tsl_read(&in, now, &anchors, &reason);
    if (!meta) {
        fprintf(stderr, "coprog: trusted list refused: %s\n", reason ? reason : "out of memory");
        return NULL;
    }
    fprintf(stderr, "coprog: trusted list %s no. %s, %zu qualified services\n",
            json_string_value(json_object_get(meta, "territory")),
            json_string_value(json_object_get(meta, "sequence")),
            json_array_size(json_object_get(meta, "services")));
    json_decref(meta);
    return anchors;
}

int cmd_signature_verify(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: coprog signature verify FILE [--trust CAS.pem | --trust-list TL.xml "
              "(--trust-list-signer PEM | --lotl LOTL.xml --lotl-signer PEM)] [--crl CRLS.pem] "
              "[--document ORIGINAL] [--at INSTANT]\n",
              stderr);
        return 2;
    }
    const char *paths[NOPTS] = {NULL};
    /* --at: the validation time (an instant ending in Z), for "would it still hold then". */
    int64_t now = clock_now_us();
    for (int i = 4; i + 1 < argc; i += 2) {
        for (int k = 0; k < NOPTS; k++)
            if (!strcmp(argv[i], OPTS[k])) paths[k] = argv[i + 1];
        if (!strcmp(argv[i], "--at") && time_parse_local(argv[i + 1], &now) != 0) {
            fprintf(stderr, "coprog: --at wants an instant such as 2030-01-01T00:00:00Z\n");
            return 2;
        }
    }
    size_t len = 0, lens[NOPTS] = {0};
    char *file = slurp(argv[3], SIG_MAX_BYTES, &len), *texts[NOPTS] = {NULL}, *listed = NULL;
    int rc = 2;
    if (!file) {
        fprintf(stderr, "coprog: cannot read %s (or larger than %d MB)\n", argv[3],
                SIG_MAX_BYTES >> 20);
        return 2;
    }
    for (int i = 0; i < NOPTS; i++)
        if (paths[i] && !(texts[i] = slurp(paths[i], SIG_MAX_BYTES, &lens[i]))) {
            fprintf(stderr, "coprog: cannot read %s\n", paths[i]);
            goto out;
        }
    if (texts[LIST] && !(listed = anchors_of_list(texts, lens, now))) goto out;
    char sha[65] = "";
    if (texts[DOCUMENT]) sha256_hex(texts[DOCUMENT], lens[DOCUMENT], sha);
    sig_trust trust = {listed ? listed : texts[TRUST], texts[CRL]};
    sig_expect expect = {texts[DOCUMENT] ? sha : NULL, lens[DOCUMENT]};
    json_t *report = sig_verify(file, len, &trust, texts[DOCUMENT] ? &expect : NULL, now);
    if (!report) goto out;
    json_dumpf(report, stdout, JSON_INDENT(2));
    putchar('\n');
    const char *ind = json_string_value(json_object_get(report, "indication"));
    rc = !strcmp(ind, "TOTAL-PASSED") ? 0 : !strcmp(ind, "TOTAL-FAILED") ? 1 : 3;
    json_decref(report);
out:
    free(file);
    free(listed);
    for (int i = 0; i < NOPTS; i++) free(texts[i]);
    return rc;
}

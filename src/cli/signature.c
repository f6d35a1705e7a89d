/* `coprog signature verify`: the same verification the agreements page runs on an upload, for
 * an operator or an auditor holding the file, the trusted CAs and their CRLs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/hex.h"
#include "cli/verbs.h"
#include "modules/signatures/signatures.h"

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

int cmd_signature_verify(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: coprog signature verify FILE [--trust CAS.pem] [--crl CRLS.pem] "
              "[--document ORIGINAL]\n",
              stderr);
        return 2;
    }
    const char *paths[3] = {NULL, NULL, NULL}; /* trust, crl, document */
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--trust"))
            paths[0] = argv[i + 1];
        else if (!strcmp(argv[i], "--crl"))
            paths[1] = argv[i + 1];
        else if (!strcmp(argv[i], "--document"))
            paths[2] = argv[i + 1];
    }
    size_t len = 0, lens[3] = {0, 0, 0};
    char *file = slurp(argv[3], SIG_MAX_BYTES, &len), *texts[3] = {NULL, NULL, NULL};
    int rc = 2;
    if (!file) {
        fprintf(stderr, "coprog: cannot read %s (or larger than %d MB)\n", argv[3],
                SIG_MAX_BYTES >> 20);
        return 2;
    }
    for (int i = 0; i < 3; i++)
        if (paths[i] && !(texts[i] = slurp(paths[i], SIG_MAX_BYTES, &lens[i]))) {
            fprintf(stderr, "coprog: cannot read %s\n", paths[i]);
            goto out;
        }
    char sha[65] = "";
    if (texts[2]) sha256_hex(texts[2], lens[2], sha);
    sig_trust trust = {texts[0], texts[1]};
    sig_expect expect = {texts[2] ? sha : NULL, lens[2]};
    json_t *report = sig_verify(file, len, &trust, texts[2] ? &expect : NULL, clock_now_us());
    if (!report) goto out;
    json_dumpf(report, stdout, JSON_INDENT(2));
    putchar('\n');
    const char *ind = json_string_value(json_object_get(report, "indication"));
    rc = !strcmp(ind, "TOTAL-PASSED") ? 0 : !strcmp(ind, "TOTAL-FAILED") ? 1 : 3;
    json_decref(report);
out:
    free(file);
    for (int i = 0; i < 3; i++) free(texts[i]);
    return rc;
}

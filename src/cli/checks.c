#include "cli/verbs.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "check/check.h"
#include "modules/audit/audit.h"
#include "modules/opendata/opendata.h"
#include "modules/receipts/receipts.h"

int cmd_validate(int argc, char **argv)
{
    if (argc != 4) return usage();
    char out[64];
    check_result rc;
    const char *kind = argv[2];
    if (strcmp(kind, "cf") == 0)
        rc = check_cf(argv[3], out);
    else if (strcmp(kind, "piva") == 0)
        rc = check_piva(argv[3], out);
    else if (strcmp(kind, "iban") == 0)
        rc = check_iban(argv[3], out);
    else if (strcmp(kind, "cup") == 0)
        rc = check_cup(argv[3], out);
    else if (strcmp(kind, "cig") == 0)
        rc = check_cig(argv[3], out);
    else
        return usage();
    if (rc != CHECK_OK) {
        fprintf(stderr, "invalid %s: %s\n", kind, check_message(rc));
        return 1;
    }
    printf("%s\n", out);
    return 0;
}

int cmd_audit_verify(opts *o)
{
    db *d = open_db(o->db, false);
    if (!d) return 1;
    int64_t rows = 0, bad = 0;
    char why[256] = "";
    int rc = audit_verify(db_conn_get(d), &rows, &bad, why, sizeof why);
    if (rc == 0)
        printf("audit log intact: %lld rows\n", (long long)rows);
    else
        fprintf(stderr, "audit log broken at row %lld: %s\n", (long long)bad, why);
    db_close(d);
    return rc == 0 ? 0 : 1;
}

/* Who signed must be checked against a key the reader trusts: --key (the public key the city
 * publishes at /receipts), else this instance's own key from --db. With neither, the receipt
 * can only be checked against the key written inside it, which anyone re-signing it would
 * write too: that is said plainly, with exit status 3, never "valid". */
int cmd_receipt_verify(int argc, char **argv)
{
    if (argc < 4) return usage();
    const char *file = argv[3], *key64 = NULL;
    const char *env_db = getenv("COPROG_DB");
    const char *dburl = env_db ? env_db : CLI_DEFAULT_DB;
    for (int i = 4; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--key") == 0) key64 = argv[i + 1];
        if (strcmp(argv[i], "--db") == 0) dburl = argv[i + 1];
    }
    if (!dburl) return usage();
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "coprog: cannot read %s\n", file);
        return 1;
    }
    enum { RECEIPT_FILE_MAX = 1 << 20 };
    char *text = malloc(RECEIPT_FILE_MAX);
    size_t len = text ? fread(text, 1, RECEIPT_FILE_MAX, f) : 0;
    fclose(f);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t got = 0;
    const char *whose = "the key given with --key";
    if (key64 && (sodium_base642bin(pk, sizeof pk, key64, strlen(key64), NULL, &got, NULL,
                                    sodium_base64_VARIANT_ORIGINAL) ||
                  got != sizeof pk)) {
        fprintf(stderr, "coprog: --key is not a base64 Ed25519 public key\n");
        free(text);
        return 2;
    }
    bool known = key64 != NULL;
    if (!known) {
        /* The instance's own key, read only: nothing is created or migrated here. */
        db *d = NULL;
        char err[256];
        /* A SQLite file that is not there is not made here. */
        bool absent = strncmp(dburl, "sqlite:", 7) == 0 && access(dburl + 7, R_OK) != 0;
        if (!absent && db_open(dburl, &d, err, sizeof err) == 0) {
            db_conn *c = db_conn_get(d);
            known = c && receipt_public_key(c, pk) == 0;
            db_close(d);
        }
        whose = "this instance's key";
    }
    receipt_rc rc = text ? receipt_verify(text, len, known ? pk : NULL) : RECEIPT_MALFORMED;
    free(text);
    if (rc == RECEIPT_VALID && known) {
        char b64[64];
        receipt_public_b64(pk, b64);
        printf("valid: the receipt is intact and signed by %s (%s)\n", whose, b64);
        return 0;
    }
    if (rc == RECEIPT_VALID) {
        fprintf(stderr,
                "not verified: the receipt is consistent with the key written inside it, "
                "but no trusted key was at hand (no --key, and no instance key in %s); "
                "anyone re-signing it would pass this. Give --key with the public key "
                "the city publishes at /receipts.\n",
                dburl);
        return 3;
    }
    fprintf(stderr, "%s\n", receipt_message(rc));
    return 1;
}

int cmd_routes(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < app_nroutes; i++) {
        const route *rt = &app_routes[i];
        json_t *allowed = json_array();
        for (unsigned k = 0; k < ROLE_COUNT; k++)
            if (router_allows(rt->perm, true, 1u << k))
                json_array_append_new(allowed, json_string(role_names[k]));
        json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:o}", "method", rt->method, "pattern",
                                           rt->pattern, "public", rt->perm == PERM_PUBLIC, "roles",
                                           allowed));
    }
    json_dumpf(a, stdout, JSON_INDENT(1));
    putchar('\n');
    json_decref(a);
    return 0;
}

int cmd_opendata_sql(void)
{
    /* The statement behind each file without its paging: the first parameter (the keyset
     * position) from the start, the second (the page) without a limit. Our own text, so the
     * substitution needs no quoting. */
    for (size_t i = 0; i < OPENDATA_COUNT; i++) {
        printf("-- %s\n", OPENDATA[i].name);
        int n = 0;
        for (const char *p = OPENDATA[i].sql; *p; p++) {
            if (*p != '?') {
                putchar(*p);
                continue;
            }
            fputs(n++ ? "9223372036854775807" : "0", stdout);
        }
        puts(";");
    }
    return 0;
}

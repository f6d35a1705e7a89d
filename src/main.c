/* coprog: one binary, a few verbs (src/cli/). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "cli/demo.h"
#include "cli/housing_import.h"
#include "cli/igrue.h"
#include "cli/verbs.h"

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "coprog: libsodium failed to start\n");
        return 1;
    }
    time_init();
    if (argc < 2) return usage();
    const char *verb = argv[1];
    if (strcmp(verb, "validate") == 0) return cmd_validate(argc, argv);
    if (strcmp(verb, "routes") == 0) return cmd_routes();
    if (strcmp(verb, "opendata") == 0 && argc == 3 && strcmp(argv[2], "sql") == 0)
        return cmd_opendata_sql();
    if (strcmp(verb, "signature") == 0 && argc >= 3 && strcmp(argv[2], "verify") == 0)
        return cmd_signature_verify(argc, argv);
    if (strcmp(verb, "receipt") == 0 && argc >= 3 && strcmp(argv[2], "verify") == 0)
        return cmd_receipt_verify(argc, argv);
    opts o;
    bool two_words =
        (strcmp(verb, "user") == 0 || strcmp(verb, "token") == 0 || strcmp(verb, "city") == 0 ||
         strcmp(verb, "audit") == 0 || strcmp(verb, "housing") == 0);
    if (two_words && argc < 3) return usage();
    if (parse_opts(argc - (two_words ? 2 : 1), argv + (two_words ? 2 : 1), &o)) return usage();
    if (strcmp(verb, "serve") == 0) return cmd_serve(&o);
    if (strcmp(verb, "migrate") == 0) {
        db *d = open_db(o.db, true);
        if (!d) return 1;
        printf("schema at version %d\n", db_schema_version(db_conn_get(d)));
        db_close(d);
        return 0;
    }
    if (strcmp(verb, "demo") == 0) {
        double scale = 0;
        if (o.scale) {
            char *end = NULL;
            scale = strcmp(o.scale, "milan") == 0 ? 1 : strtod(o.scale, &end);
            if ((end && *end) || !(scale >= 0.01 && scale <= 100)) {
                fprintf(stderr, "coprog: --scale is \"milan\" or a multiple of it from 0.01 to "
                                "100 (e.g. 0.1, 10)\n");
                return 2;
            }
        }
        db *d = open_db(o.db, true);
        if (!d) return 1;
        int rc = demo_create(d, o.password, scale);
        db_close(d);
        return rc ? 1 : 0;
    }
    if (strcmp(verb, "igrue") == 0) {
        if (!o.date || !o.out) return usage();
        if (date_parse(o.date, NULL, NULL, NULL)) {
            fprintf(stderr,
                    "coprog igrue: --date %s is not a date that exists (YYYY-MM-DD, %d-%d)\n",
                    o.date, DATE_MIN_YEAR, DATE_MAX_YEAR);
            return 2;
        }
        db *d = open_db(o.db, false);
        if (!d) return 1;
        int rc = igrue_export(d, o.city, o.date, o.out);
        db_close(d);
        return rc ? 1 : 0;
    }
    if (strcmp(verb, "backup") == 0) {
        if (!o.out) return usage();
        db *d = open_db(o.db, false);
        if (!d) return 1;
        char err[256];
        int rc = db_backup(d, o.out, err, sizeof err);
        if (rc)
            fprintf(stderr, "coprog: backup failed: %s\n", err);
        else
            printf("backup written to %s\n", o.out);
        db_close(d);
        return rc ? 1 : 0;
    }
    if (two_words && strcmp(verb, "housing") == 0 && strcmp(argv[2], "import") == 0) {
        db *d = open_db(o.db, true);
        if (!d) return 1;
        int rc = housing_import_cli(d, o.city, o.file, o.out);
        db_close(d);
        return rc;
    }
    if (two_words && strcmp(verb, "city") == 0 && strcmp(argv[2], "add") == 0)
        return cmd_city_add(&o);
    if (two_words && strcmp(verb, "user") == 0 && strcmp(argv[2], "add") == 0)
        return cmd_user_add(&o);
    if (two_words && strcmp(verb, "user") == 0 && strcmp(argv[2], "grant") == 0)
        return cmd_user_grant(&o);
    if (two_words && strcmp(verb, "token") == 0 && strcmp(argv[2], "create") == 0)
        return cmd_token_create(&o);
    if (two_words && strcmp(verb, "audit") == 0 && strcmp(argv[2], "verify") == 0)
        return cmd_audit_verify(&o);
    return usage();
}

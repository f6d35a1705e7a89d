/* The trusted anchors and CRLs, in the settings table so that every instance uses the same. */
#include <stdlib.h>
#include <string.h>

#include "modules/audit/audit.h"
#include "modules/signatures/signatures.h"

static const char *const KEYS[2] = {"signature_trust_anchors", "signature_trust_crls"};

int sig_trust_load(db_conn *c, char **anchors_pem, char **crls_pem)
{
    char *texts[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        db_rows *r =
            db_query(c, "SELECT value FROM settings WHERE key = ?", DB_ARGS(DB_TEXT(KEYS[i])));
        if (!r) goto fail;
        texts[i] = strdup(db_next(r) ? db_text(r, 0) : "");
        db_rows_close(r);
        if (!texts[i]) goto fail;
    }
    *anchors_pem = texts[0];
    *crls_pem = texts[1];
    return 0;
fail:
    free(texts[0]);
    free(texts[1]);
    return -1;
}

int sig_trust_save(db_conn *c, const char *anchors_pem, const char *crls_pem, int64_t by_user)
{
    sig_trust check = {anchors_pem, crls_pem};
    json_t *d = sig_trust_describe(&check);
    if (!d) return 1;
    const char *texts[2] = {anchors_pem, crls_pem};
    for (int i = 0; i < 2; i++) {
        if (!texts[i]) continue;
        if (db_exec(c,
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value",
                    DB_ARGS(DB_TEXT(KEYS[i]), DB_TEXT(texts[i])), NULL) != DB_OK) {
            json_decref(d);
            return -1;
        }
    }
    int au = audit_append(c, 0, by_user, "signature_trust", "settings", 0, d);
    json_decref(d);
    return au ? -1 : 0;
}

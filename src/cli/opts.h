/* The command line's options, shared by every verb, and what verbs need first: the usage text,
 * the database opened (and migrated), a password read from standard input. */
#ifndef COPROG_CLI_OPTS_H
#define COPROG_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"

typedef struct opts {
    const char *db, *listen, *password, *email, *name, *role, *city, *label, *root;
    const char *org, *org_name, *runts, *tax_code, *date, *out, *smtp, *mail_from, *base_url, *file,
        *scale;
    const char *page_cache_ms, *bodies_mb, *spool_dir, *trusted_proxy;
    bool second_factor_optional;
    const char *federation_authority, *federation_org;
    /* SPID/CIE: the trust anchor, a file with its keys, and NAME=URL per identity provider. */
    const char *trust_anchor, *trust_anchor_jwks, *identity_provider[8];
    unsigned nidentity_provider;
    const char *trust_mark[4], *provider_trust_mark;
    unsigned ntrust_mark;
    bool legal_rep;
    unsigned threads;
} opts;

/* The database when no --db and no COPROG_DB say otherwise. */
extern const char *const CLI_DEFAULT_DB;

/* Prints the usage and returns 2. */
int usage(void);
/* Reads --options after the verb into o; non-zero on an unknown one. */
int parse_opts(int argc, char **argv, opts *o);
/* Opens url (and applies pending migrations when migrate); NULL after saying why. */
db *open_db(const char *url, bool migrate);
/* One line of standard input, without its line break. */
int read_password(char *pw, size_t n);

#endif

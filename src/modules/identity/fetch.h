/* HTTP to the federation's members (libcurl). Module-internal. */
#ifndef COPROG_MODULES_IDENTITY_FETCH_H
#define COPROG_MODULES_IDENTITY_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "modules/identity/identity.h"

typedef struct fetched {
    long status;
    char *body; /* NUL-ended */
    size_t len;
    char content_type[96];
} fetched;

/* GET url, or POST form (application/x-www-form-urlencoded) when given, with a bearer token
 * when given. 0 with the answer in f (to free), -1 when it could not be had. */
int identity_fetch(const char *url, const char *form, const char *bearer, fetched *f);
void identity_fetched_free(fetched *f);
/* A value escaped for a form or a query: malloc'd. */
char *identity_form_escape(const char *s);

#endif

/* `coprog demo`: the City of Milan with one account per role (DOMAIN.md §4). */
#ifndef COPROG_CLI_DEMO_H
#define COPROG_CLI_DEMO_H

#include "db/db.h"

/* Creates the demo, or resets the demo accounts' passwords when it exists. password NULL:
 * a random one per account, printed once. Returns 0 or -1. */
int demo_create(db *d, const char *password);

#endif

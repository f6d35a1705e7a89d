/* `coprog demo`: the City of Milan with one account per role (DOMAIN.md §4). */
#ifndef COPROG_CLI_DEMO_H
#define COPROG_CLI_DEMO_H

#include "db/db.h"

/* Creates the demo, or resets the demo accounts' passwords when it exists. password NULL:
 * a random one per account, printed once. Returns 0 or -1. */
/* scale > 0 adds that many times Milan's whole public-housing stock and a year of activity
 * (1: Milan's size); only when the demo is first created. */
int demo_create(db *d, const char *password, double scale);

#endif

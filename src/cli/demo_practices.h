/* The demo's working group of cities: Bologna and Turin hosted beside Milan (fictional offices,
 * whose officers have random passwords never shown), each with its regulation on pacts, a
 * practice of each city with live figures and a peer review from another city, and model acts
 * with versions. */
#ifndef COPROG_CLI_DEMO_PRACTICES_H
#define COPROG_CLI_DEMO_PRACTICES_H

#include "db/db.h"

int demo_practices(db_conn *c, int64_t milan, int64_t officer);

#endif

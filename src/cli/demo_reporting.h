/* The demo's reporting: participants, indicator periods, expense claims in every state, their
 * checks, a sample draw and payments, for the active Quartieri Connessi agreements. */
#ifndef COPROG_CLI_DEMO_REPORTING_H
#define COPROG_CLI_DEMO_REPORTING_H

#include "db/db.h"

/* Runs inside the demo's transaction, with the clock at the demo's dates. 0 or -1. */
int demo_reporting(db_conn *c, int64_t city, int64_t officer);

#endif

/* `coprog demo --scale milan`: the size of Milan's public housing on top of the demo, for
 * benchmarks and capacity checks: 38,616 units and 47,187 residents (imported through the
 * same path as a real file), four in five of them signed up, a year of tickets (one per unit)
 * and of bookings of the common rooms (two a day in one room per 25 buildings). Set-based SQL,
 * so it takes seconds on either engine. The people cannot sign in (no password).
 * `--scale F` (a number) builds F times that stock, tickets and rooms, for growth curves. */
#ifndef COPROG_CLI_DEMO_SCALE_H
#define COPROG_CLI_DEMO_SCALE_H

#include "db/db.h"

enum { SCALE_UNITS = 38616, SCALE_RESIDENTS = 47187, SCALE_UNITS_PER_BUILDING = 26 };

/* Runs in the caller's transaction; prints what it made on stdout. */
int demo_scale_milan(db_conn *c, int64_t city, int64_t now, double factor);

#endif

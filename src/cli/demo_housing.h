/* The demo's public housing: buildings in the Quartieri Connessi neighbourhoods, their units
 * and fictional tenants (imported through the same path as a real file), resident1 at home in
 * one of them. */
#ifndef COPROG_CLI_DEMO_HOUSING_H
#define COPROG_CLI_DEMO_HOUSING_H

#include "db/db.h"

int demo_housing(db_conn *c, int64_t city);
/* Ticket categories, and resident1's tickets, one in each state. */
int demo_tickets(db_conn *c, int64_t city);
/* Two activities in viale Omero, resident1 registered to one. Runs after the agreements. */
int demo_events(db_conn *c, int64_t city);
/* Two common rooms (one needing approval) and resident1's booking. */
int demo_rooms(db_conn *c, int64_t city);
/* resident1's offer and request on the time bank board. */
int demo_timebank(db_conn *c);
/* resident1's need for their courtyard. */
int demo_ideas(db_conn *c);

#endif

/* The demo's service hubs (one per active agreement, with hours, services and the buildings
 * they serve) and a tenants' committee with resident1 on it. Runs after the housing and the
 * agreements, before the tickets (so that the hub-routed ones reach a hub). */
#ifndef COPROG_CLI_DEMO_HUBS_H
#define COPROG_CLI_DEMO_HUBS_H

#include "db/db.h"

int demo_hubs(db_conn *c, int64_t city);

#endif

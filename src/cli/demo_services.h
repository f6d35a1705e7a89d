/* The demo's low-threshold network in Milan: seven places, eleven services of the city and
 * of the demo's bodies, with hours, who they are for and the places of the shelters, the day
 * centre, the canteen and the post station; tonight two people checked in at the first shelter,
 * one place held by the street team, one request turned away. Fictional, and looking it. */
#ifndef COPROG_CLI_DEMO_SERVICES_H
#define COPROG_CLI_DEMO_SERVICES_H

#include "db/db.h"

int demo_services(db_conn *c, int64_t city);

#endif

/* Service hubs (portinerie sociali): each is run by a body under an agreement, has its
 * services, opening hours and contacts, and serves some buildings; tickets of categories
 * handled by hubs go to the hub serving the building. Rules and SQL only. */
#ifndef COPROG_MODULES_HUBS_H
#define COPROG_MODULES_HUBS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/hours.h"
#include "db/db.h"

typedef enum {
    HUB_OK = 0,
    HUB_ERROR = -1,
    HUB_NOT_FOUND = -2,
    HUB_BAD_AGREEMENT = -3, /* not an agreement of the city that is signed or active */
    HUB_BAD_BUILDING = -4,  /* a building code not known in the city */
    HUB_BAD_SPACE = -5,     /* a space that is not the city's */
} hub_rc;

typedef struct hub_in {
    int64_t agreement_id, space_id;
    const char *name, *neighbourhood, *address, *phone, *email;
} hub_in;

hub_rc hub_create(db_conn *c, int64_t city_id, const hub_in *in, int64_t now, int64_t *id);
hub_rc hub_update(db_conn *c, int64_t id, const char *phone, const char *email,
                  const week_period *hours, int nhours);
hub_rc hub_add_service(db_conn *c, int64_t id, const char *name, const char *audience,
                       const char *schedule, const char *access, int64_t now);
/* Replaces the buildings a hub serves with these codes of its city. */
hub_rc hub_set_buildings(db_conn *c, int64_t id, const char *const *codes, int n);

/* The hub with services, hours and buildings; NULL when none. */
json_t *hub_get(db_conn *c, int64_t id);
/* The hubs of every city, those serving building first, then those of the neighbourhood
 * (either may be 0/NULL), each with "is_mine" (serves the building) and "is_near". */
json_t *hubs_list(db_conn *c, int64_t building_id, const char *neighbourhood);
/* The city and body of a hub, for permission checks; false when none. */
bool hub_owner(db_conn *c, int64_t id, int64_t *city_id, int64_t *organisation_id);
/* The hub a ticket of this building goes to: the first one serving it, 0 when none. */
int64_t hub_for_building(db_conn *c, int64_t building_id);

/* The agreements of the city a hub may be opened under (signed or active), with their body. */
json_t *hub_agreements_open(db_conn *c, int64_t city_id);

#endif

/* HTTP handlers of service hubs: the list (a resident's own area first), a hub's page and
 * calendar feed, and the forms of the city's officers and the hub's body. */
#ifndef COPROG_MODULES_HUBS_ROUTES_H
#define COPROG_MODULES_HUBS_ROUTES_H

#include "web/request.h"

int hubs_index(req *r);
int hubs_create(req *r);
int hubs_show(req *r);
int hubs_update(req *r);
int hubs_service_add(req *r);
int hubs_buildings(req *r);

#endif

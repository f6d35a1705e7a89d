/* HTTP handlers of the network of local actors. */
#ifndef COPROG_MODULES_NETWORK_ROUTES_H
#define COPROG_MODULES_NETWORK_ROUTES_H

#include "web/request.h"

int network_page(req *r);
int network_graphml_file(req *r);
int network_json(req *r);
int network_actors(req *r);
int network_actor(req *r);
int network_actor_profile(req *r);
int network_actor_item(req *r);
int network_actor_withdraw(req *r);

#endif

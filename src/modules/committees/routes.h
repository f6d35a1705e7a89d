/* HTTP handlers of tenants' committees: the officers' list and forms, and a committee's page
 * with the tickets of the buildings it follows. */
#ifndef COPROG_MODULES_COMMITTEES_ROUTES_H
#define COPROG_MODULES_COMMITTEES_ROUTES_H

#include "web/request.h"

int committees_index(req *r);
int committees_create(req *r);
int committees_show(req *r);
int committees_member_add(req *r);
int committees_member_remove(req *r);

#endif

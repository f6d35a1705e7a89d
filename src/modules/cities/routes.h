/* HTTP handlers of the cities an instance hosts: the administrator's list and the form that
 * adds one. */
#ifndef COPROG_MODULES_CITIES_ROUTES_H
#define COPROG_MODULES_CITIES_ROUTES_H

#include "web/request.h"

int cities_admin(req *r);
int cities_add(req *r);
int cities_rename(req *r);
int bodies_admin(req *r);
int bodies_update(req *r);

/* The city a public page shows: ?city=ISTAT, else the visitor's own, else the first hosted. */
int64_t cities_public(req *r);

#endif

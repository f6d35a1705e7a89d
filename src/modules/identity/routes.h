/* HTTP handlers of coprog's identity in the SPID/CIE federation. */
#ifndef COPROG_MODULES_IDENTITY_ROUTES_H
#define COPROG_MODULES_IDENTITY_ROUTES_H

#include "web/request.h"

int identity_entity_configuration_page(req *r);
int identity_login_start(req *r);
int identity_callback(req *r);
int identity_resolve_page(req *r);

#endif

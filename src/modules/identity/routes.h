/* HTTP handlers of coprog's identity in the SPID/CIE federation. */
#ifndef COPROG_MODULES_IDENTITY_ROUTES_H
#define COPROG_MODULES_IDENTITY_ROUTES_H

#include "web/request.h"

int identity_entity_configuration_page(req *r);

#endif

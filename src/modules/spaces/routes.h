/* HTTP handlers of the spaces registry. */
#ifndef COPROG_MODULES_SPACES_ROUTES_H
#define COPROG_MODULES_SPACES_ROUTES_H

#include "web/request.h"

int spaces_index(req *r);
int spaces_show(req *r);
int spaces_form(req *r);
int spaces_create(req *r);
int spaces_update(req *r);
int spaces_photo_add(req *r);
int spaces_photo(req *r);

#endif

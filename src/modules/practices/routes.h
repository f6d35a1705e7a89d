/* HTTP handlers of the cities' working group: practices and model acts. */
#ifndef COPROG_MODULES_PRACTICES_ROUTES_H
#define COPROG_MODULES_PRACTICES_ROUTES_H

#include "web/request.h"

int practices_index(req *r);
int practices_create(req *r);
int practices_show(req *r);
int practices_review(req *r);
int acts_index(req *r);
int acts_create(req *r);
int acts_show(req *r);
int acts_version(req *r);

int working_group_page(req *r);

#endif

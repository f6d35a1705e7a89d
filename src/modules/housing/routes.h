/* HTTP handlers of public housing: the housing office's page and import, verification of
 * sign-ups, joining with a code, signing up, the resident's home. */
#ifndef COPROG_MODULES_HOUSING_ROUTES_H
#define COPROG_MODULES_HOUSING_ROUTES_H

#include "web/request.h"

int housing_index(req *r);
int housing_import_file(req *r);
int housing_verify(req *r);
int housing_join_form(req *r);
int housing_join(req *r);
int housing_signup_form(req *r);
int housing_signup(req *r);
int housing_my_home(req *r);

#endif

/* HTTP handlers of the plan: operations (everyone reads, officers edit). */
#ifndef COPROG_MODULES_PLAN_ROUTES_H
#define COPROG_MODULES_PLAN_ROUTES_H

#include "web/request.h"

int plan_operations_index(req *r);
int plan_operation_show(req *r);
int plan_operation_form(req *r);
int plan_operation_create(req *r);
int plan_operation_update(req *r);

#endif

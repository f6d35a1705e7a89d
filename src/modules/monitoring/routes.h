/* HTTP handlers of agreement monitoring: progress page, periods, values, decisions. */
#ifndef COPROG_MODULES_MONITORING_ROUTES_H
#define COPROG_MODULES_MONITORING_ROUTES_H

#include "web/request.h"

int monitoring_page(req *r);
int monitoring_overview(req *r);
int monitoring_period_new(req *r);
int monitoring_period_values(req *r);
int monitoring_period_submit(req *r);
int monitoring_period_decide(req *r);

#endif

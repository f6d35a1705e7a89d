/* The home page (what each role can do), the health check and the audit log page. */
#ifndef COPROG_MODULES_HOME_ROUTES_H
#define COPROG_MODULES_HOME_ROUTES_H

#include "web/request.h"

int home_index(req *r);
int home_healthz(req *r);
int home_favicon(req *r);
int home_audit(req *r);

#endif

/* The application as main builds it: the one route table and the default limits. */
#ifndef COPROG_APP_APP_H
#define COPROG_APP_APP_H

#include "web/app.h"

/* The one route table (src/app/routes.c). */
extern const route app_routes[];
extern const size_t app_nroutes;

limits app_default_limits(void);

#endif

/* GET /calls/{id}/timeline: the call's path as an SVG chart with its table. */
#ifndef COPROG_MODULES_TIMELINE_ROUTES_H
#define COPROG_MODULES_TIMELINE_ROUTES_H

#include "web/request.h"

int timeline_page(req *r);

#endif

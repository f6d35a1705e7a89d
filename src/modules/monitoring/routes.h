/* HTTP handlers of agreement monitoring: progress page, periods, values, decisions. */
#ifndef COPROG_MODULES_MONITORING_ROUTES_H
#define COPROG_MODULES_MONITORING_ROUTES_H

#include "web/request.h"

/* Planned and achieved bars of indicators ({code, name, unit, planned, achieved}) as SVG into
 * svg (initialised here; the caller frees it). 0 or -1. */
int monitoring_chart(req *r, json_t *indicators, buf *svg);

int monitoring_page(req *r);
int monitoring_overview(req *r);
int monitoring_period_new(req *r);
int monitoring_period_values(req *r);
int monitoring_period_submit(req *r);
int monitoring_period_decide(req *r);

#endif

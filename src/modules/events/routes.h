/* HTTP handlers of events: the list, publishing, registering and cancelling, attendance, and
 * the iCalendar feeds (per body, and a private one per resident). */
#ifndef COPROG_MODULES_EVENTS_ROUTES_H
#define COPROG_MODULES_EVENTS_ROUTES_H

#include "web/request.h"

int events_index(req *r);
int events_create(req *r);
int events_show(req *r);
int events_register(req *r);
int events_cancel(req *r);
int events_attendance(req *r);
int events_body_ics(req *r);
int events_calendar_page(req *r);
int events_calendar_new(req *r);
int events_private_ics(req *r);

#endif

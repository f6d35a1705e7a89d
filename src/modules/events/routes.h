/* HTTP handlers of events: the list, publishing, registering and cancelling, attendance, and
 * the iCalendar feeds (per hub's body, and a private one per resident). */
#ifndef COPROG_MODULES_EVENTS_ROUTES_H
#define COPROG_MODULES_EVENTS_ROUTES_H

#include "web/request.h"

int events_index(req *r);
int events_create(req *r);
int events_show(req *r);
int events_register(req *r);
int events_cancel(req *r);
int events_attendance(req *r);
/* The feed of a body's activities, named for the calendar app (a hub's page uses it). */
int events_ics_of_organisation(req *r, int64_t org, const char *name);
int events_calendar_page(req *r);
int events_calendar_new(req *r);
int events_private_ics(req *r);

#endif

/* HTTP handlers of notifications: the list, marking read, and what each person chooses to
 * receive by topic and channel. */
#ifndef COPROG_MODULES_NOTIFY_ROUTES_H
#define COPROG_MODULES_NOTIFY_ROUTES_H

#include "web/request.h"

int notifications_page(req *r);
int notifications_mark_read(req *r);
int notify_prefs_page(req *r);
int notify_prefs_save(req *r);
/* The administrators' view of the outbox: counts by state and the latest messages. */
int outbox_page(req *r);

#endif

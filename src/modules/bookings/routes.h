/* HTTP handlers of common-room bookings: rooms, a room's calendar, booking, cancelling,
 * approving. */
#ifndef COPROG_MODULES_BOOKINGS_ROUTES_H
#define COPROG_MODULES_BOOKINGS_ROUTES_H

#include "web/request.h"

int rooms_index(req *r);
int rooms_create(req *r);
int rooms_show(req *r);
int bookings_create(req *r);
int bookings_cancel(req *r);
int bookings_decide(req *r);

#endif

/* Activities that bodies publish in the spaces: residents register, never beyond capacity
 * (also when many register at once), cancel, or wait in line and move up by themselves; the
 * body records attendance. Calendars in iCalendar. Rules and SQL only. */
#ifndef COPROG_MODULES_EVENTS_H
#define COPROG_MODULES_EVENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    EVENT_OK = 0,
    EVENT_ERROR = -1,
    EVENT_NOT_FOUND = -2,
    EVENT_CLOSED = -3,  /* cancelled, or already started */
    EVENT_ALREADY = -4, /* registered already */
    EVENT_NOT_REGISTERED = -5,
    EVENT_BAD_TIMES = -6,
    EVENT_FULL = -7,      /* no place left, and the person did not want the waiting list */
    EVENT_BAD_SPACE = -8, /* a space that is not the city's */
} event_rc;

typedef struct event_in {
    const char *title, *description, *place, *audience;
    int64_t starts_at, ends_at, capacity, space_id;
} event_in;

event_rc event_create(db_conn *c, int64_t city_id, int64_t organisation_id, int64_t user_id,
                      const event_in *in, int64_t now, int64_t *id);
/* Confirmed while places remain, else waiting (or EVENT_FULL when !waitlist); *state says
 * which. */
event_rc event_register(db_conn *c, int64_t event_id, int64_t user_id, int64_t now, bool waitlist,
                        const char **state);
/* A confirmed place freed goes to the first in line. */
event_rc event_cancel(db_conn *c, int64_t event_id, int64_t user_id, int64_t now);
/* Marks who came among the confirmed (user ids); the others are marked absent. */
event_rc event_attendance(db_conn *c, int64_t event_id, int64_t organisation_id,
                          const int64_t *users, int n);
json_t *event_get(db_conn *c, int64_t id);
/* Upcoming published events (city 0: all). */
json_t *events_upcoming(db_conn *c, int64_t city_id, int64_t now);
json_t *event_registrations(db_conn *c, int64_t event_id);
/* The user's registration state for an event, or NULL. */
json_t *event_registration_of(db_conn *c, int64_t event_id, int64_t user_id);
/* For calendars: an organisation's events, or a user's confirmed ones. */
json_t *events_of_organisation(db_conn *c, int64_t organisation_id);
json_t *events_of_user(db_conn *c, int64_t user_id);
/* A new private calendar address for the user (the old one stops working); token[44]. */
int calendar_token_new(db_conn *c, int64_t user_id, int64_t now, char token[44]);
int64_t calendar_user_of(db_conn *c, const char *token);

#endif

/* Common rooms booked by residents in 30-minute slots, under each room's rules (opening
 * hours, longest booking, slots per household per week, approval). The database refuses any
 * overlap: every booking holds its slots under a unique (room, slot) key. Rules and SQL only. */
#ifndef COPROG_MODULES_BOOKINGS_H
#define COPROG_MODULES_BOOKINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define SLOT_US INT64_C(1800000000) /* 30 minutes */

typedef enum {
    BOOKING_OK = 0,
    BOOKING_ERROR = -1,
    BOOKING_NOT_FOUND = -2,
    BOOKING_TAKEN = -3,       /* a slot is held by another booking */
    BOOKING_NOT_ALIGNED = -4, /* not on half hours, not in the future, or over two days */
    BOOKING_CLOSED = -5,      /* outside the room's opening hours */
    BOOKING_TOO_LONG = -6,
    BOOKING_WEEK_FULL = -7, /* the household's weekly slots would be passed */
    BOOKING_NOT_RESIDENT = -8,
    BOOKING_WRONG_STATE = -9,
} booking_rc;

typedef struct room_rules {
    int opens_min, closes_min; /* minutes from local midnight */
    int max_slots, weekly_slots;
} room_rules;

/* The rules alone, for a booking [starts_at, ends_at) that begins start_min after local
 * midnight, given the household's slots already booked that week. Pure. */
booking_rc booking_check(const room_rules *room, int64_t starts_at, int64_t ends_at, int start_min,
                         int week_slots_used, int64_t now);

typedef struct room_in {
    const char *name;
    int64_t building_id;
    int opens_min, closes_min, max_slots, weekly_slots;
    bool needs_approval;
} room_in;

booking_rc room_create(db_conn *c, int64_t city_id, const room_in *in, int64_t now, int64_t *id);
booking_rc booking_make(db_conn *c, int64_t room_id, int64_t user_id, int64_t starts_at,
                        int64_t ends_at, const char *purpose, int64_t now, int64_t *id,
                        const char **state);
/* The booker, or staff of the room's city (staff_city), cancels; the slots are freed. */
booking_rc booking_cancel(db_conn *c, int64_t id, int64_t user_id, int64_t staff_city);
booking_rc booking_decide(db_conn *c, int64_t city_id, int64_t id, bool approve, int64_t now);
json_t *rooms_list(db_conn *c, int64_t city_id);
/* The room and its bookings from now on (times and states; the booker only when it is
 * viewer, or for staff). */
json_t *room_get(db_conn *c, int64_t id, int64_t viewer, bool staff, int64_t now);

#endif

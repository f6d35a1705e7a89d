#include <criterion/criterion.h>

#include "modules/bookings/bookings.h"

/* 08:00-22:00, 4 hours at most, 6 hours a week per household. */
static const room_rules ROOM = {8 * 60, 22 * 60, 8, 12};
static const int64_t T0 = INT64_C(1800000000000000); /* a half-hour boundary */

Test(bookings, half_hours_in_the_future_only)
{
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 2 * SLOT_US, 600, 0, T0 - 1), BOOKING_OK);
    cr_expect_eq(booking_check(&ROOM, T0 + 60000000, T0 + 2 * SLOT_US, 600, 0, 0),
                 BOOKING_NOT_ALIGNED, "15 minutes past");
    cr_expect_eq(booking_check(&ROOM, T0, T0 + SLOT_US, 600, 0, T0), BOOKING_NOT_ALIGNED,
                 "starting now is too late");
    cr_expect_eq(booking_check(&ROOM, T0, T0, 600, 0, 0), BOOKING_NOT_ALIGNED, "empty");
}

Test(bookings, opening_hours_length_and_the_weekly_allowance)
{
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 2 * SLOT_US, 7 * 60 + 30, 0, 0), BOOKING_CLOSED);
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 2 * SLOT_US, 21 * 60, 0, 0), BOOKING_OK,
                 "ends at closing time");
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 2 * SLOT_US, 21 * 60 + 30, 0, 0), BOOKING_CLOSED);
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 9 * SLOT_US, 600, 0, 0), BOOKING_TOO_LONG);
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 2 * SLOT_US, 600, 10, 0), BOOKING_OK, "12 of 12");
    cr_expect_eq(booking_check(&ROOM, T0, T0 + 2 * SLOT_US, 600, 11, 0), BOOKING_WEEK_FULL);
}

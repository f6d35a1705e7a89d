#include "modules/bookings/routes.h"

#include <string.h>

#include "base/clock.h"
#include "modules/bookings/bookings.h"
#include "web/input.h"

static int64_t city_of(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    return city ? city : req_city_for(r, ROLE_RESIDENT);
}

int rooms_index(req *r)
{
    json_t *rooms = rooms_list(r->db, city_of(r));
    r->view = json_pack("{s:o,s:b}", "rooms", rooms ? rooms : json_array(), "is_staff",
                        req_has_role(r, ROLE_OFFICER));
    r->template = "bookings/index";
    r->title_key = "bookings.title";
    return 0;
}

static int fail(req *r, booking_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case BOOKING_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case BOOKING_TAKEN:
        return req_error(r, 409, "bookings.taken");
    case BOOKING_NOT_ALIGNED:
        req_field_error(r, "starts_at", "bookings.not_aligned");
        return req_error(r, 422, "bookings.not_aligned");
    case BOOKING_CLOSED:
        req_field_error(r, "starts_at", "bookings.closed");
        return req_error(r, 422, "bookings.closed");
    case BOOKING_TOO_LONG:
        req_field_error(r, "slots", "bookings.too_long");
        return req_error(r, 422, "bookings.too_long");
    case BOOKING_WEEK_FULL:
        req_field_error(r, "slots", "bookings.week_full");
        return req_error(r, 422, "bookings.week_full");
    case BOOKING_NOT_RESIDENT:
        return req_error(r, 403, "bookings.not_resident");
    case BOOKING_WRONG_STATE:
        return req_error(r, 409, "bookings.wrong_state");
    default:
        return -1;
    }
}

int rooms_create(req *r)
{
    room_in in = {0};
    in.name = in_text(r, "name", 200, IN_REQUIRED);
    in.building_id = in_int(r, "building_id", 0, INT64_MAX, IN_OPTIONAL);
    in.opens_min = (int)in_int(r, "opens_hour", 0, 23, IN_REQUIRED) * 60;
    in.closes_min = (int)in_int(r, "closes_hour", 1, 24, IN_REQUIRED) * 60;
    in.max_slots = (int)in_int(r, "max_hours", 1, 24, IN_REQUIRED) * 2;
    in.weekly_slots = (int)in_int(r, "weekly_hours", 1, 168, IN_REQUIRED) * 2;
    const char *approval = req_field(r, "needs_approval");
    in.needs_approval = approval && (strcmp(approval, "1") == 0 || strcmp(approval, "on") == 0);
    if (req_has_errors(r)) return req_error(r, 422, "bookings.invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    booking_rc rc = room_create(r->db, req_city_for(r, ROLE_OFFICER), &in, clock_now_us(), &id);
    if (rc != BOOKING_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : BOOKING_ERROR);
    r->view = json_pack("{s:I}", "room_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/rooms/%lld", (long long)id),
                        "bookings.room_created");
}

int rooms_show(req *r)
{
    bool staff = req_has_role(r, ROLE_OFFICER);
    json_t *room = room_get(r->db, req_param_id(r, "id"), r->user->id, staff, clock_now_us());
    if (!room || json_integer_value(json_object_get(room, "city_id")) != city_of(r)) {
        json_decref(room);
        return req_error(r, 404, "error.not_found");
    }
    req_label_each(r, json_object_get(room, "bookings"), "state", "bookings.state", "state_label");
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(room, "bookings"), i, b)
    {
        json_object_set_new(
            b, "is_pending",
            json_boolean(strcmp(json_string_value(json_object_get(b, "state")), "pending") == 0));
    }
    r->view = json_pack("{s:o,s:b,s:b}", "room", room, "is_staff", staff, "is_resident",
                        req_has_role(r, ROLE_RESIDENT));
    r->template = "bookings/room";
    r->title_key = "bookings.room";
    return 0;
}

int bookings_create(req *r)
{
    int64_t room = req_param_id(r, "id");
    int64_t starts = in_instant(r, "starts_at", IN_REQUIRED);
    int64_t slots = in_int(r, "slots", 1, 48, IN_REQUIRED);
    const char *purpose = in_text(r, "purpose", 200, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "bookings.invalid");
    int64_t id = 0;
    const char *state = NULL;
    if (db_begin(r->db) != DB_OK) return -1;
    booking_rc rc = booking_make(r->db, room, r->user->id, starts, starts + slots * SLOT_US,
                                 purpose, clock_now_us(), &id, &state);
    if (rc != BOOKING_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : BOOKING_ERROR);
    r->view = json_pack("{s:I,s:s}", "booking_id", (json_int_t)id, "state", state);
    return req_redirect(r, arena_printf(&r->mem, "/rooms/%lld", (long long)room),
                        strcmp(state, "pending") == 0 ? "bookings.pending" : "bookings.booked_ok");
}

int bookings_cancel(req *r)
{
    if (db_begin(r->db) != DB_OK) return -1;
    booking_rc rc =
        booking_cancel(r->db, req_param_id(r, "id"), r->user->id, req_city_for(r, ROLE_OFFICER));
    if (rc != BOOKING_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : BOOKING_ERROR);
    return req_redirect(r, "/rooms", "bookings.cancelled");
}

int bookings_decide(req *r)
{
    static const char *const DECISIONS[] = {"approve", "refuse", NULL};
    const char *d = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "bookings.invalid");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    booking_rc rc = booking_decide(r->db, req_city_for(r, ROLE_OFFICER), id,
                                   strcmp(d, "approve") == 0, clock_now_us());
    if (rc != BOOKING_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : BOOKING_ERROR);
    return req_redirect(r, "/rooms", "bookings.decided");
}

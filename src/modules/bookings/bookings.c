#include "modules/bookings/bookings.h"

#include <string.h>
#include <time.h>

#include "modules/notify/notify.h"

booking_rc booking_check(const room_rules *room, int64_t starts_at, int64_t ends_at, int start_min,
                         int week_slots_used, int64_t now)
{
    if (starts_at <= now || ends_at <= starts_at || starts_at % SLOT_US || ends_at % SLOT_US)
        return BOOKING_NOT_ALIGNED;
    int64_t slots = (ends_at - starts_at) / SLOT_US;
    if (slots > room->max_slots) return BOOKING_TOO_LONG;
    int64_t end_min = start_min + slots * 30;
    if (start_min < room->opens_min || end_min > room->closes_min) return BOOKING_CLOSED;
    if (week_slots_used + slots > room->weekly_slots) return BOOKING_WEEK_FULL;
    return BOOKING_OK;
}

booking_rc room_create(db_conn *c, int64_t city_id, const room_in *in, int64_t now, int64_t *id)
{
    if (in->closes_min <= in->opens_min) return BOOKING_CLOSED;
    return db_query_int(c,
                        "INSERT INTO rooms (city_id, building_id, name, opens_min, closes_min, "
                        "max_slots, weekly_slots_per_household, needs_approval, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(city_id),
                                in->building_id ? DB_INT(in->building_id) : DB_NULL,
                                DB_TEXT(in->name), DB_INT(in->opens_min), DB_INT(in->closes_min),
                                DB_INT(in->max_slots), DB_INT(in->weekly_slots),
                                DB_INT(in->needs_approval), DB_INT(now)),
                        id) == DB_OK
               ? BOOKING_OK
               : BOOKING_ERROR;
}

/* Local midnight of the day of t, and of the Monday of its week (Europe/Rome). */
static void local_bounds(int64_t t, int *minute, int64_t *week_start)
{
    time_t s = (time_t)(t / 1000000);
    struct tm tm;
    localtime_r(&s, &tm);
    *minute = tm.tm_hour * 60 + tm.tm_min;
    tm.tm_mday -= (tm.tm_wday + 6) % 7;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    *week_start = (int64_t)mktime(&tm) * 1000000;
}

booking_rc booking_make(db_conn *c, int64_t room_id, int64_t user_id, int64_t starts_at,
                        int64_t ends_at, const char *purpose, int64_t now, int64_t *id,
                        const char **state)
{
    room_rules rules = {0};
    int64_t approval = 0, found = 0, unit = 0;
    db_rows *r = db_query(c,
                          "SELECT opens_min, closes_min, max_slots, weekly_slots_per_household, "
                          "needs_approval FROM rooms WHERE id = ? AND city_id IN "
                          "(SELECT b.city_id FROM residents re JOIN units u ON u.id = re.unit_id "
                          "JOIN buildings b ON b.id = u.building_id WHERE re.user_id = ? "
                          "AND re.state = 'active')",
                          DB_ARGS(DB_INT(room_id), DB_INT(user_id)));
    if (r && db_next(r)) {
        rules = (room_rules){(int)db_int(r, 0), (int)db_int(r, 1), (int)db_int(r, 2),
                             (int)db_int(r, 3)};
        approval = db_int(r, 4);
        found = 1;
    }
    db_rows_close(r);
    /* A room of another city is not there for this resident (404, as for the page). */
    if (!found) return BOOKING_NOT_FOUND;
    db_query_int(c, "SELECT unit_id FROM residents WHERE user_id = ? AND state = 'active'",
                 DB_ARGS(DB_INT(user_id)), &unit);
    if (!unit) return BOOKING_NOT_RESIDENT;
    int start_min = 0;
    int64_t week = 0, used = 0;
    local_bounds(starts_at, &start_min, &week);
    /* Slots the household holds that week, in any room. */
    db_query_int(c,
                 "SELECT COUNT(*) FROM booking_slots s JOIN bookings b ON b.id = s.booking_id "
                 "WHERE b.unit_id = ? AND s.slot_at >= ? AND s.slot_at < ?",
                 DB_ARGS(DB_INT(unit), DB_INT(week), DB_INT(week + 7 * INT64_C(86400000000))),
                 &used);
    booking_rc rc = booking_check(&rules, starts_at, ends_at, start_min, (int)used, now);
    if (rc) return rc;
    *state = approval ? "pending" : "confirmed";
    if (db_query_int(c,
                     "INSERT INTO bookings (room_id, user_id, unit_id, starts_at, ends_at, "
                     "purpose, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(room_id), DB_INT(user_id), DB_INT(unit), DB_INT(starts_at),
                             DB_INT(ends_at), DB_TEXT(purpose), DB_TEXT(*state), DB_INT(now)),
                     id) != DB_OK)
        return BOOKING_ERROR;
    for (int64_t t = starts_at; t < ends_at; t += SLOT_US) {
        db_rc d =
            db_exec(c, "INSERT INTO booking_slots (room_id, slot_at, booking_id) VALUES (?, ?, ?)",
                    DB_ARGS(DB_INT(room_id), DB_INT(t), DB_INT(*id)), NULL);
        /* The unique key is the guarantee: whoever wrote the slot first keeps it. */
        if (d == DB_CONSTRAINT) return BOOKING_TAKEN;
        if (d != DB_OK) return BOOKING_ERROR;
    }
    return BOOKING_OK;
}

booking_rc booking_cancel(db_conn *c, int64_t id, int64_t user_id, int64_t staff_city)
{
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE bookings SET state = 'cancelled' WHERE id = ? AND state IN ('pending', "
                "'confirmed') AND (user_id = ? OR room_id IN (SELECT id FROM rooms WHERE city_id "
                "= ?))",
                DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(staff_city)), &changed) != DB_OK)
        return BOOKING_ERROR;
    if (!changed) return BOOKING_NOT_FOUND;
    return db_exec(c, "DELETE FROM booking_slots WHERE booking_id = ?", DB_ARGS(DB_INT(id)),
                   NULL) == DB_OK
               ? BOOKING_OK
               : BOOKING_ERROR;
}

booking_rc booking_decide(db_conn *c, int64_t city_id, int64_t id, bool approve, int64_t now)
{
    int64_t changed = 0, here = 0;
    /* Another city's booking is not there for this officer (404), not "already decided". */
    db_query_int(c,
                 "SELECT COUNT(*) FROM bookings b JOIN rooms r ON r.id = b.room_id "
                 "WHERE b.id = ? AND r.city_id = ?",
                 DB_ARGS(DB_INT(id), DB_INT(city_id)), &here);
    if (!here) return BOOKING_NOT_FOUND;
    if (db_exec(c,
                "UPDATE bookings SET state = ? WHERE id = ? AND state = 'pending' AND room_id IN "
                "(SELECT id FROM rooms WHERE city_id = ?)",
                DB_ARGS(DB_TEXT(approve ? "confirmed" : "refused"), DB_INT(id), DB_INT(city_id)),
                &changed) != DB_OK)
        return BOOKING_ERROR;
    if (!changed) return BOOKING_WRONG_STATE;
    if (!approve && db_exec(c, "DELETE FROM booking_slots WHERE booking_id = ?",
                            DB_ARGS(DB_INT(id)), NULL) != DB_OK)
        return BOOKING_ERROR;
    int64_t booker = 0, room = 0;
    db_rows *r =
        db_query(c, "SELECT user_id, room_id FROM bookings WHERE id = ?", DB_ARGS(DB_INT(id)));
    if (r && db_next(r)) {
        booker = db_int(r, 0);
        room = db_int(r, 1);
    }
    db_rows_close(r);
    if (booker &&
        notify(c, booker, "booking", room,
               approve ? "bookings.notify_confirmed" : "bookings.notify_refused", "", now))
        return BOOKING_ERROR;
    return BOOKING_OK;
}

json_t *rooms_list(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT r.id, r.name, r.opens_min, r.closes_min, r.max_slots, "
                         "r.weekly_slots_per_household, r.needs_approval AS is_approval_needed, "
                         "b.address FROM rooms r LEFT JOIN buildings b ON b.id = r.building_id "
                         "WHERE r.city_id = ? ORDER BY r.name",
                         DB_ARGS(DB_INT(city_id)));
}

json_t *room_get(db_conn *c, int64_t id, int64_t viewer, bool staff, int64_t now)
{
    json_t *room = db_query_object(c,
                                   "SELECT r.id, r.city_id, r.name, r.opens_min, r.closes_min, "
                                   "r.max_slots, r.weekly_slots_per_household, r.needs_approval "
                                   "AS is_approval_needed FROM rooms r WHERE r.id = ?",
                                   DB_ARGS(DB_INT(id)));
    if (!room) return NULL;
    json_object_set_new(
        room, "bookings",
        db_query_json(c,
                      "SELECT b.id, b.starts_at, b.ends_at, b.state, CASE WHEN b.user_id = ? "
                      "THEN 1 ELSE 0 END AS is_mine, CASE WHEN b.user_id = ? OR ? = 1 THEN u.name "
                      "ELSE '' END AS booker, CASE WHEN b.user_id = ? OR ? = 1 THEN b.purpose "
                      "ELSE '' END AS purpose FROM bookings b JOIN users u ON u.id = b.user_id "
                      "WHERE b.room_id = ? AND b.ends_at > ? AND b.state IN ('pending', "
                      "'confirmed') ORDER BY b.starts_at LIMIT 500",
                      DB_ARGS(DB_INT(viewer), DB_INT(viewer), DB_INT(staff), DB_INT(viewer),
                              DB_INT(staff), DB_INT(id), DB_INT(now))));
    return room;
}

#include "modules/events/events.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "modules/notify/notify.h"
#include "modules/spaces/spaces.h"

event_rc event_create(db_conn *c, int64_t city_id, int64_t organisation_id, int64_t user_id,
                      const event_in *in, int64_t now, int64_t *id)
{
    if (in->ends_at <= in->starts_at || in->starts_at <= now) return EVENT_BAD_TIMES;
    if (in->space_id && !space_of_city(c, in->space_id, city_id)) return EVENT_BAD_SPACE;
    return db_query_int(c,
                        "INSERT INTO events (city_id, organisation_id, space_id, title, "
                        "description, place, audience, starts_at, ends_at, capacity, created_by, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(city_id), DB_INT(organisation_id),
                                in->space_id ? DB_INT(in->space_id) : DB_NULL, DB_TEXT(in->title),
                                DB_TEXT(in->description), DB_TEXT(in->place), DB_TEXT(in->audience),
                                DB_INT(in->starts_at), DB_INT(in->ends_at), DB_INT(in->capacity),
                                DB_INT(user_id), DB_INT(now)),
                        id) == DB_OK
               ? EVENT_OK
               : EVENT_ERROR;
}

/* Takes the event's row lock (PostgreSQL; SQLite serialises writers already), so that the
 * registrations and cancellations of one event happen one after the other. */
static event_rc lock_open_event(db_conn *c, int64_t event_id, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(c, "UPDATE events SET confirmed = confirmed WHERE id = ?",
                DB_ARGS(DB_INT(event_id)), &changed) != DB_OK)
        return EVENT_ERROR;
    if (!changed) return EVENT_NOT_FOUND;
    int64_t open = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM events WHERE id = ? AND state = 'published' AND "
                 "starts_at > ?",
                 DB_ARGS(DB_INT(event_id), DB_INT(now)), &open);
    return open ? EVENT_OK : EVENT_CLOSED;
}

event_rc event_register(db_conn *c, int64_t event_id, int64_t user_id, int64_t now, bool waitlist,
                        const char **state)
{
    event_rc rc = lock_open_event(c, event_id, now);
    if (rc) return rc;
    /* Only residents of the event's city: another city's event is not even visible to them. */
    int64_t here = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM events e JOIN memberships m ON m.city_id = e.city_id "
                 "WHERE e.id = ? AND m.user_id = ? AND m.role = 'resident'",
                 DB_ARGS(DB_INT(event_id), DB_INT(user_id)), &here);
    if (!here) return EVENT_NOT_FOUND;
    int64_t live = 0, changed = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND user_id = ? "
                 "AND state <> 'cancelled'",
                 DB_ARGS(DB_INT(event_id), DB_INT(user_id)), &live);
    if (live) return EVENT_ALREADY;
    /* A place only if one is left: the condition and the increment are one statement. */
    if (db_exec(c,
                "UPDATE events SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity",
                DB_ARGS(DB_INT(event_id)), &changed) != DB_OK)
        return EVENT_ERROR;
    if (!changed && !waitlist) return EVENT_FULL;
    *state = changed ? "confirmed" : "waiting";
    /* A new row goes to the end of the line (its id); a return after cancelling too. */
    if (db_exec(c, "DELETE FROM event_registrations WHERE event_id = ? AND user_id = ?",
                DB_ARGS(DB_INT(event_id), DB_INT(user_id)), NULL) != DB_OK ||
        db_exec(
            c,
            "INSERT INTO event_registrations (event_id, user_id, state, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?)",
            DB_ARGS(DB_INT(event_id), DB_INT(user_id), DB_TEXT(*state), DB_INT(now), DB_INT(now)),
            NULL) != DB_OK)
        return EVENT_ERROR;
    return EVENT_OK;
}

event_rc event_cancel(db_conn *c, int64_t event_id, int64_t user_id, int64_t now)
{
    event_rc rc = lock_open_event(c, event_id, now);
    if (rc) return rc;
    char was[16] = "";
    db_rows *r = db_query(c,
                          "SELECT state FROM event_registrations WHERE event_id = ? AND user_id "
                          "= ? AND state <> 'cancelled'",
                          DB_ARGS(DB_INT(event_id), DB_INT(user_id)));
    if (r && db_next(r)) snprintf(was, sizeof was, "%s", db_text(r, 0));
    db_rows_close(r);
    if (!*was) return EVENT_NOT_REGISTERED;
    if (db_exec(c,
                "UPDATE event_registrations SET state = 'cancelled', updated_at = ? "
                "WHERE event_id = ? AND user_id = ?",
                DB_ARGS(DB_INT(now), DB_INT(event_id), DB_INT(user_id)), NULL) != DB_OK)
        return EVENT_ERROR;
    if (strcmp(was, "confirmed") != 0) return EVENT_OK;
    /* The freed place goes to the first in line, or back to the event. */
    int64_t moved = 0;
    if (db_query_int(c,
                     "UPDATE event_registrations SET state = 'confirmed', updated_at = ? WHERE id "
                     "= (SELECT MIN(id) FROM event_registrations WHERE event_id = ? AND state = "
                     "'waiting') RETURNING user_id",
                     DB_ARGS(DB_INT(now), DB_INT(event_id)), &moved) != DB_OK)
        return EVENT_ERROR;
    if (moved) {
        char title[256] = "";
        db_rows *t =
            db_query(c, "SELECT title FROM events WHERE id = ?", DB_ARGS(DB_INT(event_id)));
        if (t && db_next(t)) snprintf(title, sizeof title, "%s", db_text(t, 0));
        db_rows_close(t);
        if (notify(c, moved, "event", event_id, "events.notify_promoted", title, now))
            return EVENT_ERROR;
    }
    if (!moved && db_exec(c, "UPDATE events SET confirmed = confirmed - 1 WHERE id = ?",
                          DB_ARGS(DB_INT(event_id)), NULL) != DB_OK)
        return EVENT_ERROR;
    return EVENT_OK;
}

event_rc event_attendance(db_conn *c, int64_t event_id, int64_t organisation_id,
                          const int64_t *users, int n)
{
    int64_t mine = 0;
    db_query_int(c, "SELECT COUNT(*) FROM events WHERE id = ? AND organisation_id = ?",
                 DB_ARGS(DB_INT(event_id), DB_INT(organisation_id)), &mine);
    if (!mine) return EVENT_NOT_FOUND;
    if (db_exec(c, "UPDATE event_registrations SET attended = 0 WHERE event_id = ?",
                DB_ARGS(DB_INT(event_id)), NULL) != DB_OK)
        return EVENT_ERROR;
    for (int i = 0; i < n; i++)
        if (db_exec(c,
                    "UPDATE event_registrations SET attended = 1 WHERE event_id = ? AND user_id "
                    "= ? AND state = 'confirmed'",
                    DB_ARGS(DB_INT(event_id), DB_INT(users[i])), NULL) != DB_OK)
            return EVENT_ERROR;
    return EVENT_OK;
}

#define EVENT_COLUMNS                                                                              \
    "e.id, e.organisation_id, o.name AS organisation, e.space_id, e.title, e.description, "        \
    "e.place, e.audience, e.starts_at, e.ends_at, e.capacity, e.confirmed, e.state, "              \
    "(SELECT COUNT(*) FROM event_registrations w WHERE w.event_id = e.id AND w.state = "           \
    "'waiting') AS waiting "
#define EVENT_FROM "FROM events e JOIN organisations o ON o.id = e.organisation_id "

json_t *event_get(db_conn *c, int64_t id)
{
    return db_query_object(c, "SELECT " EVENT_COLUMNS EVENT_FROM "WHERE e.id = ?",
                           DB_ARGS(DB_INT(id)));
}

json_t *events_upcoming(db_conn *c, int64_t city_id, int64_t now)
{
    return db_query_json(c,
                         "SELECT " EVENT_COLUMNS EVENT_FROM
                         "WHERE (e.city_id = ? OR ? = 0) AND e.ends_at > ? AND e.state = "
                         "'published' ORDER BY e.starts_at LIMIT 200",
                         DB_ARGS(DB_INT(city_id), DB_INT(city_id), DB_INT(now)));
}

json_t *event_registrations(db_conn *c, int64_t event_id)
{
    return db_query_json(c,
                         "SELECT r.user_id, u.name, r.state, r.attended, r.created_at "
                         "FROM event_registrations r JOIN users u ON u.id = r.user_id "
                         "WHERE r.event_id = ? AND r.state <> 'cancelled' ORDER BY r.state, r.id",
                         DB_ARGS(DB_INT(event_id)));
}

json_t *event_registration_of(db_conn *c, int64_t event_id, int64_t user_id)
{
    return db_query_object(c,
                           "SELECT state, attended FROM event_registrations WHERE event_id = ? "
                           "AND user_id = ? AND state <> 'cancelled'",
                           DB_ARGS(DB_INT(event_id), DB_INT(user_id)));
}

json_t *events_of_organisation(db_conn *c, int64_t organisation_id)
{
    return db_query_json(
        c, "SELECT " EVENT_COLUMNS EVENT_FROM "WHERE e.organisation_id = ? ORDER BY e.starts_at",
        DB_ARGS(DB_INT(organisation_id)));
}

json_t *events_of_user(db_conn *c, int64_t user_id)
{
    return db_query_json(c,
                         "SELECT " EVENT_COLUMNS EVENT_FROM
                         "JOIN event_registrations r ON r.event_id = e.id "
                         "WHERE r.user_id = ? AND r.state = 'confirmed' ORDER BY e.starts_at",
                         DB_ARGS(DB_INT(user_id)));
}

int calendar_token_new(db_conn *c, int64_t user_id, int64_t now, char token[44])
{
    unsigned char raw[21];
    randombytes_buf(raw, sizeof raw);
    hex_encode(raw, sizeof raw, token); /* 42 hex digits */
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    return db_exec(c,
                   "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, "
                   "created_at = excluded.created_at",
                   DB_ARGS(DB_INT(user_id), DB_TEXT(hash), DB_INT(now)), NULL) == DB_OK
               ? 0
               : -1;
}

int64_t calendar_user_of(db_conn *c, const char *token)
{
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    int64_t u = 0;
    db_query_int(c, "SELECT user_id FROM calendar_feeds WHERE token_hash = ?",
                 DB_ARGS(DB_TEXT(hash)), &u);
    return u;
}

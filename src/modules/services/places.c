/* Places held for a person, night by night. The partial unique key on (place, night) over the
 * holds that are held or checked in is what keeps a place to one person: two teams holding the
 * last bed at once, on any instance, get one hold and one "no place". */
#include <stdio.h>
#include <string.h>

#include "modules/services/services.h"

/* Ends the holds past their time: of one service (service_id), or everywhere (0). */
static int expire(db_conn *c, int64_t service_id, int64_t now, int64_t *ended)
{
    return db_exec(c,
                   "UPDATE place_holds SET state = 'expired', ended_at = ? WHERE state = 'held' "
                   "AND expires_at <= ? AND (? = 0 OR place_id IN (SELECT id FROM places WHERE "
                   "service_id = ?))",
                   DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(service_id), DB_INT(service_id)),
                   ended) == DB_OK
               ? 0
               : -1;
}

int places_expire(db_conn *c, int64_t now)
{
    int64_t ended = 0;
    if (expire(c, 0, now, &ended)) return -1;
    /* The boards of every city watch for places freed. */
    if (ended && db_exec(c, "UPDATE board_stamps SET stamp = stamp + 1", DB_NOARGS, NULL) != DB_OK)
        return -1;
    return (int)ended;
}

/* The free places of kind with the needs, tonight: the candidates of a hold. */
#define CANDIDATES                                                                                 \
    "FROM places p WHERE p.service_id = ? AND p.kind = ? AND p.active = 1 "                        \
    "AND (? = 0 OR p.women_only = 1) AND (? = 0 OR p.accessible = 1) "                             \
    "AND (? = 0 OR p.family = 1) AND (? = 0 OR p.pets = 1) AND NOT EXISTS (SELECT 1 FROM "         \
    "place_holds h WHERE h.place_id = p.id AND h.night = ? AND h.state IN ('held', "               \
    "'checked_in')) "

svc_rc place_hold(db_conn *c, int64_t service_id, const char *kind, const place_needs *needs,
                  const char *person, int64_t user_id, int64_t now, int64_t *hold_id,
                  int64_t *place_id)
{
    int64_t minutes = 0, city_id = 0;
    char night[11];
    services_night(now, night);
    /* Off the nights of its winter plan, a service is as closed as an inactive one. */
    db_rows *s = db_query(c,
                          "SELECT hold_minutes, city_id, CASE WHEN EXISTS (SELECT 1 FROM "
                          "winter_plan_services w JOIN winter_plans wp ON wp.id = w.plan_id WHERE "
                          "w.service_id = services.id AND (wp.starts_on > ? OR wp.ends_on < ?)) "
                          "THEN 'out of season' ELSE status END FROM services WHERE id = ?",
                          DB_ARGS(DB_TEXT(night), DB_TEXT(night), DB_INT(service_id)));
    bool found = s && db_next(s), active = false;
    if (found) {
        minutes = db_int(s, 0);
        city_id = db_int(s, 1);
        active = strcmp(db_text(s, 2), "active") == 0;
    }
    if (db_rows_close(s) != DB_OK) return SVC_ERROR;
    if (!found) return SVC_NOT_FOUND;
    if (!active) return SVC_CLOSED;
    int64_t ended = 0;
    if (expire(c, service_id, now, &ended)) return SVC_ERROR;
    int64_t expires = now + minutes * 60 * INT64_C(1000000);
    /* Each round takes the first free candidate, the plainest first (a place for women, an
     * accessible or a family one is kept for who needs it); when another hold took it meanwhile (a
     * concurrent transaction on PostgreSQL, committed while this one waited on the key), the
     * key answers "nothing inserted" and the next round sees that hold. */
    for (int round = 0; round < 64; round++) {
        db_rows *r = db_query(
            c,
            "INSERT INTO place_holds (city_id, place_id, night, state, person, held_by, held_at, "
            "expires_at) SELECT p.city_id, p.id, ?, 'held', ?, ?, ?, ? " CANDIDATES
            "ORDER BY p.women_only + p.accessible + p.family + p.pets, p.id LIMIT 1 ON CONFLICT "
            "(place_id, night) WHERE state IN ('held', "
            "'checked_in') DO NOTHING RETURNING id, place_id",
            DB_ARGS(DB_TEXT(night), DB_TEXT(person), DB_INT(user_id), DB_INT(now), DB_INT(expires),
                    DB_INT(service_id), DB_TEXT(kind), DB_INT(needs->women_only),
                    DB_INT(needs->accessible), DB_INT(needs->family), DB_INT(needs->pets),
                    DB_TEXT(night)));
        bool held = r && db_next(r);
        if (held) {
            *hold_id = db_int(r, 0);
            *place_id = db_int(r, 1);
        }
        if (db_rows_close(r) != DB_OK) return SVC_ERROR;
        if (held) {
            /* The log names the place and the night, not the person. */
            return services_audit(
                c, city_id, user_id, "place_held", "place_holds", *hold_id,
                json_pack("{s:I,s:s}", "place_id", (json_int_t)*place_id, "night", night));
        }
        int64_t left = 0;
        if (db_query_int(c, "SELECT COUNT(*) " CANDIDATES,
                         DB_ARGS(DB_INT(service_id), DB_TEXT(kind), DB_INT(needs->women_only),
                                 DB_INT(needs->accessible), DB_INT(needs->family),
                                 DB_INT(needs->pets), DB_TEXT(night)),
                         &left) != DB_OK)
            return SVC_ERROR;
        if (left == 0) return SVC_NO_PLACE;
    }
    return SVC_NO_PLACE;
}

/* Moves a hold that is still held (and within its time) to state. */
static svc_rc end_hold(db_conn *c, int64_t hold_id, int64_t user_id, const char *state,
                       const char *action, int64_t now)
{
    int64_t city = 0, changed = 0;
    if (db_query_int(c, "SELECT city_id FROM place_holds WHERE id = ?", DB_ARGS(DB_INT(hold_id)),
                     &city) != DB_OK)
        return SVC_ERROR;
    if (!city) return SVC_NOT_FOUND;
    bool stays = strcmp(state, "checked_in") == 0; /* a stay ends in the morning, not now */
    if (db_exec(
            c,
            "UPDATE place_holds SET state = ?, ended_at = ? WHERE id = ? AND state = 'held' "
            "AND expires_at > ?",
            DB_ARGS(DB_TEXT(state), stays ? DB_NULL : DB_INT(now), DB_INT(hold_id), DB_INT(now)),
            &changed) != DB_OK)
        return SVC_ERROR;
    if (changed != 1) return SVC_BAD_STATE;
    return services_audit(c, city, user_id, action, "place_holds", hold_id, NULL);
}

svc_rc place_check_in(db_conn *c, int64_t hold_id, int64_t user_id, int64_t now)
{
    return end_hold(c, hold_id, user_id, "checked_in", "place_checked_in", now);
}

svc_rc place_release(db_conn *c, int64_t hold_id, int64_t user_id, int64_t now)
{
    return end_hold(c, hold_id, user_id, "released", "place_released", now);
}

int64_t place_hold_service(db_conn *c, int64_t hold_id)
{
    int64_t service = 0;
    db_query_int(c,
                 "SELECT p.service_id FROM place_holds h JOIN places p ON p.id = h.place_id "
                 "WHERE h.id = ?",
                 DB_ARGS(DB_INT(hold_id)), &service);
    return service;
}

svc_rc turnaway_record(db_conn *c, int64_t city_id, int64_t service_id, const char *kind,
                       const char *note, int64_t user_id, int64_t now)
{
    char night[11];
    services_night(now, night);
    int64_t id = 0;
    if (db_query_int(c,
                     "INSERT INTO turnaways (city_id, service_id, night, kind, note, recorded_by, "
                     "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), service_id ? DB_INT(service_id) : DB_NULL,
                             DB_TEXT(night), DB_TEXT(kind), DB_TEXT(note ? note : ""),
                             DB_INT(user_id), DB_INT(now)),
                     &id) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city_id, user_id, "turnaway", "turnaways", id, NULL);
}

svc_rc stays_record(db_conn *c, int64_t service_id, const char *night, int64_t stays,
                    int64_t no_shows, int64_t user_id, int64_t now, int64_t *recorded)
{
    int64_t city = 0, org = 0, in = 0, out = 0;
    if (!service_owner(c, service_id, &city, &org)) return SVC_NOT_FOUND;
    /* The register's stays take the free beds of that night, plainest first, as holds do. */
    if (db_exec(c,
                "INSERT INTO place_holds (city_id, place_id, night, state, person, held_by, "
                "held_at, expires_at) SELECT p.city_id, p.id, ?, 'checked_in', ?, ?, ?, "
                "? " CANDIDATES "ORDER BY p.women_only + p.accessible + p.family + p.pets, p.id "
                "LIMIT ?",
                DB_ARGS(DB_TEXT(night), DB_TEXT(STAYS_PERSON), DB_INT(user_id), DB_INT(now),
                        DB_INT(now), DB_INT(service_id), DB_TEXT("bed"), DB_INT(0), DB_INT(0),
                        DB_INT(0), DB_INT(0), DB_TEXT(night), DB_INT(stays)),
                &in) != DB_OK)
        return SVC_ERROR;
    if (no_shows > 0 &&
        db_exec(c,
                "INSERT INTO place_holds (city_id, place_id, night, state, person, held_by, "
                "held_at, expires_at, ended_at) SELECT p.city_id, p.id, ?, 'expired', ?, ?, ?, ?, "
                "? FROM places p WHERE p.service_id = ? AND p.kind = 'bed' AND p.active = 1 ORDER "
                "BY p.id LIMIT ?",
                DB_ARGS(DB_TEXT(night), DB_TEXT(STAYS_PERSON), DB_INT(user_id), DB_INT(now),
                        DB_INT(now), DB_INT(now), DB_INT(service_id), DB_INT(no_shows)),
                &out) != DB_OK)
        return SVC_ERROR;
    if (recorded) *recorded = in;
    return services_audit(c, city, user_id, "stays_recorded", "services", service_id,
                          json_pack("{s:s,s:I,s:I}", "night", night, "stays", (json_int_t)in,
                                    "no_shows", (json_int_t)out));
}

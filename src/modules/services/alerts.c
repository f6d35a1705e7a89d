/* Public alerts: someone seen sleeping rough, told by anyone, taken by a street team. The
 * private link's code is stored as its SHA-256 only: whoever reads the database cannot follow
 * an alert as its reporter. */
#include <sodium.h>
#include <string.h>

#include "base/hex.h"
#include "modules/services/services.h"

const char *const ALERT_OUTCOMES[] = {"helped", "declined", "not_found", NULL};

svc_rc alert_report(db_conn *c, int64_t city_id, int64_t zone_id, const char *place,
                    int64_t seen_at, const char *description, const char *contact, int64_t now,
                    char code[ALERT_CODE_LEN + 1], int64_t *id)
{
    /* The zone's team gets the alert; a zone of another city is no zone at all. */
    int64_t team = 0, found = 0;
    if (zone_id) {
        db_rows *z = db_query(c, "SELECT service_id FROM street_zones WHERE id = ? AND city_id = ?",
                              DB_ARGS(DB_INT(zone_id), DB_INT(city_id)));
        if (!z) return SVC_ERROR;
        if (db_next(z)) {
            found = 1;
            team = db_isnull(z, 0) ? 0 : db_int(z, 0);
        }
        if (db_rows_close(z) != DB_OK) return SVC_ERROR;
        if (!found) return SVC_NOT_FOUND;
    }
    unsigned char raw[ALERT_CODE_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    hex_encode(raw, sizeof raw, code);
    char hash[65];
    sha256_hex(code, ALERT_CODE_LEN, hash);
    if (db_query_int(c,
                     "INSERT INTO street_alerts (city_id, zone_id, service_id, place, seen_at, "
                     "description, contact, track_hash, due_at, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), zone_id ? DB_INT(zone_id) : DB_NULL,
                             team ? DB_INT(team) : DB_NULL, DB_TEXT(place), DB_INT(seen_at),
                             DB_TEXT(description), DB_TEXT(contact), DB_TEXT(hash),
                             DB_INT(now + ALERT_TARGET_HOURS * INT64_C(3600) * 1000000),
                             DB_INT(now), DB_INT(now)),
                     id) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city_id, 0, "street_alert", "street_alerts", *id, NULL);
}

json_t *alert_by_code(db_conn *c, const char *code)
{
    if (!code || strlen(code) != ALERT_CODE_LEN) return NULL;
    char hash[65];
    sha256_hex(code, ALERT_CODE_LEN, hash);
    return db_query_object(c,
                           "SELECT a.place, a.seen_at, a.state, a.outcome, a.due_at, a.created_at, "
                           "a.updated_at, s.name AS team FROM street_alerts a LEFT JOIN services s "
                           "ON s.id = a.service_id WHERE a.track_hash = ?",
                           DB_ARGS(DB_TEXT(hash)));
}

json_t *alerts_of_city(db_conn *c, int64_t city_id, int64_t now, bool open_only)
{
    return db_query_json(
        c,
        "SELECT a.id, a.place, a.seen_at, a.description, a.contact, a.state, "
        "a.outcome, a.due_at, a.created_at, s.name AS team, z.name AS zone, CASE WHEN a.state "
        "IN ('new', 'taken') AND a.due_at < ? THEN 1 ELSE 0 END AS is_late, "
        "CASE WHEN a.state IN ('new', 'taken') THEN 1 ELSE 0 END AS is_open "
        "FROM street_alerts a LEFT JOIN services s ON s.id = a.service_id LEFT JOIN street_zones "
        "z ON z.id = a.zone_id WHERE "
        "a.city_id = ? AND (a.state IN ('new', 'taken') OR (? = 0 AND a.updated_at > ?)) "
        "ORDER BY a.state IN ('new', 'taken') DESC, a.due_at",
        DB_ARGS(DB_INT(now), DB_INT(city_id), DB_INT(open_only),
                DB_INT(now - INT64_C(7) * 86400 * 1000000)));
}

svc_rc alert_take(db_conn *c, int64_t city_id, int64_t id, int64_t service_id, int64_t user_id,
                  int64_t now)
{
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE street_alerts SET state = 'taken', service_id = ?, updated_at = ? WHERE id "
                "= ? AND city_id = ? AND state = 'new' AND EXISTS (SELECT 1 FROM services s WHERE "
                "s.id = ? AND s.city_id = ? AND s.kind IN ('street_unit', 'social_emergency'))",
                DB_ARGS(DB_INT(service_id), DB_INT(now), DB_INT(id), DB_INT(city_id),
                        DB_INT(service_id), DB_INT(city_id)),
                &changed) != DB_OK)
        return SVC_ERROR;
    if (changed != 1) return SVC_BAD_STATE;
    return services_audit(c, city_id, user_id, "street_alert_taken", "street_alerts", id, NULL);
}

svc_rc alert_close(db_conn *c, int64_t city_id, int64_t id, const char *outcome_state,
                   const char *outcome, int64_t user_id, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE street_alerts SET state = ?, outcome = ?, updated_at = ? WHERE id = ? AND "
                "city_id = ? AND state IN ('new', 'taken')",
                DB_ARGS(DB_TEXT(outcome_state), DB_TEXT(outcome), DB_INT(now), DB_INT(id),
                        DB_INT(city_id)),
                &changed) != DB_OK)
        return SVC_ERROR;
    if (changed != 1) return SVC_BAD_STATE;
    return services_audit(c, city_id, user_id, "street_alert_closed", "street_alerts", id,
                          json_pack("{s:s}", "state", outcome_state));
}

json_t *street_units(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT id, name FROM services WHERE city_id = ? AND kind IN "
                         "('street_unit', 'social_emergency') AND status = 'active' ORDER BY name",
                         DB_ARGS(DB_INT(city_id)));
}

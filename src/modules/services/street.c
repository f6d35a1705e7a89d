/* Street work: the zones of a city and their teams, the contacts the teams record on their
 * phones, and the board's stamp. A contact carries the key its phone made when it was written
 * down: the unique key (city, key) makes a contact sent twice (the network came back halfway,
 * the button pressed again) one contact, whichever instance receives it. */
#include <string.h>

#include "modules/services/services.h"

const char *const CONTACT_NEEDS[] = {"shelter",   "food",  "health", "hygiene", "clothes",
                                     "documents", "legal", "income", "other",   NULL};

bool contact_key_valid(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    return n >= CONTACT_KEY_MIN && n <= CONTACT_KEY_MAX &&
           strspn(key, "0123456789abcdefABCDEF-") == n;
}

svc_rc zone_create(db_conn *c, int64_t city_id, int64_t user_id, const char *name,
                   int64_t service_id, int64_t *id)
{
    int64_t ok = 0;
    if (service_id &&
        (db_query_int(c,
                      "SELECT COUNT(*) FROM services WHERE id = ? AND city_id = ? AND kind IN "
                      "('street_unit', 'social_emergency')",
                      DB_ARGS(DB_INT(service_id), DB_INT(city_id)), &ok) != DB_OK ||
         !ok))
        return SVC_NOT_FOUND;
    db_rc rc = db_query_int(
        c, "INSERT INTO street_zones (city_id, name, service_id) VALUES (?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(city_id), DB_TEXT(name), service_id ? DB_INT(service_id) : DB_NULL), id);
    if (rc == DB_CONSTRAINT) return SVC_DUPLICATE;
    if (rc != DB_OK) return SVC_ERROR;
    return services_audit(c, city_id, user_id, "street_zone_created", "street_zones", *id, NULL);
}

json_t *street_zones(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT z.id, z.name, z.service_id, s.name AS team FROM street_zones z "
                         "LEFT JOIN services s ON s.id = z.service_id WHERE z.city_id = ? ORDER "
                         "BY z.name",
                         DB_ARGS(DB_INT(city_id)));
}

svc_rc contact_record(db_conn *c, int64_t city_id, int64_t user_id, const contact_in *in,
                      int64_t now, int64_t *id, bool *replayed)
{
    *replayed = false;
    /* Every reference must be of the city: a zone, a team, an alert, a hold of its places. */
    int64_t ok = 0;
    if (db_query_int(
            c,
            "SELECT (? = 0 OR EXISTS (SELECT 1 FROM street_zones WHERE id = ? AND city_id = ?)) "
            "AND (? = 0 OR EXISTS (SELECT 1 FROM services WHERE id = ? AND city_id = ?)) AND (? = "
            "0 OR EXISTS (SELECT 1 FROM street_alerts WHERE id = ? AND city_id = ?)) AND (? = 0 "
            "OR EXISTS (SELECT 1 FROM place_holds WHERE id = ? AND city_id = ?))",
            DB_ARGS(DB_INT(in->zone_id), DB_INT(in->zone_id), DB_INT(city_id),
                    DB_INT(in->service_id), DB_INT(in->service_id), DB_INT(city_id),
                    DB_INT(in->alert_id), DB_INT(in->alert_id), DB_INT(city_id),
                    DB_INT(in->hold_id), DB_INT(in->hold_id), DB_INT(city_id)),
            &ok) != DB_OK)
        return SVC_ERROR;
    if (!ok) return SVC_NOT_FOUND;
    *id = 0;
    if (db_query_int(c,
                     "INSERT INTO street_contacts (city_id, client_key, zone_id, service_id, "
                     "met_at, place, person, needs, offered, hold_id, alert_id, referral, "
                     "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (city_id, client_key) DO NOTHING RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(in->client_key),
                             in->zone_id ? DB_INT(in->zone_id) : DB_NULL,
                             in->service_id ? DB_INT(in->service_id) : DB_NULL, DB_INT(in->met_at),
                             DB_TEXT(in->place), DB_TEXT(in->person), DB_TEXT(in->needs),
                             DB_TEXT(in->offered), in->hold_id ? DB_INT(in->hold_id) : DB_NULL,
                             in->alert_id ? DB_INT(in->alert_id) : DB_NULL, DB_TEXT(in->referral),
                             DB_INT(user_id), DB_INT(now)),
                     id) != DB_OK)
        return SVC_ERROR;
    if (*id)
        return services_audit(c, city_id, user_id, "street_contact", "street_contacts", *id, NULL);
    /* Sent before: the contact kept the first time is the answer. */
    *replayed = true;
    return db_query_int(c, "SELECT id FROM street_contacts WHERE city_id = ? AND client_key = ?",
                        DB_ARGS(DB_INT(city_id), DB_TEXT(in->client_key)), id) == DB_OK &&
                   *id
               ? SVC_OK
               : SVC_ERROR;
}

json_t *street_contacts(db_conn *c, int64_t city_id, int64_t since)
{
    return db_query_json(
        c,
        "SELECT k.id, k.met_at, k.place, k.person, k.needs, k.offered, k.referral, z.name AS "
        "zone, s.name AS team, u.name AS recorded_by, k.alert_id, k.hold_id FROM "
        "street_contacts k LEFT JOIN street_zones z ON z.id = k.zone_id LEFT JOIN services s ON "
        "s.id = k.service_id JOIN users u ON u.id = k.recorded_by WHERE k.city_id = ? AND "
        "k.met_at >= ? ORDER BY k.met_at DESC LIMIT 200",
        DB_ARGS(DB_INT(city_id), DB_INT(since)));
}

json_t *holds_made_by(db_conn *c, int64_t user_id, int64_t now)
{
    char night[11];
    services_night(now, night);
    return db_query_json(c,
                         "SELECT h.id, h.person, p.label, s.name AS service FROM place_holds h "
                         "JOIN places p ON p.id = h.place_id JOIN services s ON s.id = "
                         "p.service_id WHERE h.held_by = ? AND h.night = ? AND h.state IN "
                         "('held', 'checked_in') ORDER BY h.held_at DESC",
                         DB_ARGS(DB_INT(user_id), DB_TEXT(night)));
}

svc_rc board_touch(db_conn *c, int64_t city_id)
{
    return db_exec(c,
                   "INSERT INTO board_stamps (city_id, stamp) VALUES (?, 1) ON CONFLICT (city_id) "
                   "DO UPDATE SET stamp = board_stamps.stamp + 1",
                   DB_ARGS(DB_INT(city_id)), NULL) == DB_OK
               ? SVC_OK
               : SVC_ERROR;
}

int64_t board_stamp(db_conn *c, int64_t city_id)
{
    int64_t stamp = 0;
    if (db_query_int(c,
                     "SELECT COALESCE(SUM(stamp), 0) FROM board_stamps WHERE city_id = ? OR ? = 0",
                     DB_ARGS(DB_INT(city_id), DB_INT(city_id)), &stamp) != DB_OK)
        return -1;
    return stamp;
}

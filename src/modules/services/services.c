#include "modules/services/services.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"
#include "modules/audit/audit.h"

const char *const SERVICE_KINDS[] = {"social_emergency",
                                     "night_shelter",
                                     "day_centre",
                                     "canteen",
                                     "showers",
                                     "laundry",
                                     "clothes",
                                     "luggage",
                                     "health",
                                     "legal",
                                     "street_unit",
                                     "post_station",
                                     "registered_address",
                                     NULL};
const char *const SERVICE_STATUSES[] = {"active", "temporarily closed", "inactive", "defunct",
                                        NULL};
const char *const PLACE_KINDS[] = {"bed", "sleeping_bag", "meal", "shower", NULL};
const char *const SERVICE_FOR[] = {"men",     "women", "families",   "minors",
                                   "couples", "pets",  "accessible", NULL};

void services_night(int64_t now, char out[11])
{
    /* Before eight in the morning by Rome's clock (when shelters send people out), the night
     * is the one that began the day before; from eight on, a place is held for the coming
     * night. 24 hours back lands on the day before whatever a change of the clocks did to the
     * day's length. */
    struct tm tm;
    bool early = time_rome(now / 1000000, &tm) && tm.tm_hour < NIGHT_ENDS_HOUR;
    date_rome(early ? now - INT64_C(24) * 3600 * 1000000 : now, out);
}

/* A place is taken tonight when it is checked in, or held and its time has not run out. */
#define LIVE_HOLD                                                                                  \
    "h.night = ? AND (h.state = 'checked_in' OR (h.state = 'held' AND h.expires_at > ?))"

#define SITE_COLUMNS                                                                               \
    "ss.id AS site_id, s.id, s.kind, s.name, s.name_en, s.description, s.description_en, "         \
    "s.status, s.for_men AS is_for_men, s.for_women AS is_for_women, s.for_families AS "           \
    "is_for_families, s.for_minors AS is_for_minors, s.for_couples AS is_for_couples, "            \
    "s.for_pets AS is_for_pets, s.accessible AS is_accessible, s.documents, s.languages, "         \
    "s.fees, s.phone, s.email, o.name AS organisation, l.id AS location_id, l.name AS location, "  \
    "l.address, l.neighbourhood, l.latitude_e6, l.longitude_e6, l.accessibility, ss.hours, "       \
    "(SELECT COUNT(*) FROM places p WHERE p.service_id = s.id AND p.active = 1) AS "               \
    "places_total, (SELECT COUNT(*) FROM places p WHERE p.service_id = s.id AND p.active = 1 "     \
    "AND NOT EXISTS (SELECT 1 FROM place_holds h WHERE h.place_id = p.id AND " LIVE_HOLD           \
    ")) AS places_free "

/* A service of a winter plan takes people only on the plan's nights (two parameters: the
 * night, twice). */
#define IN_SEASON                                                                                  \
    "NOT EXISTS (SELECT 1 FROM winter_plan_services w JOIN winter_plans wp ON wp.id = w.plan_id "  \
    "WHERE w.service_id = s.id AND (wp.starts_on > ? OR wp.ends_on < ?)) "

/* The directory's order: the emergency service, then where to sleep, then the rest. */
#define KIND_ORDER                                                                                 \
    "CASE s.kind WHEN 'social_emergency' THEN 0 WHEN 'night_shelter' THEN 1 WHEN 'day_centre' "    \
    "THEN 2 WHEN 'canteen' THEN 3 WHEN 'showers' THEN 4 WHEN 'street_unit' THEN 5 WHEN "           \
    "'post_station' THEN 6 ELSE 7 END"

#define SITE_FROM                                                                                  \
    "FROM service_sites ss JOIN services s ON s.id = ss.service_id "                               \
    "JOIN service_locations l ON l.id = ss.location_id "                                           \
    "JOIN organisations o ON o.id = s.organisation_id "

json_t *services_sites(db_conn *c, int64_t city_id, const char *kind, int64_t now)
{
    char night[11];
    services_night(now, night);
    return db_query_json(c,
                         "SELECT " SITE_COLUMNS SITE_FROM
                         "WHERE s.city_id = ? AND s.status <> 'defunct' AND (? = '' OR s.kind = ?) "
                         "AND " IN_SEASON "ORDER BY " KIND_ORDER ", s.name, l.name",
                         DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(city_id),
                                 DB_TEXT(kind ? kind : ""), DB_TEXT(kind ? kind : ""),
                                 DB_TEXT(night), DB_TEXT(night)));
}

json_t *service_get(db_conn *c, int64_t city_id, int64_t id, int64_t now)
{
    char night[11];
    services_night(now, night);
    json_t *sites = db_query_json(
        c, "SELECT " SITE_COLUMNS SITE_FROM "WHERE s.city_id = ? AND s.id = ? ORDER BY l.name",
        DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(city_id), DB_INT(id)));
    if (json_array_size(sites) == 0) {
        json_decref(sites);
        return NULL;
    }
    json_t *s = json_deep_copy(json_array_get(sites, 0));
    json_object_set_new(s, "sites", sites);
    json_object_set_new(
        s, "free_by_kind",
        db_query_json(c,
                      "SELECT p.kind, COUNT(*) AS total, SUM(CASE WHEN EXISTS (SELECT 1 FROM "
                      "place_holds h WHERE h.place_id = p.id AND " LIVE_HOLD
                      ") THEN 0 ELSE 1 END) AS free FROM places p WHERE p.service_id = ? AND "
                      "p.active = 1 GROUP BY p.kind ORDER BY p.kind",
                      DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(id))));
    return s;
}

bool service_owner(db_conn *c, int64_t id, int64_t *city_id, int64_t *organisation_id)
{
    db_rows *r = db_query(c, "SELECT city_id, organisation_id FROM services WHERE id = ?",
                          DB_ARGS(DB_INT(id)));
    bool found = r && db_next(r);
    if (found) {
        *city_id = db_int(r, 0);
        *organisation_id = db_int(r, 1);
    }
    db_rows_close(r);
    return found;
}

json_t *service_places_tonight(db_conn *c, int64_t id, int64_t now)
{
    char night[11];
    services_night(now, night);
    return db_query_json(
        c,
        "SELECT p.id, p.kind, p.label, p.women_only AS is_women_only, p.accessible AS "
        "is_accessible, p.family AS is_family, p.pets AS is_pets, p.seasonal AS is_seasonal, "
        "h.id AS hold_id, h.state AS hold_state, CASE WHEN h.state = 'held' THEN 1 ELSE 0 END "
        "AS is_held, h.person, h.expires_at AS hold_expires_at, "
        "u.name AS held_by FROM places p LEFT JOIN place_holds h ON h.place_id = p.id "
        "AND " LIVE_HOLD
        " LEFT JOIN users u ON u.id = h.held_by WHERE p.service_id = ? AND p.active = 1 "
        "ORDER BY p.kind, p.label",
        DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(id)));
}

json_t *services_locations(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT id, name, neighbourhood, latitude_e6, longitude_e6 FROM "
                         "service_locations WHERE city_id = ? ORDER BY name",
                         DB_ARGS(DB_INT(city_id)));
}

svc_rc location_create(db_conn *c, int64_t city_id, int64_t user_id, const location_in *in,
                       int64_t now, int64_t *id)
{
    if (db_query_int(c,
                     "INSERT INTO service_locations (city_id, name, address, postal_code, "
                     "neighbourhood, latitude_e6, longitude_e6, accessibility, created_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(in->name), DB_TEXT(in->address),
                             DB_TEXT(in->postal_code), DB_TEXT(in->neighbourhood),
                             DB_INT(in->latitude_e6), DB_INT(in->longitude_e6),
                             DB_TEXT(in->accessibility), DB_INT(now)),
                     id) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city_id, user_id, "service_location_created", "service_locations", *id,
                          NULL);
}

svc_rc service_create(db_conn *c, int64_t city_id, int64_t user_id, const service_in *in,
                      int64_t now, int64_t *id)
{
    int64_t ok = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM organisations WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(in->organisation_id), DB_INT(city_id)), &ok) != DB_OK)
        return SVC_ERROR;
    if (!ok) return SVC_BAD_ORG;
    if (db_query_int(c, "SELECT COUNT(*) FROM service_locations WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(in->location_id), DB_INT(city_id)), &ok) != DB_OK)
        return SVC_ERROR;
    if (!ok) return SVC_BAD_LOCATION;
    if (in->winter_plan_id) {
        char night[11];
        services_night(now, night);
        if (db_query_int(c,
                         "SELECT COUNT(*) FROM winter_plans WHERE id = ? AND city_id = ? AND "
                         "ends_on >= ?",
                         DB_ARGS(DB_INT(in->winter_plan_id), DB_INT(city_id), DB_TEXT(night)),
                         &ok) != DB_OK)
            return SVC_ERROR;
        if (!ok) return SVC_BAD_PLAN;
    }
    const bool *f = in->for_;
    if (db_query_int(
            c,
            "INSERT INTO services (city_id, organisation_id, kind, name, name_en, description, "
            "description_en, for_men, for_women, for_families, for_minors, for_couples, for_pets, "
            "accessible, documents, languages, fees, phone, email, hold_minutes, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            DB_ARGS(DB_INT(city_id), DB_INT(in->organisation_id), DB_TEXT(in->kind),
                    DB_TEXT(in->name), DB_TEXT(in->name_en), DB_TEXT(in->description),
                    DB_TEXT(in->description_en), DB_INT(f[0]), DB_INT(f[1]), DB_INT(f[2]),
                    DB_INT(f[3]), DB_INT(f[4]), DB_INT(f[5]), DB_INT(f[6]), DB_TEXT(in->documents),
                    DB_TEXT(in->languages), DB_TEXT(in->fees), DB_TEXT(in->phone),
                    DB_TEXT(in->email), DB_INT(in->hold_minutes), DB_INT(now), DB_INT(now)),
            id) != DB_OK ||
        db_exec(c,
                "INSERT INTO service_sites (city_id, service_id, location_id, hours) VALUES (?, "
                "?, ?, ?)",
                DB_ARGS(DB_INT(city_id), DB_INT(*id), DB_INT(in->location_id), DB_TEXT(in->hours)),
                NULL) != DB_OK)
        return SVC_ERROR;
    if (in->winter_plan_id &&
        db_exec(c,
                "INSERT INTO winter_plan_services (plan_id, service_id, city_id) VALUES (?, ?, ?)",
                DB_ARGS(DB_INT(in->winter_plan_id), DB_INT(*id), DB_INT(city_id)), NULL) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city_id, user_id, "service_created", "services", *id, NULL);
}

svc_rc places_add(db_conn *c, int64_t service_id, int64_t user_id, const char *kind, int count,
                  const place_needs *a, bool seasonal)
{
    int64_t city = 0, org = 0, have = 0;
    if (!service_owner(c, service_id, &city, &org)) return SVC_NOT_FOUND;
    /* Places are numbered across the service's kinds, retired ones included: labels stay unique. */
    if (db_query_int(c, "SELECT COUNT(*) FROM places WHERE service_id = ?",
                     DB_ARGS(DB_INT(service_id)), &have) != DB_OK)
        return SVC_ERROR;
    for (int i = 0; i < count; i++) {
        char label[24];
        snprintf(label, sizeof label, "%lld", (long long)have + i + 1);
        if (db_exec(c,
                    "INSERT INTO places (city_id, service_id, kind, label, women_only, accessible, "
                    "family, pets, seasonal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(city), DB_INT(service_id), DB_TEXT(kind), DB_TEXT(label),
                            DB_INT(a->women_only), DB_INT(a->accessible), DB_INT(a->family),
                            DB_INT(a->pets), DB_INT(seasonal)),
                    NULL) != DB_OK)
            return SVC_ERROR;
    }
    return services_audit(c, city, user_id, "places_added", "services", service_id,
                          json_pack("{s:s,s:i}", "kind", kind, "count", count));
}

svc_rc service_set_status(db_conn *c, int64_t service_id, int64_t user_id, const char *status,
                          int64_t now)
{
    int64_t city = 0, org = 0;
    if (!service_owner(c, service_id, &city, &org)) return SVC_NOT_FOUND;
    if (db_exec(c, "UPDATE services SET status = ?, updated_at = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(status), DB_INT(now), DB_INT(service_id)), NULL) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city, user_id, "service_status", "services", service_id,
                          json_pack("{s:s}", "status", status));
}

json_t *services_bodies(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT id, name, kind FROM organisations WHERE city_id = ? ORDER BY "
                         "kind, name",
                         DB_ARGS(DB_INT(city_id)));
}

json_t *services_board(db_conn *c, int64_t city_id, int64_t now)
{
    char night[11];
    services_night(now, night);
    json_t *board = json_object();
    json_object_set_new(
        board, "rows",
        db_query_json(
            c,
            "SELECT s.id, s.name, s.kind, p.kind AS place_kind, COUNT(*) AS total, "
            "SUM(CASE WHEN h.state = 'checked_in' THEN 1 ELSE 0 END) AS checked_in, "
            "SUM(CASE WHEN h.state = 'held' THEN 1 ELSE 0 END) AS held, "
            "SUM(CASE WHEN h.id IS NULL THEN 1 ELSE 0 END) AS free "
            "FROM places p JOIN services s ON s.id = p.service_id LEFT JOIN place_holds h "
            "ON h.place_id = p.id AND " LIVE_HOLD " WHERE s.city_id = ? AND "
            "s.status = 'active' AND p.active = 1 GROUP BY s.id, s.name, s.kind, p.kind "
            "ORDER BY s.name, p.kind",
            DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(city_id))));
    /* Holds running out within the next half hour: someone should call the person. */
    json_object_set_new(
        board, "expiring",
        db_query_json(c,
                      "SELECT h.id, h.person, h.expires_at, s.id AS service_id, s.name AS "
                      "service, p.kind, p.label, u.name AS held_by FROM place_holds h JOIN "
                      "places p ON p.id = h.place_id JOIN services s ON s.id = p.service_id JOIN "
                      "users u ON u.id = h.held_by WHERE h.city_id = ? AND h.night = ? AND "
                      "h.state = 'held' AND h.expires_at > ? AND h.expires_at <= ? ORDER BY "
                      "h.expires_at",
                      DB_ARGS(DB_INT(city_id), DB_TEXT(night), DB_INT(now),
                              DB_INT(now + INT64_C(30) * 60 * 1000000))));
    int64_t turned = 0;
    db_query_int(c, "SELECT COUNT(*) FROM turnaways WHERE city_id = ? AND night = ?",
                 DB_ARGS(DB_INT(city_id), DB_TEXT(night)), &turned);
    json_object_set_new(board, "turnaways", json_integer(turned));
    json_object_set_new(board, "night", json_string(night));
    return board;
}

svc_rc winter_plan_declare(db_conn *c, int64_t city_id, int64_t user_id, const char *name,
                           const char *starts_on, const char *ends_on, int64_t now, int64_t *id)
{
    if (db_query_int(c,
                     "INSERT INTO winter_plans (city_id, name, starts_on, ends_on, declared_by, "
                     "declared_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(name), DB_TEXT(starts_on), DB_TEXT(ends_on),
                             DB_INT(user_id), DB_INT(now)),
                     id) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city_id, user_id, "winter_plan_declared", "winter_plans", *id,
                          json_pack("{s:s,s:s}", "starts_on", starts_on, "ends_on", ends_on));
}

json_t *winter_plans(db_conn *c, int64_t city_id, int64_t now)
{
    char night[11];
    services_night(now, night);
    json_t *plans = db_query_json(c,
                                  "SELECT id, name, starts_on, ends_on, CASE WHEN starts_on <= ? "
                                  "THEN 1 ELSE 0 END AS is_on FROM winter_plans WHERE city_id = ? "
                                  "AND ends_on >= ? ORDER BY id",
                                  DB_ARGS(DB_TEXT(night), DB_INT(city_id), DB_TEXT(night)));
    /* Every plan's services in one query, in the plans' order, dealt out below. */
    json_t *services = db_query_json(
        c,
        "SELECT w.plan_id, s.id, s.name, s.status FROM winter_plan_services w JOIN winter_plans wp "
        "ON wp.id = w.plan_id JOIN services s ON s.id = w.service_id WHERE wp.city_id = ? AND "
        "wp.ends_on >= ? ORDER BY w.plan_id, s.name",
        DB_ARGS(DB_INT(city_id), DB_TEXT(night)));
    size_t i, k = 0;
    json_t *x;
    json_array_foreach(plans, i, x)
    {
        int64_t id = json_integer_value(json_object_get(x, "id"));
        json_t *mine = json_array();
        for (; k < json_array_size(services); k++) {
            json_t *sv = json_array_get(services, k);
            if (json_integer_value(json_object_get(sv, "plan_id")) != id) break;
            json_array_append(mine, sv);
        }
        json_object_set_new(x, "services", mine);
    }
    json_decref(services);
    return plans;
}

int winter_plans_close(db_conn *c, int64_t now)
{
    char night[11];
    services_night(now, night);
    json_t *due = db_query_json(c,
                                "SELECT s.id FROM services s JOIN winter_plan_services w ON "
                                "w.service_id = s.id JOIN winter_plans wp ON wp.id = w.plan_id "
                                "WHERE wp.ends_on < ? AND s.status = 'active'",
                                DB_ARGS(DB_TEXT(night)));
    if (!due) return -1;
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(due, i, x)
    {
        if (service_set_status(c, json_integer_value(json_object_get(x, "id")), 0, "inactive",
                               now) != SVC_OK) {
            n = -1;
            break;
        }
        n++;
    }
    json_decref(due);
    return n;
}

svc_rc services_audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                      const char *entity, int64_t id, json_t *detail)
{
    int rc = audit_append(c, city_id, user_id, action, entity, id, detail);
    json_decref(detail);
    return rc ? SVC_ERROR : board_touch(c, city_id);
}

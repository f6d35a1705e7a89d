#include "modules/services/services.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"

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
const char *const PLACE_KINDS[] = {"bed", "sleeping_bag", "meal", "shower", NULL};
const char *const SERVICE_FOR[] = {"men",     "women", "families",   "minors",
                                   "couples", "pets",  "accessible", NULL};

void services_night(int64_t now, char out[11])
{
    /* Before noon by Rome's clock, the night is the one that began the day before: 24 hours
     * back lands on that date whatever a change of the clocks did to the day's length. */
    struct tm tm;
    bool ok = time_rome(now / 1000000, &tm);
    if (ok && tm.tm_hour < 12) ok = time_rome(now / 1000000 - 24 * 3600, &tm);
    if (!ok) {
        snprintf(out, 11, "1970-01-01");
        return;
    }
    char d[32];
    snprintf(d, sizeof d, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    snprintf(out, 11, "%.10s", d);
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
                         "ORDER BY " KIND_ORDER ", s.name, l.name",
                         DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(city_id),
                                 DB_TEXT(kind ? kind : ""), DB_TEXT(kind ? kind : "")));
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

int64_t services_city(db_conn *c, const char *istat, int64_t fallback)
{
    int64_t id = 0;
    if (istat && *istat)
        db_query_int(c, "SELECT id FROM cities WHERE istat_code = ?", DB_ARGS(DB_TEXT(istat)), &id);
    if (!id) id = fallback;
    if (!id) db_query_int(c, "SELECT MIN(id) FROM cities", DB_NOARGS, &id);
    return id;
}

json_t *services_locations(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT id, name, neighbourhood, latitude_e6, longitude_e6 FROM "
                         "service_locations WHERE city_id = ? ORDER BY name",
                         DB_ARGS(DB_INT(city_id)));
}

#include "modules/hubs/hubs.h"

#include <stdio.h>
#include <string.h>

#include "modules/spaces/spaces.h"

hub_rc hub_create(db_conn *c, int64_t city_id, const hub_in *in, int64_t now, int64_t *id)
{
    /* The body running the hub is the agreement's. */
    int64_t org = 0;
    db_query_int(c,
                 "SELECT organisation_id FROM agreements WHERE id = ? AND city_id = ? AND state "
                 "IN ('signed_city', 'active')",
                 DB_ARGS(DB_INT(in->agreement_id), DB_INT(city_id)), &org);
    if (!org) return HUB_BAD_AGREEMENT;
    if (in->space_id && !space_of_city(c, in->space_id, city_id)) return HUB_BAD_SPACE;
    return db_query_int(c,
                        "INSERT INTO hubs (city_id, organisation_id, agreement_id, space_id, name, "
                        "neighbourhood, address, phone, email, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(city_id), DB_INT(org), DB_INT(in->agreement_id),
                                in->space_id ? DB_INT(in->space_id) : DB_NULL, DB_TEXT(in->name),
                                DB_TEXT(in->neighbourhood), DB_TEXT(in->address),
                                DB_TEXT(in->phone), DB_TEXT(in->email), DB_INT(now)),
                        id) == DB_OK
               ? HUB_OK
               : HUB_ERROR;
}

hub_rc hub_update(db_conn *c, int64_t id, const char *phone, const char *email,
                  const week_period *hours, int nhours)
{
    int64_t changed = 0;
    if (db_exec(c, "UPDATE hubs SET phone = ?, email = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(phone), DB_TEXT(email), DB_INT(id)), &changed) != DB_OK)
        return HUB_ERROR;
    if (!changed) return HUB_NOT_FOUND;
    if (db_exec(c, "DELETE FROM hub_hours WHERE hub_id = ?", DB_ARGS(DB_INT(id)), NULL) != DB_OK)
        return HUB_ERROR;
    for (int i = 0; i < nhours; i++)
        if (db_exec(c,
                    "INSERT INTO hub_hours (hub_id, weekday, opens, closes) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (hub_id, weekday, opens) DO UPDATE SET closes = excluded.closes",
                    DB_ARGS(DB_INT(id), DB_INT(hours[i].weekday), DB_INT(hours[i].opens),
                            DB_INT(hours[i].closes)),
                    NULL) != DB_OK)
            return HUB_ERROR;
    return HUB_OK;
}

hub_rc hub_add_service(db_conn *c, int64_t id, const char *name, const char *audience,
                       const char *schedule, const char *access, int64_t now)
{
    return db_exec(c,
                   "INSERT INTO hub_services (hub_id, name, audience, schedule, access, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                   DB_ARGS(DB_INT(id), DB_TEXT(name), DB_TEXT(audience), DB_TEXT(schedule),
                           DB_TEXT(access), DB_INT(now)),
                   NULL) == DB_OK
               ? HUB_OK
               : HUB_ERROR;
}

hub_rc hub_set_buildings(db_conn *c, int64_t id, const char *const *codes, int n)
{
    if (db_exec(c, "DELETE FROM hub_buildings WHERE hub_id = ?", DB_ARGS(DB_INT(id)), NULL) !=
        DB_OK)
        return HUB_ERROR;
    for (int i = 0; i < n; i++) {
        int64_t added = 0;
        if (db_exec(c,
                    "INSERT INTO hub_buildings (hub_id, building_id) SELECT h.id, b.id FROM hubs "
                    "h JOIN buildings b ON b.city_id = h.city_id AND b.code = ? WHERE h.id = ? "
                    "ON CONFLICT DO NOTHING",
                    DB_ARGS(DB_TEXT(codes[i]), DB_INT(id)), &added) != DB_OK)
            return HUB_ERROR;
        if (!added) {
            /* A repeated code adds nothing and is fine; an unknown one is not. */
            int64_t known = 0;
            db_query_int(c,
                         "SELECT COUNT(*) FROM hub_buildings hb JOIN buildings b ON b.id = "
                         "hb.building_id WHERE hb.hub_id = ? AND b.code = ?",
                         DB_ARGS(DB_INT(id), DB_TEXT(codes[i])), &known);
            if (!known) return HUB_BAD_BUILDING;
        }
    }
    return HUB_OK;
}

json_t *hub_get(db_conn *c, int64_t id)
{
    json_t *h = db_query_object(c,
                                "SELECT h.id, h.city_id, h.organisation_id, h.agreement_id, "
                                "h.space_id, h.name, h.neighbourhood, h.address, h.phone, "
                                "h.email, o.name AS organisation, ci.name AS city, s.name AS "
                                "space FROM hubs h JOIN organisations o ON o.id = "
                                "h.organisation_id JOIN cities ci ON ci.id = h.city_id LEFT "
                                "JOIN spaces s ON s.id = h.space_id WHERE h.id = ?",
                                DB_ARGS(DB_INT(id)));
    if (!h) return NULL;
    json_object_set_new(h, "services",
                        db_query_json(c,
                                      "SELECT id, name, audience, schedule, access FROM "
                                      "hub_services WHERE hub_id = ? ORDER BY id",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(h, "hours",
                        db_query_json(c,
                                      "SELECT weekday, opens, closes FROM hub_hours WHERE hub_id "
                                      "= ? ORDER BY weekday, opens",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(h, "buildings",
                        db_query_json(c,
                                      "SELECT b.id, b.code, b.address FROM hub_buildings hb JOIN "
                                      "buildings b ON b.id = hb.building_id WHERE hb.hub_id = ? "
                                      "ORDER BY b.address",
                                      DB_ARGS(DB_INT(id))));
    return h;
}

json_t *hubs_list(db_conn *c, int64_t building_id, const char *neighbourhood)
{
    const char *hood = neighbourhood ? neighbourhood : "";
    return db_query_json(
        c,
        "SELECT h.id, h.name, h.neighbourhood, h.address, h.phone, h.email, o.name AS "
        "organisation, ci.name AS city, "
        "CASE WHEN EXISTS (SELECT 1 FROM hub_buildings hb WHERE hb.hub_id = h.id AND "
        "hb.building_id = ?) THEN 1 ELSE 0 END AS is_mine, "
        "CASE WHEN h.neighbourhood = ? THEN 1 ELSE 0 END AS is_near, "
        "(SELECT COUNT(*) FROM hub_services s WHERE s.hub_id = h.id) AS services "
        "FROM hubs h JOIN organisations o ON o.id = h.organisation_id JOIN cities ci ON ci.id = "
        "h.city_id ORDER BY is_mine DESC, is_near DESC, ci.name, h.neighbourhood, h.name",
        DB_ARGS(DB_INT(building_id), DB_TEXT(hood)));
}

bool hub_owner(db_conn *c, int64_t id, int64_t *city_id, int64_t *organisation_id)
{
    *city_id = *organisation_id = 0;
    db_rows *r =
        db_query(c, "SELECT city_id, organisation_id FROM hubs WHERE id = ?", DB_ARGS(DB_INT(id)));
    bool found = r && db_next(r);
    if (found) {
        *city_id = db_int(r, 0);
        *organisation_id = db_int(r, 1);
    }
    db_rows_close(r);
    return found;
}

int64_t hub_for_building(db_conn *c, int64_t building_id)
{
    int64_t hub = 0;
    db_query_int(c, "SELECT COALESCE(MIN(hub_id), 0) FROM hub_buildings WHERE building_id = ?",
                 DB_ARGS(DB_INT(building_id)), &hub);
    return hub;
}

json_t *hub_agreements_open(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT a.id, o.name AS organisation FROM agreements a JOIN organisations "
                         "o ON o.id = a.organisation_id WHERE a.city_id = ? AND a.state IN "
                         "('signed_city', 'active') ORDER BY a.id",
                         DB_ARGS(DB_INT(city_id)));
}

#include "modules/committees/committees.h"

committee_rc committee_create(db_conn *c, int64_t city_id, const char *name,
                              const char *const *codes, int ncodes, int64_t by, int64_t now,
                              int64_t *id)
{
    db_rc rc = db_query_int(c,
                            "INSERT INTO committees (city_id, name, created_by, created_at) "
                            "VALUES (?, ?, ?, ?) RETURNING id",
                            DB_ARGS(DB_INT(city_id), DB_TEXT(name), DB_INT(by), DB_INT(now)), id);
    if (rc == DB_CONSTRAINT) return COMMITTEE_NAME_TAKEN;
    if (rc != DB_OK) return COMMITTEE_ERROR;
    for (int i = 0; i < ncodes; i++) {
        int64_t b = 0;
        db_query_int(c, "SELECT id FROM buildings WHERE city_id = ? AND code = ?",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(codes[i])), &b);
        if (!b) return COMMITTEE_BAD_BUILDING;
        if (db_exec(c,
                    "INSERT INTO committee_buildings (committee_id, building_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    DB_ARGS(DB_INT(*id), DB_INT(b)), NULL) != DB_OK)
            return COMMITTEE_ERROR;
    }
    return COMMITTEE_OK;
}

committee_rc committee_add_member(db_conn *c, int64_t id, int64_t city_id, const char *email,
                                  int64_t now, int64_t *user_id)
{
    if (committee_city(c, id) != city_id) return COMMITTEE_NOT_FOUND;
    *user_id = 0;
    db_query_int(c,
                 "SELECT u.id FROM users u JOIN residents re ON re.user_id = u.id WHERE u.email "
                 "= lower(?) AND re.city_id = ? AND re.state = 'active' AND u.active = 1",
                 DB_ARGS(DB_TEXT(email), DB_INT(city_id)), user_id);
    if (!*user_id) return COMMITTEE_NOT_RESIDENT;
    db_rc rc = db_exec(c,
                       "INSERT INTO committee_members (committee_id, user_id, created_at) VALUES "
                       "(?, ?, ?)",
                       DB_ARGS(DB_INT(id), DB_INT(*user_id), DB_INT(now)), NULL);
    return rc == DB_CONSTRAINT ? COMMITTEE_ALREADY : rc == DB_OK ? COMMITTEE_OK : COMMITTEE_ERROR;
}

committee_rc committee_remove_member(db_conn *c, int64_t id, int64_t city_id, int64_t user_id)
{
    if (committee_city(c, id) != city_id) return COMMITTEE_NOT_FOUND;
    int64_t gone = 0;
    if (db_exec(c, "DELETE FROM committee_members WHERE committee_id = ? AND user_id = ?",
                DB_ARGS(DB_INT(id), DB_INT(user_id)), &gone) != DB_OK)
        return COMMITTEE_ERROR;
    return gone ? COMMITTEE_OK : COMMITTEE_NOT_FOUND;
}

json_t *committee_get(db_conn *c, int64_t id, bool with_members)
{
    json_t *k =
        db_query_object(c, "SELECT id, city_id, name, created_at FROM committees WHERE id = ?",
                        DB_ARGS(DB_INT(id)));
    if (!k) return NULL;
    json_object_set_new(k, "buildings",
                        db_query_json(c,
                                      "SELECT b.id, b.code, b.address, b.neighbourhood FROM "
                                      "committee_buildings cb JOIN buildings b ON b.id = "
                                      "cb.building_id WHERE cb.committee_id = ? ORDER BY "
                                      "b.address",
                                      DB_ARGS(DB_INT(id))));
    if (with_members)
        json_object_set_new(k, "members",
                            db_query_json(c,
                                          "SELECT u.id, u.name FROM committee_members m JOIN "
                                          "users u ON u.id = m.user_id WHERE m.committee_id = ? "
                                          "ORDER BY u.name",
                                          DB_ARGS(DB_INT(id))));
    return k;
}

json_t *committees_list(db_conn *c, int64_t city_id, int64_t member_id)
{
    return db_query_json(c,
                         "SELECT k.id, k.name, (SELECT COUNT(*) FROM committee_members m WHERE "
                         "m.committee_id = k.id) AS members, (SELECT COUNT(*) FROM "
                         "committee_buildings b WHERE b.committee_id = k.id) AS buildings FROM "
                         "committees k WHERE k.city_id = ? OR k.id IN (SELECT committee_id FROM "
                         "committee_members WHERE user_id = ?) ORDER BY k.name",
                         DB_ARGS(DB_INT(city_id), DB_INT(member_id)));
}

int64_t committee_city(db_conn *c, int64_t id)
{
    int64_t city = 0;
    db_query_int(c, "SELECT city_id FROM committees WHERE id = ?", DB_ARGS(DB_INT(id)), &city);
    return city;
}

bool committee_member(db_conn *c, int64_t id, int64_t user_id)
{
    int64_t n = 0;
    db_query_int(c, "SELECT COUNT(*) FROM committee_members WHERE committee_id = ? AND user_id = ?",
                 DB_ARGS(DB_INT(id), DB_INT(user_id)), &n);
    return n > 0;
}

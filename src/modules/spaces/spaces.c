#include "modules/spaces/spaces.h"

#include "base/clock.h"

#define SPACE_COLUMNS                                                                              \
    "SELECT s.id, s.city_id, ci.name AS city, s.name, s.address, s.municipio, s.neighbourhood, "   \
    "s.area_m2, s.works_state, s.notes, s.updated_at FROM spaces s "                               \
    "JOIN cities ci ON ci.id = s.city_id "

json_t *spaces_list(db_conn *c, int64_t city_id)
{
    return db_query_json(c, SPACE_COLUMNS "WHERE (? = 0 OR s.city_id = ?) ORDER BY ci.name, s.name",
                         DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
}

json_t *space_get(db_conn *c, int64_t id)
{
    return db_query_object(c, SPACE_COLUMNS "WHERE s.id = ?", DB_ARGS(DB_INT(id)));
}

int space_save(db_conn *c, int64_t city_id, int64_t id, const space_in *in, int64_t *out_id)
{
    int64_t now = clock_now_us();
    db_param mun = in->municipio ? DB_INT(in->municipio) : DB_NULL;
    db_param m2 = in->area_m2 ? DB_INT(in->area_m2) : DB_NULL;
    if (id == 0)
        return db_query_int(c,
                            "INSERT INTO spaces (city_id, name, address, municipio, neighbourhood, "
                            "area_m2, works_state, notes, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            DB_ARGS(DB_INT(city_id), DB_TEXT(in->name), DB_TEXT(in->address), mun,
                                    DB_TEXT(in->neighbourhood), m2, DB_TEXT(in->works_state),
                                    DB_TEXT(in->notes), DB_INT(now), DB_INT(now)),
                            out_id) == DB_OK
                   ? 0
                   : -1;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE spaces SET name = ?, address = ?, municipio = ?, neighbourhood = ?, "
                "area_m2 = ?, works_state = ?, notes = ?, updated_at = ? "
                "WHERE id = ? AND city_id = ?",
                DB_ARGS(DB_TEXT(in->name), DB_TEXT(in->address), mun, DB_TEXT(in->neighbourhood),
                        m2, DB_TEXT(in->works_state), DB_TEXT(in->notes), DB_INT(now), DB_INT(id),
                        DB_INT(city_id)),
                &changed) != DB_OK)
        return -1;
    *out_id = id;
    return changed ? 0 : -3;
}

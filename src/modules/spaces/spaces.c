#include "modules/spaces/spaces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "db/blobs.h"

#define SPACE_COLUMNS                                                                              \
    "SELECT s.id, s.city_id, ci.name AS city, s.name, s.address, s.municipio, s.neighbourhood, "   \
    "s.area_m2, s.works_state, s.notes, s.works_started_on, s.works_ready_on, s.updated_at, "      \
    "(SELECT COUNT(*) FROM space_assignments a WHERE a.space_id = s.id AND a.active = 1) "         \
    "AS is_assigned FROM spaces s "                                                                \
    "JOIN cities ci ON ci.id = s.city_id "

json_t *spaces_list(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         SPACE_COLUMNS "WHERE (? = 0 OR s.city_id = ?) "
                                       "ORDER BY ci.name, s.municipio, s.neighbourhood, s.name",
                         DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
}

json_t *space_get(db_conn *c, int64_t id)
{
    json_t *s = db_query_object(c, SPACE_COLUMNS "WHERE s.id = ?", DB_ARGS(DB_INT(id)));
    if (s)
        json_object_set_new(s, "photos",
                            db_query_json(c,
                                          "SELECT id, caption, mime FROM space_photos "
                                          "WHERE space_id = ? ORDER BY id",
                                          DB_ARGS(DB_INT(id))));
    return s;
}

int space_photo_add(db_conn *c, int64_t city_id, int64_t space_id, const void *data, size_t len,
                    const char *mime, const char *caption, int64_t *photo_id)
{
    char sha[65];
    int64_t now = clock_now_us(), owner = 0;
    db_query_int(c, "SELECT city_id FROM spaces WHERE id = ?", DB_ARGS(DB_INT(space_id)), &owner);
    if (owner != city_id) return -3;
    if (blob_put(c, data, len, mime, sha) != DB_OK) return -1;
    return db_query_int(c,
                        "INSERT INTO space_photos (space_id, sha256, mime, caption, created_at) "
                        "VALUES (?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(space_id), DB_TEXT(sha), DB_TEXT(mime), DB_TEXT(caption),
                                DB_INT(now)),
                        photo_id) == DB_OK
               ? 0
               : -1;
}

void *space_photo(db_conn *c, int64_t space_id, int64_t photo_id, size_t *len, char *mime,
                  size_t mimelen)
{
    db_rows *r =
        db_query(c,
                 "SELECT p.mime, b.content FROM space_photos p JOIN blobs b ON b.sha256 = p.sha256 "
                 "WHERE p.id = ? AND p.space_id = ?",
                 DB_ARGS(DB_INT(photo_id), DB_INT(space_id)));
    void *copy = NULL;
    if (r && db_next(r)) {
        snprintf(mime, mimelen, "%s", db_text(r, 0));
        copy = blob_copy(r, 1, len);
    }
    db_rows_close(r);
    return copy;
}

int space_save(db_conn *c, int64_t city_id, int64_t id, const space_in *in, int64_t *out_id)
{
    int64_t now = clock_now_us();
    db_param mun = in->municipio ? DB_INT(in->municipio) : DB_NULL;
    db_param m2 = in->area_m2 ? DB_INT(in->area_m2) : DB_NULL;
    if (id == 0)
        return db_query_int(c,
                            "INSERT INTO spaces (city_id, name, address, municipio, neighbourhood, "
                            "area_m2, works_state, notes, works_started_on, works_ready_on, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            DB_ARGS(DB_INT(city_id), DB_TEXT(in->name), DB_TEXT(in->address), mun,
                                    DB_TEXT(in->neighbourhood), m2, DB_TEXT(in->works_state),
                                    DB_TEXT(in->notes), DB_TEXT(in->works_started_on),
                                    DB_TEXT(in->works_ready_on), DB_INT(now), DB_INT(now)),
                            out_id) == DB_OK
                   ? 0
                   : -1;
    int64_t changed = 0;
    if (db_exec(
            c,
            "UPDATE spaces SET name = ?, address = ?, municipio = ?, neighbourhood = ?, "
            "area_m2 = ?, works_state = ?, notes = ?, works_started_on = ?, works_ready_on = ?, "
            "updated_at = ? WHERE id = ? AND city_id = ?",
            DB_ARGS(DB_TEXT(in->name), DB_TEXT(in->address), mun, DB_TEXT(in->neighbourhood), m2,
                    DB_TEXT(in->works_state), DB_TEXT(in->notes), DB_TEXT(in->works_started_on),
                    DB_TEXT(in->works_ready_on), DB_INT(now), DB_INT(id), DB_INT(city_id)),
            &changed) != DB_OK)
        return -1;
    *out_id = id;
    return changed ? 0 : -3;
}

bool space_of_city(db_conn *c, int64_t space_id, int64_t city_id)
{
    int64_t n = 0;
    db_query_int(c, "SELECT COUNT(*) FROM spaces WHERE id = ? AND city_id = ?",
                 DB_ARGS(DB_INT(space_id), DB_INT(city_id)), &n);
    return n == 1;
}

json_t *spaces_names(db_conn *c, int64_t city_id)
{
    return db_query_json(c, "SELECT id, name FROM spaces WHERE city_id = ? ORDER BY name",
                         DB_ARGS(DB_INT(city_id)));
}

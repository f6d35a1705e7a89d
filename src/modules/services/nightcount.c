/* The night count: on one night volunteers, in pairs, walk the city's zones and tally the people
 * they find sleeping rough; the people sheltered that night are the stays of the night. A count
 * takes tallies while open; closed, it is a report that no longer moves. */
#include <string.h>

#include "modules/services/services.h"

const char *const ETHOS_LIGHT[] = {
    "public_space",   "emergency", "homeless_accommodation", "institution", "non_conventional",
    "family_friends", NULL};
const char *const COUNT_GENDERS[] = {"man", "woman", "other", "unknown", NULL};
const char *const AGE_BANDS[] = {"under_18", "18_29", "30_49", "50_64", "65_plus", "unknown", NULL};

svc_rc count_create(db_conn *c, int64_t city_id, int64_t user_id, const char *night,
                    const char *name, int64_t now, int64_t *id)
{
    db_rc rc = db_query_int(
        c,
        "INSERT INTO night_counts (city_id, night, name, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(city_id), DB_TEXT(night), DB_TEXT(name), DB_INT(user_id), DB_INT(now)), id);
    if (rc == DB_CONSTRAINT) return SVC_DUPLICATE;
    if (rc != DB_OK) return SVC_ERROR;
    return services_audit(c, city_id, user_id, "night_count_created", "night_counts", *id,
                          json_pack("{s:s}", "night", night));
}

/* Whether the count is of the city and still open; SVC_OK, SVC_NOT_FOUND or SVC_BAD_STATE. */
static svc_rc open_count(db_conn *c, int64_t city_id, int64_t count_id, int64_t zone_id)
{
    db_rows *r = db_query(c,
                          "SELECT n.state, (SELECT COUNT(*) FROM street_zones z WHERE z.id = ? "
                          "AND z.city_id = n.city_id) FROM night_counts n WHERE n.id = ? AND "
                          "n.city_id = ?",
                          DB_ARGS(DB_INT(zone_id), DB_INT(count_id), DB_INT(city_id)));
    if (!r) return SVC_ERROR;
    svc_rc rc = SVC_NOT_FOUND;
    if (db_next(r) && db_int(r, 1) == 1)
        rc = strcmp(db_text(r, 0), "open") == 0 ? SVC_OK : SVC_BAD_STATE;
    return db_rows_close(r) == DB_OK ? rc : SVC_ERROR;
}

svc_rc count_pair_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t count_id,
                      int64_t zone_id, const char *volunteer_a, const char *volunteer_b)
{
    svc_rc rc = open_count(c, city_id, count_id, zone_id);
    if (rc != SVC_OK) return rc;
    int64_t id = 0;
    if (db_query_int(c,
                     "INSERT INTO night_count_pairs (count_id, city_id, zone_id, volunteer_a, "
                     "volunteer_b) VALUES (?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(count_id), DB_INT(city_id), DB_INT(zone_id),
                             DB_TEXT(volunteer_a), DB_TEXT(volunteer_b)),
                     &id) != DB_OK)
        return SVC_ERROR;
    return services_audit(c, city_id, user_id, "night_count_pair", "night_counts", count_id,
                          json_pack("{s:I}", "zone_id", (json_int_t)zone_id));
}

svc_rc count_tally(db_conn *c, int64_t city_id, int64_t user_id, int64_t count_id, int64_t zone_id,
                   const count_cell *cells, int ncells, int64_t now)
{
    svc_rc rc = open_count(c, city_id, count_id, zone_id);
    if (rc != SVC_OK) return rc;
    int64_t people = 0;
    for (int i = 0; i < ncells; i++) {
        if (cells[i].people <= 0) continue;
        people += cells[i].people;
        if (db_exec(c,
                    "INSERT INTO night_count_tallies (count_id, city_id, zone_id, ethos, gender, "
                    "age_band, people, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                    "?)",
                    DB_ARGS(DB_INT(count_id), DB_INT(city_id), DB_INT(zone_id),
                            DB_TEXT(cells[i].ethos), DB_TEXT(cells[i].gender),
                            DB_TEXT(cells[i].age_band), DB_INT(cells[i].people), DB_INT(user_id),
                            DB_INT(now)),
                    NULL) != DB_OK)
            return SVC_ERROR;
    }
    return services_audit(
        c, city_id, user_id, "night_count_tally", "night_counts", count_id,
        json_pack("{s:I,s:I}", "zone_id", (json_int_t)zone_id, "people", (json_int_t)people));
}

svc_rc count_close(db_conn *c, int64_t city_id, int64_t user_id, int64_t count_id, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE night_counts SET state = 'closed', closed_at = ? WHERE id = ? AND city_id "
                "= ? AND state = 'open'",
                DB_ARGS(DB_INT(now), DB_INT(count_id), DB_INT(city_id)), &changed) != DB_OK)
        return SVC_ERROR;
    if (changed != 1) return SVC_BAD_STATE;
    return services_audit(c, city_id, user_id, "night_count_closed", "night_counts", count_id,
                          NULL);
}

json_t *night_counts(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT n.id, n.night, n.name, n.state, (SELECT COALESCE(SUM(t.people), "
                         "0) FROM night_count_tallies t WHERE t.count_id = n.id) AS people FROM "
                         "night_counts n WHERE n.city_id = ? ORDER BY n.night DESC",
                         DB_ARGS(DB_INT(city_id)));
}

json_t *night_count_get(db_conn *c, int64_t city_id, int64_t id)
{
    json_t *n = db_query_object(c,
                                "SELECT id, night, name, state, created_at, closed_at FROM "
                                "night_counts WHERE id = ? AND city_id = ?",
                                DB_ARGS(DB_INT(id), DB_INT(city_id)));
    if (!n) return NULL;
    const char *night = json_string_value(json_object_get(n, "night"));
    /* Every zone of the city, with its pairs and what they found. */
    json_object_set_new(
        n, "zones",
        db_query_json(c,
                      "SELECT z.id, z.name, (SELECT COALESCE(SUM(t.people), 0) FROM "
                      "night_count_tallies t WHERE t.count_id = ? AND t.zone_id = z.id) AS "
                      "people, (SELECT COUNT(*) FROM night_count_pairs p WHERE p.count_id = ? AND "
                      "p.zone_id = z.id) AS pairs FROM street_zones z WHERE z.city_id = ? ORDER "
                      "BY z.name",
                      DB_ARGS(DB_INT(id), DB_INT(id), DB_INT(city_id))));
    json_object_set_new(n, "pairs",
                        db_query_json(c,
                                      "SELECT p.volunteer_a, p.volunteer_b, z.name AS zone FROM "
                                      "night_count_pairs p JOIN street_zones z ON z.id = "
                                      "p.zone_id WHERE p.count_id = ? ORDER BY z.name, p.id",
                                      DB_ARGS(DB_INT(id))));
    static const struct {
        const char *key, *sql;
    } BY[] = {
        {"by_ethos", "SELECT ethos AS code, SUM(people) AS people FROM night_count_tallies WHERE "
                     "count_id = ? GROUP BY ethos ORDER BY ethos"},
        {"by_gender", "SELECT gender AS code, SUM(people) AS people FROM night_count_tallies "
                      "WHERE count_id = ? GROUP BY gender ORDER BY gender"},
        {"by_age_band", "SELECT age_band AS code, SUM(people) AS people FROM "
                        "night_count_tallies WHERE count_id = ? GROUP BY age_band ORDER BY "
                        "age_band"},
    };
    for (size_t i = 0; i < sizeof BY / sizeof BY[0]; i++)
        json_object_set_new(n, BY[i].key, db_query_json(c, BY[i].sql, DB_ARGS(DB_INT(id))));
    /* The people sheltered that night: the stays of the night, by kind of service. */
    json_object_set_new(
        n, "sheltered",
        db_query_json(c,
                      "SELECT s.kind, COUNT(*) AS people FROM place_holds h JOIN places p ON p.id "
                      "= h.place_id JOIN services s ON s.id = p.service_id WHERE h.city_id = ? "
                      "AND h.night = ? AND h.state = 'checked_in' GROUP BY s.kind ORDER BY s.kind",
                      DB_ARGS(DB_INT(city_id), DB_TEXT(night ? night : ""))));
    return n;
}

/* The actors' profiles, their offers and needs, and the matches between them. */
#include <string.h>

#include "modules/audit/audit.h"
#include "modules/network/network.h"

const char *const actor_kinds[] = {"ets",     "informal_group", "school", "parish",
                                   "company", "city_office",    NULL};
const char *const actor_categories[] = {"skills",    "materials", "spaces", "volunteers",
                                        "equipment", "funding",   NULL};

int actor_profile_set(db_conn *c, int64_t org, int64_t user_id, const char *kind,
                      const char *neighbourhood, const char *description, int64_t now)
{
    if (db_exec(c,
                "INSERT INTO actor_profiles (organisation_id, kind, neighbourhood, description, "
                "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (organisation_id) DO UPDATE SET "
                "kind = excluded.kind, neighbourhood = excluded.neighbourhood, description = "
                "excluded.description, updated_at = excluded.updated_at",
                DB_ARGS(DB_INT(org), DB_TEXT(kind), DB_TEXT(neighbourhood ? neighbourhood : ""),
                        DB_TEXT(description ? description : ""), DB_INT(now)),
                NULL) != DB_OK)
        return -1;
    return audit_append(c, 0, user_id, "actor_profile_set", "organisation", org, NULL);
}

int actor_offer_add(db_conn *c, int64_t org, int64_t user_id, const char *direction,
                    const char *category, const char *text, int64_t now, int64_t *id)
{
    *id = 0;
    if (db_query_int(
            c,
            "INSERT INTO actor_offers (organisation_id, direction, category, text, "
            "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            DB_ARGS(DB_INT(org), DB_TEXT(direction), DB_TEXT(category), DB_TEXT(text), DB_INT(now)),
            id) != DB_OK ||
        !*id)
        return -1;
    return audit_append(c, 0, user_id, "actor_offer_add", "organisation", org, NULL);
}

int actor_offer_withdraw(db_conn *c, int64_t org, int64_t id, int64_t now)
{
    int64_t n = 0;
    if (db_exec(c,
                "UPDATE actor_offers SET withdrawn_at = ? WHERE id = ? AND organisation_id = ? "
                "AND withdrawn_at IS NULL",
                DB_ARGS(DB_INT(now), DB_INT(id), DB_INT(org)), &n) != DB_OK)
        return -1;
    return n == 1 ? 0 : 1;
}

json_t *actors_list(db_conn *c, int64_t city_id, const char *category)
{
    return db_query_json(
        c,
        "SELECT o.id, o.name, o.tax_code, p.kind, p.neighbourhood, (SELECT COUNT(*) FROM "
        "actor_offers a WHERE a.organisation_id = o.id AND a.withdrawn_at IS NULL AND "
        "a.direction = 'offer') AS offers, (SELECT COUNT(*) FROM actor_offers a WHERE "
        "a.organisation_id = o.id AND a.withdrawn_at IS NULL AND a.direction = 'need') AS needs "
        "FROM actor_profiles p JOIN organisations o ON o.id = p.organisation_id WHERE (o.city_id "
        "= ? OR o.city_id IS NULL) AND (? = '' OR EXISTS (SELECT 1 FROM actor_offers a WHERE "
        "a.organisation_id = o.id AND a.withdrawn_at IS NULL AND a.category = ?)) ORDER BY "
        "p.neighbourhood, o.name",
        DB_ARGS(DB_INT(city_id), DB_TEXT(category ? category : ""),
                DB_TEXT(category ? category : "")));
}

json_t *actor_get(db_conn *c, int64_t org)
{
    json_t *a = db_query_object(c,
                                "SELECT o.id, o.name, o.tax_code, o.runts_number, o.city_id, "
                                "p.kind, p.neighbourhood, p.description FROM organisations o LEFT "
                                "JOIN actor_profiles p ON p.organisation_id = o.id WHERE o.id = ?",
                                DB_ARGS(DB_INT(org)));
    if (!a) return NULL;
    json_t *items = db_query_json(c,
                                  "SELECT id, direction, category, text, created_at FROM "
                                  "actor_offers WHERE organisation_id = ? AND withdrawn_at IS "
                                  "NULL ORDER BY direction, category, id",
                                  DB_ARGS(DB_INT(org)));
    /* Each need with who offers the same, those of its neighbourhood first; a need of space
     * also with the public goods offered for care. */
    const char *hood = json_string_value(json_object_get(a, "neighbourhood"));
    int64_t city = json_integer_value(json_object_get(a, "city_id"));
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "direction")), "need") != 0) continue;
        json_t *m = db_query_json(
            c,
            "SELECT o.id, o.name, a.text, COALESCE(p.neighbourhood, '') AS neighbourhood FROM "
            "actor_offers a JOIN organisations o ON o.id = a.organisation_id LEFT JOIN "
            "actor_profiles p ON p.organisation_id = o.id WHERE a.direction = 'offer' AND "
            "a.withdrawn_at IS NULL AND a.category = ? AND a.organisation_id <> ? AND (o.city_id "
            "= ? OR o.city_id IS NULL) ORDER BY CASE WHEN COALESCE(p.neighbourhood, '') = ? THEN 0 "
            "ELSE 1 END, a.id DESC LIMIT 10",
            DB_ARGS(DB_TEXT(json_string_value(json_object_get(x, "category"))), DB_INT(org),
                    DB_INT(city), DB_TEXT(hood ? hood : "")));
        json_object_set_new(x, "matches", m ? m : json_array());
        if (!strcmp(json_string_value(json_object_get(x, "category")), "spaces")) {
            json_t *g = db_query_json(
                c,
                "SELECT id, name, kind, neighbourhood FROM commons_goods WHERE city_id = ? AND "
                "state = 'offered' ORDER BY CASE WHEN neighbourhood = ? THEN 0 ELSE 1 END, name "
                "LIMIT 10",
                DB_ARGS(DB_INT(city), DB_TEXT(hood ? hood : "")));
            json_object_set_new(x, "goods", g ? g : json_array());
        }
    }
    json_object_set_new(a, "items", items ? items : json_array());
    return a;
}

bool actor_exists(db_conn *c, int64_t org)
{
    int64_t n = 0;
    db_query_int(c, "SELECT COUNT(*) FROM organisations WHERE id = ?", DB_ARGS(DB_INT(org)), &n);
    return n > 0;
}

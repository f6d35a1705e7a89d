/* The practice library and model acts. */
#include <stdio.h>
#include <string.h>

#include "base/diff.h"
#include "modules/audit/audit.h"
#include "modules/practices/practices.h"

const char *const practice_actions[] = {
    "housing_inclusion", "homeless_services", "roma_inclusion", "neighbourhood_services",
    "codesign",          "commons",           "networks",       NULL};
const char *const model_act_kinds[] = {"notice", "agreement", "regulation", "pact", NULL};

/* What the platform itself counts for a city, by action: a practice is read beside them. Each
 * query takes the city's id once. */
static const struct figure {
    const char *action, *key, *sql;
} FIGURES[] = {
    {"housing_inclusion", "homes", "SELECT COUNT(*) FROM hf_homes WHERE city_id = ?"},
    {"housing_inclusion", "placements_lived",
     "SELECT COUNT(*) FROM placements WHERE city_id = ? AND state = 'moved_in'"},
    {"homeless_services", "services", "SELECT COUNT(*) FROM services WHERE city_id = ?"},
    {"homeless_services", "pathways", "SELECT COUNT(*) FROM pathways WHERE city_id = ?"},
    {"roma_inclusion", "pathways", "SELECT COUNT(*) FROM pathways WHERE city_id = ?"},
    {"neighbourhood_services", "hubs", "SELECT COUNT(*) FROM hubs WHERE city_id = ?"},
    {"neighbourhood_services", "tickets_closed",
     "SELECT COUNT(*) FROM tickets WHERE city_id = ? AND state IN ('resolved', 'closed')"},
    {"codesign", "calls", "SELECT COUNT(*) FROM calls WHERE city_id = ?"},
    {"codesign", "proposals",
     "SELECT COUNT(*) FROM proposals p JOIN calls k ON k.id = p.call_id WHERE k.city_id = ? AND "
     "p.status = 'submitted'"},
    {"codesign", "tables",
     "SELECT COUNT(*) FROM codesign_tables t JOIN calls k ON k.id = t.call_id WHERE k.city_id = "
     "?"},
    {"commons", "goods", "SELECT COUNT(*) FROM commons_goods WHERE city_id = ?"},
    {"commons", "pacts_active",
     "SELECT COUNT(*) FROM pacts WHERE city_id = ? AND state = 'active'"},
    {"commons", "citizens_hours",
     "SELECT COALESCE(SUM(l.hours_centi / 100), 0) FROM pact_ledger l JOIN pacts p ON p.id = "
     "l.pact_id WHERE p.city_id = ? AND l.side = 'citizens'"},
    {"networks", "tables",
     "SELECT COUNT(*) FROM codesign_tables t JOIN calls k ON k.id = t.call_id WHERE k.city_id = "
     "?"},
    {"networks", "pacts_active",
     "SELECT COUNT(*) FROM pacts WHERE city_id = ? AND state = 'active'"},
};

pr_rc practice_add(db_conn *c, int64_t city_id, int64_t user_id, const practice_in *in, int64_t now,
                   int64_t *id)
{
    *id = 0;
    if (db_query_int(c,
                     "INSERT INTO practices (city_id, author_id, title, action, theme, context, "
                     "steps, results, lessons, contacts, created_at, updated_at) VALUES (?, ?, ?, "
                     "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_INT(user_id), DB_TEXT(in->title),
                             DB_TEXT(in->action), DB_TEXT(in->theme ? in->theme : ""),
                             DB_TEXT(in->context), DB_TEXT(in->steps), DB_TEXT(in->results),
                             DB_TEXT(in->lessons ? in->lessons : ""),
                             DB_TEXT(in->contacts ? in->contacts : ""), DB_INT(now), DB_INT(now)),
                     id) != DB_OK ||
        !*id)
        return PR_ERROR;
    json_t *d = json_pack("{s:s,s:s}", "title", in->title, "action", in->action);
    int bad = audit_append(c, city_id, user_id, "practice_add", "practice", *id, d);
    json_decref(d);
    return bad ? PR_ERROR : PR_OK;
}

json_t *practices_list(db_conn *c, const char *q, const char *action, const char *theme,
                       const char *istat)
{
    char like[300] = "";
    if (q && *q) snprintf(like, sizeof like, "%%%s%%", q);
    return db_query_json(
        c,
        "SELECT p.id, p.title, p.action, p.theme, p.created_at, ci.name AS city, ci.istat_code, "
        "(SELECT COUNT(*) FROM practice_reviews r WHERE r.practice_id = p.id) AS reviews FROM "
        "practices p JOIN cities ci ON ci.id = p.city_id WHERE (? = '' OR lower(p.title) LIKE "
        "lower(?) OR lower(p.context) LIKE lower(?) OR lower(p.results) LIKE lower(?)) AND (? = '' "
        "OR p.action = ?) AND (? = '' OR lower(p.theme) = lower(?)) AND (? = '' OR ci.istat_code "
        "= ?) ORDER BY p.created_at DESC, p.id DESC LIMIT 200",
        DB_ARGS(DB_TEXT(like), DB_TEXT(like), DB_TEXT(like), DB_TEXT(like),
                DB_TEXT(action ? action : ""), DB_TEXT(action ? action : ""),
                DB_TEXT(theme ? theme : ""), DB_TEXT(theme ? theme : ""),
                DB_TEXT(istat ? istat : ""), DB_TEXT(istat ? istat : "")));
}

json_t *practice_get(db_conn *c, int64_t id)
{
    json_t *p = db_query_object(c,
                                "SELECT p.id, p.city_id, p.title, p.action, p.theme, p.context, "
                                "p.steps, p.results, p.lessons, p.contacts, p.created_at, ci.name "
                                "AS city, u.name AS author FROM practices p JOIN cities ci ON "
                                "ci.id = p.city_id JOIN users u ON u.id = p.author_id WHERE p.id "
                                "= ?",
                                DB_ARGS(DB_INT(id)));
    if (!p) return NULL;
    json_t *reviews = db_query_json(c,
                                    "SELECT r.text, r.created_at, u.name AS reviewer, ci.name AS "
                                    "city FROM practice_reviews r JOIN users u ON u.id = "
                                    "r.reviewer_id JOIN cities ci ON ci.id = r.reviewer_city_id "
                                    "WHERE r.practice_id = ? ORDER BY r.created_at, r.id",
                                    DB_ARGS(DB_INT(id)));
    json_object_set_new(p, "reviews", reviews ? reviews : json_array());
    /* The figures are read now, from the records: never typed into the practice. */
    const char *action = json_string_value(json_object_get(p, "action"));
    int64_t city = json_integer_value(json_object_get(p, "city_id"));
    json_t *figures = json_array();
    for (size_t i = 0; i < sizeof FIGURES / sizeof *FIGURES; i++) {
        if (strcmp(FIGURES[i].action, action) != 0) continue;
        int64_t v = 0;
        if (db_query_int(c, FIGURES[i].sql, DB_ARGS(DB_INT(city)), &v) != DB_OK) {
            json_decref(figures);
            json_decref(p);
            return NULL;
        }
        json_array_append_new(
            figures, json_pack("{s:s,s:I}", "key", FIGURES[i].key, "value", (json_int_t)v));
    }
    json_object_set_new(p, "figures", figures);
    return p;
}

pr_rc practice_review(db_conn *c, int64_t id, int64_t user_id, int64_t user_city, const char *text,
                      int64_t now)
{
    int64_t city = 0;
    if (db_query_int(c, "SELECT city_id FROM practices WHERE id = ?", DB_ARGS(DB_INT(id)), &city) !=
        DB_OK)
        return PR_ERROR;
    if (!city) return PR_NOT_FOUND;
    if (city == user_city) return PR_OWN_CITY;
    if (db_exec(c,
                "INSERT INTO practice_reviews (practice_id, reviewer_id, reviewer_city_id, text, "
                "created_at) VALUES (?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(user_city), DB_TEXT(text), DB_INT(now)),
                NULL) != DB_OK)
        return PR_ERROR;
    return audit_append(c, user_city, user_id, "practice_review", "practice", id, NULL) ? PR_ERROR
                                                                                        : PR_OK;
}

pr_rc model_act_add(db_conn *c, int64_t city_id, int64_t user_id, const char *kind,
                    const char *title, const char *text, int64_t now, int64_t *id)
{
    *id = 0;
    if (db_query_int(c,
                     "INSERT INTO model_acts (city_id, kind, title, created_at) VALUES (?, ?, ?, "
                     "?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(kind), DB_TEXT(title), DB_INT(now)),
                     id) != DB_OK ||
        !*id)
        return PR_ERROR;
    int64_t v = 0;
    return model_act_version(c, city_id, *id, user_id, text, "", now, &v);
}

pr_rc model_act_version(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *text,
                        const char *note, int64_t now, int64_t *version)
{
    int64_t owner = 0;
    if (db_query_int(c, "SELECT city_id FROM model_acts WHERE id = ?", DB_ARGS(DB_INT(id)),
                     &owner) != DB_OK)
        return PR_ERROR;
    if (!owner || owner != city_id) return PR_NOT_FOUND;
    /* The next number, taken in the insert: of two authors saving at once, the unique key lets
     * one through and the other is told to read the new version first. */
    db_rc rc = db_query_int(c,
                            "INSERT INTO model_act_versions (act_id, version, text, note, "
                            "author_id, created_at) SELECT ?, COALESCE(MAX(version), 0) + 1, ?, "
                            "?, ?, ? FROM model_act_versions WHERE act_id = ? RETURNING version",
                            DB_ARGS(DB_INT(id), DB_TEXT(text), DB_TEXT(note ? note : ""),
                                    DB_INT(user_id), DB_INT(now), DB_INT(id)),
                            version);
    if (rc == DB_CONSTRAINT) return PR_CONFLICT;
    if (rc != DB_OK) return PR_ERROR;
    json_t *d = json_pack("{s:I}", "version", (json_int_t)*version);
    int bad = audit_append(c, city_id, user_id, "model_act_version", "model_act", id, d);
    json_decref(d);
    return bad ? PR_ERROR : PR_OK;
}

json_t *model_acts_list(db_conn *c, const char *kind)
{
    return db_query_json(
        c,
        "SELECT a.id, a.kind, a.title, ci.name AS city, (SELECT MAX(version) FROM "
        "model_act_versions v WHERE v.act_id = a.id) AS versions, (SELECT MAX(created_at) FROM "
        "model_act_versions v WHERE v.act_id = a.id) AS changed_at FROM model_acts a JOIN cities "
        "ci ON ci.id = a.city_id WHERE (? = '' OR a.kind = ?) ORDER BY changed_at DESC, a.id DESC",
        DB_ARGS(DB_TEXT(kind ? kind : ""), DB_TEXT(kind ? kind : "")));
}

static json_t *version_of(db_conn *c, int64_t id, int64_t version)
{
    return db_query_object(c,
                           "SELECT v.version, v.text, v.note, v.created_at, u.name AS author FROM "
                           "model_act_versions v JOIN users u ON u.id = v.author_id WHERE "
                           "v.act_id = ? AND v.version = ?",
                           DB_ARGS(DB_INT(id), DB_INT(version)));
}

json_t *model_act_get(db_conn *c, int64_t id, int64_t from, int64_t to)
{
    json_t *a = db_query_object(c,
                                "SELECT a.id, a.city_id, a.kind, a.title, ci.name AS city FROM "
                                "model_acts a JOIN cities ci ON ci.id = a.city_id WHERE a.id = ?",
                                DB_ARGS(DB_INT(id)));
    if (!a) return NULL;
    json_t *versions = db_query_json(c,
                                     "SELECT v.version, v.note, v.created_at, u.name AS author "
                                     "FROM model_act_versions v JOIN users u ON u.id = "
                                     "v.author_id WHERE v.act_id = ? ORDER BY v.version DESC",
                                     DB_ARGS(DB_INT(id)));
    int64_t last = json_integer_value(json_object_get(json_array_get(versions, 0), "version"));
    if (to < 1 || to > last) to = last;
    if (from < 1 || from >= to) from = to > 1 ? to - 1 : to;
    json_t *old = version_of(c, id, from), *new = version_of(c, id, to);
    json_object_set_new(a, "versions", versions ? versions : json_array());
    if (old && new) {
        json_object_set_new(a, "diff",
                            diff_lines(json_string_value(json_object_get(old, "text")),
                                       json_string_value(json_object_get(new, "text"))));
        json_object_set_new(a, "from", json_integer((json_int_t)from));
        json_object_set_new(a, "to", json_integer((json_int_t)to));
        json_object_set(a, "text", json_object_get(new, "text"));
    }
    json_decref(old);
    json_decref(new);
    return a;
}

json_t *working_group_overview(db_conn *c)
{
    /* One row per city taking part (a practice, an act, a regulation or a call of its own),
     * each figure counted by the database over the city's own records. */
    return db_query_json(
        c,
        "SELECT ci.id, ci.name AS city, ci.istat_code, (SELECT COUNT(*) FROM practices p WHERE "
        "p.city_id = ci.id) AS practices, (SELECT COUNT(*) FROM practice_reviews v JOIN "
        "practices p ON p.id = v.practice_id WHERE p.city_id = ci.id) AS reviews_received, "
        "(SELECT COUNT(*) FROM practice_reviews v WHERE v.reviewer_city_id = ci.id) AS "
        "reviews_given, (SELECT COUNT(*) FROM model_acts a WHERE a.city_id = ci.id) AS acts, "
        "(SELECT COUNT(*) FROM model_act_versions v JOIN model_acts a ON a.id = v.act_id WHERE "
        "a.city_id = ci.id) AS act_versions, (SELECT COUNT(*) FROM pact_rules r WHERE r.city_id "
        "= ci.id) AS has_regulation, (SELECT COUNT(*) FROM calls k WHERE k.city_id = ci.id AND "
        "k.state <> 'draft') AS calls, (SELECT COUNT(*) FROM commons_goods g WHERE g.city_id = "
        "ci.id) AS goods, (SELECT COUNT(*) FROM pacts t WHERE t.city_id = ci.id AND t.state = "
        "'active') AS pacts_active, (SELECT COUNT(*) FROM asset_routes x WHERE x.city_id = ci.id "
        "AND x.state = 'active' AND x.ended_at IS NULL) AS routes_active, (SELECT COUNT(*) FROM "
        "pact_disputes d WHERE "
        "d.city_id = ci.id AND d.state IN ('raised', 'committee')) AS disputes_open FROM cities "
        "ci WHERE EXISTS (SELECT 1 FROM practices p WHERE p.city_id = ci.id) OR EXISTS (SELECT 1 "
        "FROM model_acts a WHERE a.city_id = ci.id) OR EXISTS (SELECT 1 FROM pact_rules r WHERE "
        "r.city_id = ci.id) OR EXISTS (SELECT 1 FROM calls k WHERE k.city_id = ci.id AND k.state "
        "<> 'draft') ORDER BY ci.name",
        DB_NOARGS);
}

/* Each city's own rule for the priority for housing (docs/pathways.md), the order it gives the
 * by-name list, and matching a home to the people eligible for it in that order. */
#include <stdio.h>
#include <string.h>

#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

static const priority_rule DEFAULT_RULE = {
    .month_points = 1,
    .need_points = 6,
    .rough_points = 12,
    .inactive_days = INACTIVE_DAYS_DEFAULT,
    .hf_min_needs = 1,
    .public_needs_residence = true,
    .people_per_room = 2,
    .is_default = true,
};

path_rc priority_rule_get(db_conn *c, int64_t city_id, priority_rule *out)
{
    *out = DEFAULT_RULE;
    db_rows *q =
        db_query(c,
                 "SELECT decision, month_points, need_points, rough_points, "
                 "inactive_days, hf_min_needs, public_needs_residence, people_per_room FROM "
                 "priority_rules WHERE city_id = ?",
                 DB_ARGS(DB_INT(city_id)));
    if (!q) return PATH_ERROR;
    if (db_next(q)) {
        snprintf(out->decision, sizeof out->decision, "%s", db_text(q, 0));
        out->month_points = (int)db_int(q, 1);
        out->need_points = (int)db_int(q, 2);
        out->rough_points = (int)db_int(q, 3);
        out->inactive_days = (int)db_int(q, 4);
        out->hf_min_needs = (int)db_int(q, 5);
        out->public_needs_residence = db_int(q, 6) != 0;
        out->people_per_room = (int)db_int(q, 7);
        out->is_default = false;
    }
    return db_rows_close(q) == DB_OK ? PATH_OK : PATH_ERROR;
}

json_t *priority_rule_json(const priority_rule *rule)
{
    return json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:b,s:i,s:b}", "decision", rule->decision,
                     "month_points", rule->month_points, "need_points", rule->need_points,
                     "rough_points", rule->rough_points, "inactive_days", rule->inactive_days,
                     "hf_min_needs", rule->hf_min_needs, "public_needs_residence",
                     rule->public_needs_residence, "people_per_room", rule->people_per_room,
                     "is_default", rule->is_default);
}

/* The key a row is ordered by: the points that do not grow, in the rule's months, less the time
 * since the person was first without a home. Larger first. */
#define KEY_SET                                                                                    \
    "UPDATE people SET priority_key = (serious_needs * ? + CASE WHEN ethos = 'public_space' "      \
    "THEN ? ELSE 0 END) * " MONTH_US " / ? - COALESCE(homeless_since, created_at) WHERE "

static path_rc rekey(db_conn *c, const priority_rule *rule, const char *sql, int64_t id)
{
    return db_exec(c, sql,
                   DB_ARGS(DB_INT(rule->need_points), DB_INT(rule->rough_points),
                           DB_INT(rule->month_points), DB_INT(id)),
                   NULL) == DB_OK
               ? PATH_OK
               : PATH_ERROR;
}

path_rc priority_rekey_city(db_conn *c, int64_t city_id)
{
    priority_rule rule;
    if (priority_rule_get(c, city_id, &rule) != PATH_OK) return PATH_ERROR;
    return rekey(c, &rule, KEY_SET "city_id = ?", city_id);
}

path_rc person_priority_refresh(db_conn *c, int64_t person_id)
{
    int64_t city = 0;
    priority_rule rule;
    if (db_query_int(c, "SELECT city_id FROM people WHERE id = ?", DB_ARGS(DB_INT(person_id)),
                     &city) != DB_OK ||
        priority_rule_get(c, city, &rule) != PATH_OK)
        return PATH_ERROR;
    return rekey(c, &rule, KEY_SET "id = ?", person_id);
}

path_rc priority_rule_set(db_conn *c, int64_t city_id, int64_t user_id, const priority_rule *given,
                          int64_t now)
{
    /* Without the people a room holds, the city's stay (the default for a first rule). */
    priority_rule current, with = *given;
    const priority_rule *in = &with;
    if (!with.people_per_room) {
        if (priority_rule_get(c, city_id, &current) != PATH_OK) return PATH_ERROR;
        with.people_per_room = current.people_per_room;
    }
    if (db_exec(c,
                "INSERT INTO priority_rules (city_id, decision, month_points, need_points, "
                "rough_points, inactive_days, hf_min_needs, public_needs_residence, "
                "people_per_room, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?) ON CONFLICT (city_id) DO "
                "UPDATE SET decision = excluded.decision, month_points = excluded.month_points, "
                "need_points = excluded.need_points, rough_points = excluded.rough_points, "
                "inactive_days = excluded.inactive_days, hf_min_needs = excluded.hf_min_needs, "
                "public_needs_residence = excluded.public_needs_residence, people_per_room = "
                "excluded.people_per_room, updated_by = "
                "excluded.updated_by, updated_at = excluded.updated_at",
                DB_ARGS(DB_INT(city_id), DB_TEXT(in->decision), DB_INT(in->month_points),
                        DB_INT(in->need_points), DB_INT(in->rough_points),
                        DB_INT(in->inactive_days), DB_INT(in->hf_min_needs),
                        DB_INT(in->public_needs_residence), DB_INT(in->people_per_room),
                        DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK ||
        rekey(c, in, KEY_SET "city_id = ?", city_id) != PATH_OK)
        return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "priority_rule_set", "priority_rules", city_id,
                          priority_rule_json(in));
}

/* Who may be offered a home (docs/pathways.md): on the by-name list and active under the rule,
 * with an open pathway and no placement offered or lived in; not a household's member other
 * than its reference (who is offered the home for all of them), and a household the home
 * holds under the rule; one who needs a home without barriers only to such a home; for a
 * public-housing home, when the rule asks it, with a registered residence granted. Binds: city,
 * since, residence (0/1), the most people the home holds, whether it is without barriers. */
#define ELIGIBLE_WHERE                                                                             \
    "p.city_id = ? AND p.off_list = 0 AND p.merged_into IS NULL AND p.ethos IS NOT NULL AND "      \
    "COALESCE(p.last_contact_at, p.created_at) >= ? AND EXISTS (SELECT 1 FROM pathways w WHERE "   \
    "w.person_id = p.id AND w.state = 'open') AND NOT EXISTS (SELECT 1 FROM placements x WHERE "   \
    "x.person_id = p.id AND x.state IN ('offered', 'moved_in')) AND (? = 0 OR EXISTS (SELECT 1 "   \
    "FROM registered_addresses a WHERE a.person_id = p.id AND a.state = 'granted')) AND NOT "      \
    "EXISTS (SELECT 1 FROM household_members hm WHERE hm.person_id = p.id AND hm.left_at IS NULL " \
    "AND hm.relation <> 'reference') AND " HOUSEHOLD_SIZE_SQL " <= ? AND (p.needs_step_free = "    \
    "0 OR ? = 1)"

/* Housing First's target (docs/pathways.md): sleeping rough or in emergency accommodation with
 * at least the rule's serious needs (bound). */
#define HF_TARGET_SQL "p.ethos IN ('public_space', 'emergency') AND p.serious_needs >= ?"

/* Whether the home asks for a registered residence under the rule (1 or 0), with *holds set to
 * the most people it holds under the rule and *step_free to 1 for a home without barriers; -1
 * for no such home of the city, -2 on error. */
static int home_terms(db_conn *c, int64_t city_id, int64_t home_id, const priority_rule *rule,
                      int64_t *holds, int64_t *step_free)
{
    db_rows *q = db_query(c,
                          "SELECT CASE WHEN kind = 'public_housing' THEN 1 ELSE 0 END, rooms, "
                          "step_free FROM hf_homes WHERE id = ? AND city_id = ?",
                          DB_ARGS(DB_INT(home_id), DB_INT(city_id)));
    if (!q) return -2;
    int64_t public_home = -1;
    if (db_next(q)) {
        public_home = db_int(q, 0);
        *holds = db_int(q, 1) * rule->people_per_room;
        *step_free = db_int(q, 2);
    }
    if (db_rows_close(q) != DB_OK) return -2;
    if (public_home < 0) return -1;
    return public_home && rule->public_needs_residence ? 1 : 0;
}

json_t *home_candidates(db_conn *c, int64_t city_id, const priority_rule *rule, int64_t user_id,
                        int64_t home_id, int64_t now, int limit, int64_t *eligible)
{
    int64_t holds = 0, step_free = 0;
    int residence = home_terms(c, city_id, home_id, rule, &holds, &step_free);
    if (residence < 0) return residence == -1 ? json_null() : NULL;
    int64_t since = now - (int64_t)rule->inactive_days * 86400 * 1000000;
    if (db_query_int(c, "SELECT COUNT(*) FROM people p WHERE " ELIGIBLE_WHERE,
                     DB_ARGS(DB_INT(city_id), DB_INT(since), DB_INT(residence), DB_INT(holds),
                             DB_INT(step_free)),
                     eligible) != DB_OK)
        return NULL;
    return unname_rows(
        db_query_json(c,
                      "SELECT p.id, p.given_name, p.family_name, p.nickname, p.tax_code, p.ethos, "
                      "p.serious_needs, p.restricted AS is_restricted, " NAMED_SQL ", " PRIORITY_SQL
                      " AS priority, CASE WHEN " HF_TARGET_SQL
                      " THEN 1 ELSE 0 END AS is_hf_eligible, " HOUSEHOLD_SIZE_SQL
                      " AS household_size, p.needs_step_free AS is_step_free_needed FROM people p "
                      "WHERE " ELIGIBLE_WHERE " ORDER BY p.priority_key DESC, p.id DESC LIMIT ?",
                      DB_ARGS(DB_INT(user_id), DB_INT(now), DB_INT(rule->month_points),
                              DB_INT(rule->need_points), DB_INT(rule->rough_points),
                              DB_INT(rule->hf_min_needs), DB_INT(city_id), DB_INT(since),
                              DB_INT(residence), DB_INT(holds), DB_INT(step_free), DB_INT(limit))));
}

path_rc placement_eligibility(db_conn *c, int64_t city_id, int64_t person_id, int64_t home_id,
                              const char *programme, int64_t now, int64_t *ahead)
{
    priority_rule rule;
    if (priority_rule_get(c, city_id, &rule) != PATH_OK) return PATH_ERROR;
    int64_t holds = 0, step_free = 0;
    int residence = home_terms(c, city_id, home_id, &rule, &holds, &step_free);
    if (residence == -1) return PATH_NOT_FOUND;
    if (residence < 0) return PATH_ERROR;
    /* A household's member moves in with its reference; the household must fit the home. */
    db_rows *q = db_query(c,
                          "SELECT p.needs_step_free, (SELECT COUNT(*) FROM household_members m "
                          "WHERE m.person_id = p.id AND m.left_at IS NULL AND m.relation <> "
                          "'reference'), " HOUSEHOLD_SIZE_SQL " FROM people p WHERE p.id = ?",
                          DB_ARGS(DB_INT(person_id)));
    if (!q) return PATH_ERROR;
    int64_t member = 0, size = 0, needs_step_free = 0;
    if (db_next(q)) {
        needs_step_free = db_int(q, 0);
        member = db_int(q, 1);
        size = db_int(q, 2);
    }
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (member) return PATH_IN_HOUSEHOLD;
    if (size > holds) return PATH_TOO_SMALL;
    if (needs_step_free && !step_free) return PATH_NOT_STEP_FREE;
    int64_t since = now - (int64_t)rule.inactive_days * 86400 * 1000000, fits = 0, resident = 0;
    if (db_query_int(c,
                     "SELECT 1 + CASE WHEN " HF_TARGET_SQL
                     " THEN 1 ELSE 0 END FROM people p WHERE p.id = ? AND " ELIGIBLE_WHERE,
                     DB_ARGS(DB_INT(rule.hf_min_needs), DB_INT(person_id), DB_INT(city_id),
                             DB_INT(since), DB_INT(0), DB_INT(holds), DB_INT(step_free)),
                     &fits) != DB_OK ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM registered_addresses WHERE person_id = ? AND state = "
                     "'granted'",
                     DB_ARGS(DB_INT(person_id)), &resident) != DB_OK)
        return PATH_ERROR;
    if (!fits) return PATH_NOT_ELIGIBLE;
    if (residence && !resident) return PATH_NO_RESIDENCE;
    if (!strcmp(programme, "housing_first") && fits < 2) return PATH_NOT_HF;
    /* Eligible people before this one in the rule's order. */
    return db_query_int(
               c,
               "SELECT COUNT(*) FROM people p JOIN people me ON me.id = ? WHERE " ELIGIBLE_WHERE
               " AND (p.priority_key > me.priority_key OR "
               "(p.priority_key = me.priority_key AND p.id > me.id))",
               DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_INT(since), DB_INT(residence),
                       DB_INT(holds), DB_INT(step_free)),
               ahead) == DB_OK
               ? PATH_OK
               : PATH_ERROR;
}

path_rc person_set_step_free(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                             bool needs)
{
    int64_t changed = 0;
    if (db_exec(c, "UPDATE people SET needs_step_free = ? WHERE id = ? AND city_id = ?",
                DB_ARGS(DB_INT(needs), DB_INT(person_id), DB_INT(city_id)), &changed) != DB_OK)
        return PATH_ERROR;
    if (!changed) return PATH_NOT_FOUND;
    return pathways_audit(c, city_id, user_id, "step_free_set", "people", person_id,
                          json_pack("{s:b}", "needs_step_free", needs));
}

/* Keeping and erasing (docs/pathways.md): the special categories of a record with no activity
 * for the city's special years (RETAIN_SPECIAL_YEARS by default) are deleted, and the record
 * itself is pseudonymised after its record years (RETAIN_RECORD_YEARS): its names, codice fiscale,
 * birth date, origin, card and every free text written about the person go; its number, birth year,
 * gender, categories, dates and states stay for the figures. Never while the person has an open
 * pathway, a live registered address or a live placement. */
#include <stdio.h>

#include "modules/pathways/pathways.h"

#define YEAR_US INT64_C(31557600000000) /* 365.25 days */

/* A city's records past `cutoff` with nothing alive: binds the city, cutoff. */
#define IDLE_SQL                                                                                   \
    "SELECT p.id FROM people p WHERE p.city_id = ? AND p.pseudonymised_at IS NULL AND "            \
    "COALESCE(p.last_contact_at, p.created_at) < ? AND NOT EXISTS (SELECT 1 FROM pathways w "      \
    "WHERE w.person_id = p.id AND "                                                                \
    "w.state = 'open') AND NOT EXISTS (SELECT 1 FROM registered_addresses a WHERE a.person_id = "  \
    "p.id AND a.state IN ('requested', 'granted')) AND NOT EXISTS (SELECT 1 FROM placements k "    \
    "WHERE k.person_id = p.id AND k.state IN ('offered', 'moved_in'))"

/* What names or describes the person, emptied for the record bound (every statement binds the
 * person's id once). */
static const char *const ERASE[] = {
    /* A record names someone (its check): the pseudonym is its number. */
    "UPDATE people SET tax_code = NULL, given_name = '', family_name = '', nickname = '#' || "
    "CAST(id AS TEXT), birth_date = NULL, origin = '', card_hash = NULL, card_issued_at = NULL, "
    "off_list = 1 WHERE id = ?",
    "DELETE FROM person_special WHERE person_id = ?",
    "DELETE FROM person_grants WHERE person_id = ?",
    "UPDATE pathways SET acknowledged_words = '', outcome_note = '' WHERE person_id = ?",
    "UPDATE pathway_needs SET note = '' WHERE pathway_id IN (SELECT id FROM pathways WHERE "
    "person_id = ?)",
    "UPDATE plan_goals SET goal = '', person_words = '' WHERE pathway_id IN (SELECT id FROM "
    "pathways WHERE person_id = ?)",
    "UPDATE plan_actions SET action = '', who = '' WHERE goal_id IN (SELECT g.id FROM plan_goals "
    "g JOIN pathways w ON w.id = g.pathway_id WHERE w.person_id = ?)",
    "UPDATE pathway_reviews SET note = '' WHERE pathway_id IN (SELECT id FROM pathways WHERE "
    "person_id = ?)",
    /* A refusal keeps a reason (the tables' checks): a dash. */
    "UPDATE referrals SET reason = '', decline_reason = CASE WHEN decline_reason = '' THEN '' "
    "ELSE '-' END WHERE pathway_id IN (SELECT id FROM pathways WHERE person_id = ?)",
    "UPDATE registered_addresses SET decision_note = CASE WHEN decision_note = '' THEN '' ELSE "
    "'-' END WHERE person_id = ?",
    "UPDATE placement_visits SET note = '' WHERE placement_id IN (SELECT id FROM placements "
    "WHERE person_id = ?)",
    "UPDATE street_contacts SET person = '' WHERE id IN (SELECT contact_id FROM person_links "
    "WHERE person_id = ?)",
    "UPDATE place_holds SET person = '' WHERE id IN (SELECT hold_id FROM person_links WHERE "
    "person_id = ?)",
    "UPDATE street_alerts SET description = '', contact = '' WHERE id IN (SELECT alert_id FROM "
    "person_alert_links WHERE person_id = ?)",
    /* A merge kept both records' fields to be undone: no longer. */
    "UPDATE person_merges SET detail = '{}' WHERE ? IN (into_id, other_id)",
};

path_rc retention_rule_get(db_conn *c, int64_t city_id, retention_rule *out)
{
    *out = (retention_rule){.special_years = RETAIN_SPECIAL_YEARS,
                            .record_years = RETAIN_RECORD_YEARS,
                            .is_default = true};
    db_rows *q = db_query(c,
                          "SELECT decision, special_years, record_years FROM retention_rules "
                          "WHERE city_id = ?",
                          DB_ARGS(DB_INT(city_id)));
    if (!q) return PATH_ERROR;
    if (db_next(q)) {
        snprintf(out->decision, sizeof out->decision, "%s", db_text(q, 0));
        out->special_years = (int)db_int(q, 1);
        out->record_years = (int)db_int(q, 2);
        out->is_default = false;
    }
    return db_rows_close(q) == DB_OK ? PATH_OK : PATH_ERROR;
}

path_rc retention_rule_set(db_conn *c, int64_t city_id, int64_t user_id, const retention_rule *in,
                           int64_t now)
{
    db_rc rc = db_exec(c,
                       "INSERT INTO retention_rules (city_id, decision, special_years, "
                       "record_years, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON "
                       "CONFLICT (city_id) DO UPDATE SET decision = excluded.decision, "
                       "special_years = excluded.special_years, record_years = "
                       "excluded.record_years, updated_by = excluded.updated_by, updated_at = "
                       "excluded.updated_at",
                       DB_ARGS(DB_INT(city_id), DB_TEXT(in->decision), DB_INT(in->special_years),
                               DB_INT(in->record_years), DB_INT(user_id), DB_INT(now)),
                       NULL);
    if (rc == DB_CONSTRAINT) return PATH_BAD_STATE;
    if (rc != DB_OK) return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "retention_rule_set", "retention_rules", city_id,
                          json_pack("{s:i,s:i}", "special_years", in->special_years, "record_years",
                                    in->record_years));
}

/* One city's records past its periods: special categories first (their own, shorter period),
 * then at most limit records pseudonymised. */
static int city_retention(db_conn *c, int64_t city, int64_t now, int limit)
{
    retention_rule rule;
    if (retention_rule_get(c, city, &rule) != PATH_OK ||
        db_exec(c, "DELETE FROM person_special WHERE person_id IN (" IDLE_SQL ")",
                DB_ARGS(DB_INT(city), DB_INT(now - rule.special_years * YEAR_US)), NULL) != DB_OK)
        return -1;
    json_t *due = db_query_json(
        c, IDLE_SQL " ORDER BY p.id LIMIT ?",
        DB_ARGS(DB_INT(city), DB_INT(now - rule.record_years * YEAR_US), DB_INT(limit)));
    if (!due) return -1;
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(due, i, x)
    {
        int64_t id = json_integer_value(json_object_get(x, "id"));
        for (size_t k = 0; k < sizeof ERASE / sizeof ERASE[0]; k++)
            if (db_exec(c, ERASE[k], DB_ARGS(DB_INT(id)), NULL) != DB_OK) n = -1;
        if (n < 0 ||
            db_exec(c, "UPDATE people SET pseudonymised_at = ? WHERE id = ?",
                    DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK ||
            pathways_audit(c, city, 0, "person_pseudonymised", "people", id, NULL) != PATH_OK) {
            n = -1;
            break;
        }
        n++;
    }
    json_decref(due);
    return n;
}

int pathways_retention(db_conn *c, int64_t now, int limit)
{
    json_t *cities = db_query_json(c, "SELECT id FROM cities ORDER BY id", DB_NOARGS);
    if (!cities) return -1;
    int total = 0;
    size_t i;
    json_t *x;
    json_array_foreach(cities, i, x)
    {
        int n = city_retention(c, json_integer_value(json_object_get(x, "id")), now, limit - total);
        if (n < 0) {
            total = -1;
            break;
        }
        total += n;
        if (total >= limit) break;
    }
    json_decref(cities);
    return total;
}

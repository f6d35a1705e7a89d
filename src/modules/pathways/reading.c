/* What the pathway pages read: a person's pathway with its plan, the referrals of a body or of
 * the city, and the by-name list with its priority for housing. Names of restricted records go
 * out through unname_rows, as everywhere in this module. */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

/* Puts each action under its goal, marking those past due and not done. */
static void plan_tree(json_t *goals, json_t *actions, const char *today)
{
    size_t k;
    json_t *a;
    json_array_foreach(actions, k, a)
    {
        const char *due = json_string_value(json_object_get(a, "due_on"));
        json_object_set_new(a, "is_late",
                            json_boolean(json_is_null(json_object_get(a, "done_at")) && due &&
                                         strcmp(due, today) < 0));
    }
    nest_rows(goals, actions, "goal_id", "actions");
}

json_t *pathway_of(db_conn *c, int64_t city_id, int64_t person_id, int64_t for_body, int64_t now)
{
    json_t *p = first_row(db_query_json(
        c,
        "SELECT w.id, w.state, w.opened_at, u.name AS opened_by, w.review_days, w.next_review_on, "
        "w.acknowledged_at, w.acknowledged_words, w.closed_at, w.outcome, w.outcome_note FROM "
        "pathways w JOIN users u ON u.id = w.opened_by WHERE w.person_id = ? AND w.city_id = ? "
        "ORDER BY CASE WHEN w.state = 'open' THEN 0 ELSE 1 END, w.opened_at DESC LIMIT 1",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id))));
    if (!p || json_is_null(p)) return p;
    int64_t id = json_integer_value(json_object_get(p, "id"));
    char today[11];
    date_rome(now, today);
    bool open = strcmp(json_string_value(json_object_get(p, "state")), "open") == 0;
    const char *next = json_string_value(json_object_get(p, "next_review_on"));
    json_object_set_new(p, "is_open", json_boolean(open));
    json_object_set_new(p, "review_late", json_boolean(open && next && strcmp(next, today) < 0));
    if (!for_body)
        json_object_set_new(p, "needs",
                            db_query_json(c,
                                          "SELECT area, level, note, assessed_at FROM "
                                          "pathway_needs WHERE pathway_id = ? AND assessed_at = "
                                          "(SELECT MAX(assessed_at) FROM pathway_needs WHERE "
                                          "pathway_id = ?) ORDER BY id",
                                          DB_ARGS(DB_INT(id), DB_INT(id))));
    json_t *goals = db_query_json(c,
                                  "SELECT id, goal, person_words, state, created_at FROM "
                                  "plan_goals WHERE pathway_id = ? ORDER BY id",
                                  DB_ARGS(DB_INT(id)));
    json_t *actions = db_query_json(
        c,
        "SELECT a.id, a.goal_id, a.action, a.who, a.due_on, a.done_at FROM plan_actions a JOIN "
        "plan_goals g ON g.id = a.goal_id WHERE g.pathway_id = ? ORDER BY a.due_on, a.id",
        DB_ARGS(DB_INT(id)));
    plan_tree(goals, actions, today);
    json_decref(actions);
    json_object_set_new(p, "goals", goals ? goals : json_array());
    json_object_set_new(p, "reviews",
                        db_query_json(c,
                                      "SELECT r.note, r.reviewed_at, u.name AS reviewed_by FROM "
                                      "pathway_reviews r JOIN users u ON u.id = r.reviewed_by "
                                      "WHERE r.pathway_id = ? ORDER BY r.reviewed_at DESC, r.id "
                                      "DESC",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        p, "referrals",
        db_query_json(c,
                      "SELECT r.id, r.reason, r.state, r.sent_at, r.answered_at, r.decline_reason, "
                      "r.completed_at, o.name AS body FROM referrals r JOIN organisations o ON "
                      "o.id = r.organisation_id WHERE r.pathway_id = ? AND (? = 0 OR "
                      "r.organisation_id = ?) ORDER BY r.sent_at DESC, r.id DESC",
                      DB_ARGS(DB_INT(id), DB_INT(for_body), DB_INT(for_body))));
    return p;
}

json_t *referrals_list(db_conn *c, int64_t city_id, int64_t organisation_id, int64_t user_id)
{
    /* The person's name: for the social service as on its records; for a body only while the
     * person's consent for it is live. */
    return unname_rows(db_query_json(
        c,
        "SELECT r.id, r.reason, r.state, r.sent_at, r.answered_at, r.decline_reason, "
        "r.completed_at, o.name AS body, p.id AS person_id, p.given_name, p.family_name, "
        "p.nickname, p.tax_code, p.restricted AS is_restricted, CASE WHEN (? = 0 AND (p.restricted "
        "= 0 OR EXISTS (SELECT 1 FROM "
        "person_grants g WHERE g.person_id = p.id AND g.user_id = ?))) OR (? <> 0 AND "
        "p.restricted = 0 AND EXISTS (SELECT 1 FROM person_consents k WHERE k.person_id = p.id "
        "AND k.organisation_id = ? AND k.revoked_at IS NULL)) THEN 1 ELSE 0 END AS named FROM "
        "referrals r JOIN pathways w ON w.id = r.pathway_id JOIN people p ON p.id = w.person_id "
        "JOIN organisations o ON o.id = r.organisation_id WHERE r.city_id = ? AND (? = 0 OR "
        "r.organisation_id = ?) ORDER BY CASE WHEN r.state IN ('sent', 'accepted') THEN 0 ELSE 1 "
        "END, r.sent_at DESC, r.id DESC LIMIT 200",
        DB_ARGS(DB_INT(organisation_id), DB_INT(user_id), DB_INT(organisation_id),
                DB_INT(organisation_id), DB_INT(city_id), DB_INT(organisation_id),
                DB_INT(organisation_id))));
}

/* The priority for housing under the city's rule (priority.c, docs/pathways.md): points a month
 * without a home since the first category recorded, per serious need of the open pathway's
 * latest assessment, and for sleeping rough now. Since it grows alike for everyone, its order is
 * that of people.priority_key, which an index holds (migration 0051): each part of the list
 * (active, inactive) is read in that order and only as far as the page, and the counts are
 * kept by day (by_name_counts). */
#define BY_NAME_PART(cmp)                                                                          \
    "SELECT * FROM (SELECT id, priority_key FROM people WHERE " BY_NAME_WHERE                      \
    " AND COALESCE(last_contact_at, created_at) " cmp " ? ORDER BY priority_key DESC, id DESC "    \
    "LIMIT ? OFFSET ?) a"
#define BY_NAME_ACTIVE   BY_NAME_PART(">=")
#define BY_NAME_INACTIVE BY_NAME_PART("<")

json_t *by_name_list(db_conn *c, int64_t city_id, int64_t user_id, int64_t now,
                     const priority_rule *rule, int inactive_days, int limit, int64_t offset,
                     int64_t *total, int64_t *active)
{
    int64_t since = now - (int64_t)inactive_days * 86400 * 1000000;
    if (!by_name_counts(c, city_id, since, total, active)) return NULL;
    /* The page's rows among the active people, then among the others. */
    int64_t a_off = offset < *active ? offset : 0;
    int64_t a_lim = offset < *active ? (*active - offset < limit ? *active - offset : limit) : 0;
    int64_t i_off = offset < *active ? 0 : offset - *active, i_lim = limit - a_lim;
    return unname_rows(db_query_json(
        c,
        "SELECT y.id, p.given_name, p.family_name, p.nickname, p.tax_code, p.birth_year, p.ethos, "
        "p.restricted AS is_restricted, " NAMED_SQL
        ", COALESCE(p.last_contact_at, p.created_at) AS last_seen_at, w.id AS pathway_id, "
        "w.next_review_on, " PRIORITY_SQL
        " AS priority, y.is_active FROM (SELECT b.*, 1 AS is_active FROM (" BY_NAME_ACTIVE
        ") b UNION ALL SELECT b.*, 0 AS is_active FROM (" BY_NAME_INACTIVE
        ") b) y JOIN people p ON p.id = y.id LEFT JOIN pathways w ON w.person_id = y.id AND "
        "w.state = 'open' ORDER BY y.is_active DESC, y.priority_key DESC, y.id DESC",
        DB_ARGS(DB_INT(user_id), DB_INT(now), DB_INT(rule->month_points), DB_INT(rule->need_points),
                DB_INT(rule->rough_points), DB_INT(city_id), DB_INT(since), DB_INT(a_lim),
                DB_INT(a_off), DB_INT(city_id), DB_INT(since), DB_INT(i_lim), DB_INT(i_off))));
}

/* Taking charge: the pathway of a person (one open at a time, the database's key), its
 * assessment, the plan written with the person, reviews, referrals to the city's bodies, the
 * closing, and the by-name list built on them. Every change is a contact with the person
 * (people.last_contact_at) and is audited under the record's number. */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

const char *const NEED_AREAS[] = {"housing", "income",    "health", "documents",
                                  "work",    "relations", NULL};
const char *const NEED_LEVELS[] = {"none", "some", "serious", NULL};
const char *const PATHWAY_OUTCOMES[] = {
    "housed", "moved_away", "lost_contact", "declined", "deceased", "other", NULL};
const char *const GOAL_STATES[] = {"open", "reached", "dropped", NULL};

/* The date review_days after now's day in Rome. */
static void review_date(int64_t now, int review_days, char out[11])
{
    char today[11];
    date_rome(now, today);
    date_from_day_number(date_day_number(today) + review_days, out);
}

/* The open pathway of the person in the city (and its review interval). */
static path_rc open_pathway(db_conn *c, int64_t city_id, int64_t person_id, int64_t *id,
                            int *review_days)
{
    db_rows *q =
        db_query(c,
                 "SELECT id, review_days FROM pathways WHERE person_id = ? AND city_id = ? "
                 "AND state = 'open'",
                 DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
    if (!q) return PATH_ERROR;
    bool found = db_next(q);
    if (found) {
        *id = db_int(q, 0);
        if (review_days) *review_days = (int)db_int(q, 1);
    }
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    return found ? PATH_OK : PATH_NOT_FOUND;
}

path_rc pathway_open(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                     int review_days, int64_t now, int64_t *id)
{
    int64_t there = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM people WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(person_id), DB_INT(city_id)), &there) != DB_OK)
        return PATH_ERROR;
    if (!there) return PATH_NOT_FOUND;
    char next[11];
    review_date(now, review_days, next);
    db_rc rc = db_query_int(c,
                            "INSERT INTO pathways (person_id, city_id, opened_by, opened_at, "
                            "review_days, next_review_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_INT(user_id),
                                    DB_INT(now), DB_INT(review_days), DB_TEXT(next)),
                            id);
    if (rc == DB_CONSTRAINT) return PATH_LIVE;
    if (rc != DB_OK || person_list_refresh(c, person_id) != PATH_OK) return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "pathway_opened",
                          json_pack("{s:I}", "pathway", (json_int_t)*id), now);
}

path_rc needs_assess(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                     const char *const levels[NEED_AREA_COUNT],
                     const char *const notes[NEED_AREA_COUNT], int64_t now)
{
    int64_t pid = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    for (int i = 0; i < NEED_AREA_COUNT; i++)
        if (db_exec(c,
                    "INSERT INTO pathway_needs (pathway_id, city_id, area, level, note, "
                    "assessed_by, assessed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(pid), DB_INT(city_id), DB_TEXT(NEED_AREAS[i]),
                            DB_TEXT(levels[i]), DB_TEXT(notes[i] ? notes[i] : ""), DB_INT(user_id),
                            DB_INT(now)),
                    NULL) != DB_OK)
            return PATH_ERROR;
    int serious = 0;
    for (int i = 0; i < NEED_AREA_COUNT; i++) serious += strcmp(levels[i], "serious") == 0;
    if (db_exec(c, "UPDATE pathways SET serious_needs = ? WHERE id = ?",
                DB_ARGS(DB_INT(serious), DB_INT(pid)), NULL) != DB_OK ||
        person_list_refresh(c, person_id) != PATH_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "needs_assessed", NULL, now);
}

path_rc goal_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, const char *goal,
                 const char *person_words, int64_t now, int64_t *id)
{
    int64_t pid = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_query_int(c,
                     "INSERT INTO plan_goals (pathway_id, city_id, goal, person_words, created_by, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(pid), DB_INT(city_id), DB_TEXT(goal), DB_TEXT(person_words),
                             DB_INT(user_id), DB_INT(now)),
                     id) != DB_OK)
        return PATH_ERROR;
    /* A plan that changed is to be acknowledged again. */
    if (db_exec(c, "UPDATE pathways SET acknowledged_at = NULL WHERE id = ?", DB_ARGS(DB_INT(pid)),
                NULL) != DB_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "goal_added",
                          json_pack("{s:I}", "goal", (json_int_t)*id), now);
}

path_rc goal_set_state(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                       int64_t goal_id, const char *state, int64_t now)
{
    int64_t pid = 0, n = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_exec(c, "UPDATE plan_goals SET state = ? WHERE id = ? AND pathway_id = ?",
                DB_ARGS(DB_TEXT(state), DB_INT(goal_id), DB_INT(pid)), &n) != DB_OK)
        return PATH_ERROR;
    if (!n) return PATH_NOT_FOUND;
    return person_contact(c, city_id, user_id, person_id, "goal_state",
                          json_pack("{s:I,s:s}", "goal", (json_int_t)goal_id, "state", state), now);
}

path_rc action_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t goal_id,
                   const char *action, const char *who, const char *due_on, int64_t now)
{
    int64_t pid = 0, ok = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_query_int(c, "SELECT COUNT(*) FROM plan_goals WHERE id = ? AND pathway_id = ?",
                     DB_ARGS(DB_INT(goal_id), DB_INT(pid)), &ok) != DB_OK)
        return PATH_ERROR;
    if (!ok) return PATH_NOT_FOUND;
    if (db_exec(c,
                "INSERT INTO plan_actions (goal_id, city_id, action, who, due_on, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(goal_id), DB_INT(city_id), DB_TEXT(action), DB_TEXT(who),
                        DB_TEXT(due_on), DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK ||
        db_exec(c, "UPDATE pathways SET acknowledged_at = NULL WHERE id = ?", DB_ARGS(DB_INT(pid)),
                NULL) != DB_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "action_added",
                          json_pack("{s:I}", "goal", (json_int_t)goal_id), now);
}

path_rc action_done(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                    int64_t action_id, int64_t now)
{
    int64_t pid = 0, n = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_exec(c,
                "UPDATE plan_actions SET done_at = ? WHERE id = ? AND done_at IS NULL AND goal_id "
                "IN (SELECT id FROM plan_goals WHERE pathway_id = ?)",
                DB_ARGS(DB_INT(now), DB_INT(action_id), DB_INT(pid)), &n) != DB_OK)
        return PATH_ERROR;
    if (!n) return PATH_NOT_FOUND;
    return person_contact(c, city_id, user_id, person_id, "action_done",
                          json_pack("{s:I}", "action", (json_int_t)action_id), now);
}

path_rc plan_acknowledge(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                         const char *words, int64_t now)
{
    int64_t pid = 0, goals = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_query_int(c, "SELECT COUNT(*) FROM plan_goals WHERE pathway_id = ?",
                     DB_ARGS(DB_INT(pid)), &goals) != DB_OK)
        return PATH_ERROR;
    if (!goals) return PATH_BAD_STATE; /* a plan with no goal is nothing to acknowledge */
    if (db_exec(c, "UPDATE pathways SET acknowledged_at = ?, acknowledged_words = ? WHERE id = ?",
                DB_ARGS(DB_INT(now), DB_TEXT(words), DB_INT(pid)), NULL) != DB_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "plan_acknowledged", NULL, now);
}

path_rc pathway_review(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                       const char *note, int64_t now)
{
    int64_t pid = 0;
    int days = REVIEW_DAYS_DEFAULT;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, &days);
    if (rc != PATH_OK) return rc;
    char next[11];
    review_date(now, days, next);
    if (db_exec(c,
                "INSERT INTO pathway_reviews (pathway_id, city_id, note, reviewed_by, "
                "reviewed_at) VALUES (?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(pid), DB_INT(city_id), DB_TEXT(note), DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK ||
        db_exec(c, "UPDATE pathways SET next_review_on = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(next), DB_INT(pid)), NULL) != DB_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "pathway_reviewed", NULL, now);
}

path_rc pathway_close(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                      const char *outcome, const char *note, int64_t now)
{
    int64_t pid = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_exec(c,
                "UPDATE pathways SET state = 'closed', closed_at = ?, closed_by = ?, outcome = ?, "
                "outcome_note = ? WHERE id = ?",
                DB_ARGS(DB_INT(now), DB_INT(user_id), DB_TEXT(outcome), DB_TEXT(note), DB_INT(pid)),
                NULL) != DB_OK ||
        person_list_refresh(c, person_id) != PATH_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "pathway_closed",
                          json_pack("{s:I,s:s}", "pathway", (json_int_t)pid, "outcome", outcome),
                          now);
}

path_rc referral_send(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                      int64_t organisation_id, const char *reason, int64_t now, int64_t *id)
{
    int64_t pid = 0, live = 0;
    path_rc rc = open_pathway(c, city_id, person_id, &pid, NULL);
    if (rc != PATH_OK) return rc;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM person_consents k JOIN people p ON p.id = k.person_id "
                     "WHERE k.person_id = ? AND k.organisation_id = ? AND k.revoked_at IS NULL "
                     "AND p.restricted = 0",
                     DB_ARGS(DB_INT(person_id), DB_INT(organisation_id)), &live) != DB_OK)
        return PATH_ERROR;
    if (!live) return PATH_NO_CONSENT;
    if (db_query_int(c,
                     "INSERT INTO referrals (pathway_id, city_id, organisation_id, reason, "
                     "sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(pid), DB_INT(city_id), DB_INT(organisation_id), DB_TEXT(reason),
                             DB_INT(user_id), DB_INT(now)),
                     id) != DB_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "referral_sent",
                          json_pack("{s:I,s:I}", "referral", (json_int_t)*id, "organisation",
                                    (json_int_t)organisation_id),
                          now);
}

/* Moves a referral sent to the body from state `from` to `to`, as one contact with the person. */
static path_rc referral_step(db_conn *c, int64_t organisation_id, int64_t user_id, int64_t id,
                             const char *from, const char *to, const char *decline_reason,
                             int64_t now, const char *action)
{
    db_rows *q = db_query(c,
                          "SELECT r.state, w.person_id, w.city_id FROM referrals r JOIN pathways w "
                          "ON w.id = r.pathway_id WHERE r.id = ? AND r.organisation_id = ?",
                          DB_ARGS(DB_INT(id), DB_INT(organisation_id)));
    if (!q) return PATH_ERROR;
    bool found = db_next(q), ready = found && strcmp(db_text(q, 0), from) == 0;
    int64_t person = found ? db_int(q, 1) : 0, city = found ? db_int(q, 2) : 0;
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (!found) return PATH_NOT_FOUND;
    if (!ready) return PATH_BAD_STATE;
    int64_t n = 0;
    db_rc rc =
        strcmp(to, "completed") == 0
            ? db_exec(c,
                      "UPDATE referrals SET state = ?, completed_at = ? WHERE id = ? AND state = ?",
                      DB_ARGS(DB_TEXT(to), DB_INT(now), DB_INT(id), DB_TEXT(from)), &n)
            : db_exec(c,
                      "UPDATE referrals SET state = ?, answered_at = ?, answered_by = ?, "
                      "decline_reason = ? WHERE id = ? AND state = ?",
                      DB_ARGS(DB_TEXT(to), DB_INT(now), DB_INT(user_id),
                              DB_TEXT(decline_reason ? decline_reason : ""), DB_INT(id),
                              DB_TEXT(from)),
                      &n);
    if (rc != DB_OK) return PATH_ERROR;
    if (!n) return PATH_BAD_STATE; /* another answer came first */
    return person_contact(c, city, user_id, person, action,
                          json_pack("{s:I}", "referral", (json_int_t)id), now);
}

path_rc referral_answer(db_conn *c, int64_t organisation_id, int64_t user_id, int64_t id,
                        bool accept, const char *decline_reason, int64_t now)
{
    return referral_step(c, organisation_id, user_id, id, "sent", accept ? "accepted" : "declined",
                         accept ? "" : decline_reason, now,
                         accept ? "referral_accepted" : "referral_declined");
}

path_rc referral_complete(db_conn *c, int64_t organisation_id, int64_t user_id, int64_t id,
                          int64_t now)
{
    return referral_step(c, organisation_id, user_id, id, "accepted", "completed", NULL, now,
                         "referral_completed");
}

#include "modules/calls/calls.h"

#include <string.h>

#include <stdio.h>

#include "base/clock.h"
#include "modules/audit/audit.h"

enum { DAY_US = 86400 };

static int add(call_problem *out, int n, int max, const char *field, const char *key)
{
    if (n < max) out[n] = (call_problem){field, key};
    return n + 1;
}

int call_check(const call_in *in, call_problem *out, int max)
{
    int n = 0;
    if (in->nareas == 0) n = add(out, n, max, "area_name", "calls.need_area");
    int64_t sum = 0;
    for (int i = 0; i < in->nareas; i++) sum += in->areas[i].budget_cents;
    if (in->nareas && sum != in->total_budget_cents)
        n = add(out, n, max, "area_budget", "calls.areas_sum");
    if (in->ncriteria == 0) n = add(out, n, max, "criterion_name", "calls.need_criterion");
    int64_t points = 0;
    for (int i = 0; i < in->ncriteria; i++) points += in->criteria[i].max_points;
    if (in->ncriteria && in->threshold_points > points)
        n = add(out, n, max, "threshold_points", "calls.threshold_unreachable");
    if (in->publication_at && in->deadline_at && in->deadline_at <= in->publication_at)
        n = add(out, n, max, "deadline_at", "calls.deadline_before_publication");
    else if (in->publication_at && in->deadline_at &&
             in->deadline_at - in->publication_at <
                 (int64_t)CALL_MIN_NOTICE_DAYS * DAY_US * 1000000 &&
             (!in->short_notice_reason || !*in->short_notice_reason))
        n = add(out, n, max, "short_notice_reason", "calls.short_notice_reason");
    return n;
}

static call_rc save_children(db_conn *c, int64_t id, const call_in *in)
{
    static const char *const clear[] = {
        "DELETE FROM call_areas WHERE call_id = ?",
        "DELETE FROM call_criteria WHERE call_id = ?",
        "DELETE FROM call_documents WHERE call_id = ?",
        "DELETE FROM call_spaces WHERE call_id = ?",
    };
    for (size_t i = 0; i < sizeof clear / sizeof clear[0]; i++)
        if (db_exec(c, clear[i], DB_ARGS(DB_INT(id)), NULL) != DB_OK) return CALL_ERROR;
    for (int i = 0; i < in->nareas; i++)
        if (db_exec(c,
                    "INSERT INTO call_areas (call_id, position, name, description, budget_cents) "
                    "VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(id), DB_INT(i + 1), DB_TEXT(in->areas[i].name),
                            DB_TEXT(in->areas[i].description), DB_INT(in->areas[i].budget_cents)),
                    NULL) != DB_OK)
            return CALL_ERROR;
    for (int i = 0; i < in->ncriteria; i++)
        if (db_exec(c,
                    "INSERT INTO call_criteria (call_id, position, name, description, max_points) "
                    "VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(id), DB_INT(i + 1), DB_TEXT(in->criteria[i].name),
                            DB_TEXT(in->criteria[i].description),
                            DB_INT(in->criteria[i].max_points)),
                    NULL) != DB_OK)
            return CALL_ERROR;
    for (int i = 0; i < in->ndocuments; i++)
        if (db_exec(c,
                    "INSERT INTO call_documents (call_id, position, name, required) "
                    "VALUES (?, ?, ?, ?)",
                    DB_ARGS(DB_INT(id), DB_INT(i + 1), DB_TEXT(in->documents[i].name),
                            DB_INT(in->documents[i].required)),
                    NULL) != DB_OK)
            return CALL_ERROR;
    for (int i = 0; i < in->nspaces; i++) {
        /* Only the city's own spaces can be offered. */
        int64_t changed = 0;
        if (db_exec(c,
                    "INSERT INTO call_spaces (call_id, space_id) SELECT ?, s.id FROM spaces s "
                    "JOIN calls k ON k.id = ? WHERE s.id = ? AND s.city_id = k.city_id",
                    DB_ARGS(DB_INT(id), DB_INT(id), DB_INT(in->spaces[i])), &changed) != DB_OK)
            return CALL_ERROR;
        if (!changed) return CALL_BAD_SPACE;
    }
    return CALL_OK;
}

call_rc call_save(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const call_in *in,
                  int64_t *out_id)
{
    int64_t now = clock_now_us(), op_city = 0;
    db_query_int(c, "SELECT city_id FROM operations WHERE id = ?",
                 DB_ARGS(DB_INT(in->operation_id)), &op_city);
    if (op_city != city_id) return CALL_BAD_OPERATION;
    if (id == 0) {
        if (db_query_int(c,
                         "INSERT INTO calls (city_id, operation_id, title, object, requirements, "
                         "total_budget_cents, min_cofinancing_bp, duration_months, "
                         "threshold_points, publication_at, deadline_at, short_notice_reason, "
                         "tie_rule, score_mode, created_by, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         DB_ARGS(DB_INT(city_id), DB_INT(in->operation_id), DB_TEXT(in->title),
                                 DB_TEXT(in->object), DB_TEXT(in->requirements),
                                 DB_INT(in->total_budget_cents), DB_INT(in->min_cofinancing_bp),
                                 DB_INT(in->duration_months), DB_INT(in->threshold_points),
                                 DB_INT(in->publication_at), DB_INT(in->deadline_at),
                                 DB_TEXT(in->short_notice_reason), DB_TEXT(in->tie_rule),
                                 DB_TEXT(in->score_mode), DB_INT(user_id), DB_INT(now),
                                 DB_INT(now)),
                         &id) != DB_OK)
            return CALL_ERROR;
        if (db_exec(
                c,
                "INSERT INTO call_events (call_id, state, at, user_id) VALUES (?, 'draft', ?, ?)",
                DB_ARGS(DB_INT(id), DB_INT(now), DB_INT(user_id)), NULL) != DB_OK)
            return CALL_ERROR;
    } else {
        int64_t changed = 0;
        if (db_exec(c,
                    "UPDATE calls SET operation_id = ?, title = ?, object = ?, requirements = ?, "
                    "total_budget_cents = ?, min_cofinancing_bp = ?, duration_months = ?, "
                    "threshold_points = ?, publication_at = ?, deadline_at = ?, "
                    "short_notice_reason = ?, tie_rule = ?, score_mode = ?, updated_at = ? "
                    "WHERE id = ? AND city_id = ? AND state = 'draft'",
                    DB_ARGS(DB_INT(in->operation_id), DB_TEXT(in->title), DB_TEXT(in->object),
                            DB_TEXT(in->requirements), DB_INT(in->total_budget_cents),
                            DB_INT(in->min_cofinancing_bp), DB_INT(in->duration_months),
                            DB_INT(in->threshold_points), DB_INT(in->publication_at),
                            DB_INT(in->deadline_at), DB_TEXT(in->short_notice_reason),
                            DB_TEXT(in->tie_rule), DB_TEXT(in->score_mode), DB_INT(now), DB_INT(id),
                            DB_INT(city_id)),
                    &changed) != DB_OK)
            return CALL_ERROR;
        if (!changed) return CALL_WRONG_STATE;
    }
    *out_id = id;
    return save_children(c, id, in);
}

/* The state as people must see it now: a published call past its deadline is closed. */
#define EFFECTIVE_STATE                                                                            \
    "CASE WHEN k.state = 'published' AND k.deadline_at <= ? THEN 'closed' ELSE k.state END"

json_t *call_get(db_conn *c, int64_t id, int64_t now, bool all_questions)
{
    json_t *call = db_query_object(
        c,
        "SELECT k.id, k.city_id, ci.name AS city, k.operation_id, o.local_code AS operation_code, "
        "o.cup, o.title AS operation_title, k.title, k.object, k.requirements, "
        "k.total_budget_cents, k.min_cofinancing_bp, k.duration_months, k.threshold_points, "
        "k.publication_at, k.deadline_at, k.short_notice_reason, k.tie_rule, "
        "k.score_mode, " EFFECTIVE_STATE " AS state, k.created_at, k.updated_at, "
        "CASE WHEN k.state = 'published' AND k.deadline_at > ? AND k.publication_at <= ? "
        "THEN 1 ELSE 0 END AS is_open, k.deadline_at - ? AS remaining_us "
        "FROM calls k JOIN cities ci ON ci.id = k.city_id JOIN operations o ON o.id = "
        "k.operation_id "
        "WHERE k.id = ?",
        DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(now), DB_INT(now), DB_INT(id)));
    if (!call) return NULL;
    json_object_set_new(call, "areas",
                        db_query_json(c,
                                      "SELECT id, position, name, description, budget_cents "
                                      "FROM call_areas WHERE call_id = ? ORDER BY position",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(call, "criteria",
                        db_query_json(c,
                                      "SELECT id, position, name, description, max_points "
                                      "FROM call_criteria WHERE call_id = ? ORDER BY position",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(call, "documents",
                        db_query_json(c,
                                      "SELECT id, position, name, required AS is_required "
                                      "FROM call_documents WHERE call_id = ? ORDER BY position",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        call, "spaces",
        db_query_json(c,
                      "SELECT s.id, s.name, s.address, s.municipio, "
                      "s.neighbourhood, s.area_m2, s.works_state FROM call_spaces cs "
                      "JOIN spaces s ON s.id = cs.space_id WHERE cs.call_id = ? "
                      "ORDER BY s.name",
                      DB_ARGS(DB_INT(id))));
    json_object_set_new(
        call, "questions",
        db_query_json(c,
                      "SELECT q.id, q.question, q.asked_at, q.answer, q.answered_at, "
                      "CASE WHEN q.answer IS NULL THEN 0 ELSE 1 END AS is_answered "
                      "FROM call_questions q WHERE q.call_id = ? "
                      "AND (q.answer IS NOT NULL OR ? = 1) ORDER BY q.asked_at",
                      DB_ARGS(DB_INT(id), DB_INT(all_questions))));
    json_object_set_new(
        call, "timeline",
        db_query_json(
            c,
            "SELECT e.state, e.at AS entered_at, e.note, u.name AS user FROM call_events e "
            "LEFT JOIN users u ON u.id = e.user_id WHERE e.call_id = ? "
            "ORDER BY e.at, e.id",
            DB_ARGS(DB_INT(id))));
    return call;
}

json_t *call_list(db_conn *c, int64_t now, int64_t drafts_city)
{
    return db_query_json(
        c,
        "SELECT k.id, k.title, ci.name AS city, k.total_budget_cents, k.deadline_at, "
        "k.publication_at, " EFFECTIVE_STATE " AS state, "
        "CASE WHEN k.state = 'published' AND k.deadline_at > ? AND k.publication_at <= ? "
        "THEN 1 ELSE 0 END AS is_open FROM calls k JOIN cities ci ON ci.id = k.city_id "
        "WHERE k.state <> 'draft' OR k.city_id = ? "
        "ORDER BY is_open DESC, CASE WHEN k.state = 'published' AND k.deadline_at > ? "
        "THEN k.deadline_at ELSE -k.deadline_at END, k.id",
        DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(now), DB_INT(drafts_city), DB_INT(now)));
}

const char *call_state(db_conn *c, int64_t id, int64_t now, int64_t *city_id)
{
    static const char *const STATES[] = {"draft",  "published", "closed",   "evaluation",
                                         "ranked", "codesign",  "concluded"};
    db_rows *r = db_query(c, "SELECT " EFFECTIVE_STATE ", k.city_id FROM calls k WHERE k.id = ?",
                          DB_ARGS(DB_INT(now), DB_INT(id)));
    const char *state = NULL;
    if (r && db_next(r)) {
        const char *s = db_text(r, 0);
        for (size_t i = 0; i < sizeof STATES / sizeof STATES[0]; i++)
            if (strcmp(s, STATES[i]) == 0) state = STATES[i];
        if (city_id) *city_id = db_int(r, 1);
    }
    db_rows_close(r);
    return state;
}

bool call_transition_allowed(const char *from, const char *to)
{
    static const char *const MANUAL[][2] = {
        {"closed", "evaluation"},
        {"ranked", "codesign"},
        {"codesign", "concluded"},
    };
    for (size_t i = 0; i < sizeof MANUAL / sizeof MANUAL[0]; i++)
        if (strcmp(from, MANUAL[i][0]) == 0 && strcmp(to, MANUAL[i][1]) == 0) return true;
    return false;
}

static call_rc record(db_conn *c, int64_t city_id, int64_t id, const char *to, int64_t user_id,
                      const char *note, int64_t now)
{
    if (db_exec(
            c, "INSERT INTO call_events (call_id, state, at, user_id, note) VALUES (?, ?, ?, ?, ?)",
            DB_ARGS(DB_INT(id), DB_TEXT(to), DB_INT(now), user_id ? DB_INT(user_id) : DB_NULL,
                    DB_TEXT(note ? note : "")),
            NULL) != DB_OK)
        return CALL_ERROR;
    json_t *d = json_pack("{s:s}", "state", to);
    char action[48];
    snprintf(action, sizeof action, "call_%s", to);
    int rc = audit_append(c, city_id, user_id, action, "call", id, d);
    json_decref(d);
    return rc ? CALL_ERROR : CALL_OK;
}

call_rc call_transition(db_conn *c, int64_t city_id, int64_t id, const char *from, const char *to,
                        int64_t user_id, const char *note)
{
    int64_t now = clock_now_us(), changed = 0;
    /* The published → closed step is the clock's: make it durable before moving on. */
    if (strcmp(from, "closed") == 0 && calls_close_due(c, now) < 0) return CALL_ERROR;
    if (db_exec(
            c,
            "UPDATE calls SET state = ?, updated_at = ? WHERE id = ? AND city_id = ? AND state = ?",
            DB_ARGS(DB_TEXT(to), DB_INT(now), DB_INT(id), DB_INT(city_id), DB_TEXT(from)),
            &changed) != DB_OK)
        return CALL_ERROR;
    if (!changed) return CALL_WRONG_STATE;
    return record(c, city_id, id, to, user_id, note, now);
}

call_rc call_publish(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now)
{
    json_t *k = call_get(c, id, now, false);
    if (!k || json_integer_value(json_object_get(k, "city_id")) != city_id) {
        json_decref(k);
        return CALL_NOT_FOUND;
    }
    call_rc rc = CALL_OK;
    if (strcmp(json_string_value(json_object_get(k, "state")), "draft") != 0) rc = CALL_WRONG_STATE;
    json_decref(k);
    if (rc) return rc;
    return call_transition(c, city_id, id, "draft", "published", user_id, NULL);
}

int calls_close_due(db_conn *c, int64_t now)
{
    db_rows *r = db_query(c,
                          "UPDATE calls SET state = 'closed', updated_at = ? "
                          "WHERE state = 'published' AND deadline_at <= ? "
                          "RETURNING id, city_id, deadline_at",
                          DB_ARGS(DB_INT(now), DB_INT(now)));
    if (!r) return -1;
    int64_t ids[64][3];
    int n = 0;
    while (db_next(r) && n < 64) {
        ids[n][0] = db_int(r, 0);
        ids[n][1] = db_int(r, 1);
        ids[n][2] = db_int(r, 2);
        n++;
    }
    if (db_rows_close(r) != DB_OK) return -1;
    for (int i = 0; i < n; i++)
        /* The call closed at its deadline, whenever the clock's work records it. */
        if (record(c, ids[i][1], ids[i][0], "closed", 0, "deadline", ids[i][2]) != CALL_OK)
            return -1;
    return n;
}

int64_t call_ask(db_conn *c, int64_t call_id, int64_t user_id, const char *question, int64_t now)
{
    int64_t id = 0;
    if (db_query_int(c,
                     "INSERT INTO call_questions (call_id, asked_by, question, asked_at) "
                     "VALUES (?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(call_id), DB_INT(user_id), DB_TEXT(question), DB_INT(now)),
                     &id) != DB_OK)
        return 0;
    return id;
}

call_rc call_answer(db_conn *c, int64_t city_id, int64_t call_id, int64_t question_id,
                    int64_t user_id, const char *answer, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(
            c,
            "UPDATE call_questions SET answer = ?, answered_by = ?, answered_at = ? "
            "WHERE id = ? AND call_id = ? AND call_id IN (SELECT id FROM calls WHERE city_id = ?)",
            DB_ARGS(DB_TEXT(answer), DB_INT(user_id), DB_INT(now), DB_INT(question_id),
                    DB_INT(call_id), DB_INT(city_id)),
            &changed) != DB_OK)
        return CALL_ERROR;
    return changed ? CALL_OK : CALL_NOT_FOUND;
}

int calls_set_test_clock(db_conn *c, int64_t offset_us)
{
    return db_exec(c, "UPDATE test_clock SET offset_us = ? WHERE id = 1",
                   DB_ARGS(DB_INT(offset_us)), NULL) == DB_OK
               ? 0
               : -1;
}

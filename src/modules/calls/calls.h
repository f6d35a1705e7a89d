/* Co-design calls (avvisi, art. 55 CTS): drafting, the rules a call must satisfy, the state
 * machine draft → published → closed → evaluation → ranked → codesign → concluded with its
 * timeline, and clarifications (FAQ). Rules and SQL only.
 *
 * A published call whose deadline has passed is closed: queries report it closed at once
 * (the effective state), and calls_close_due() records the transition, with no user, as soon
 * as the server's clock ticker sees it. */
#ifndef COPROG_MODULES_CALLS_H
#define COPROG_MODULES_CALLS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

enum {
    CALL_MAX_AREAS = 10,
    CALL_MAX_CRITERIA = 20,
    CALL_MAX_DOCUMENTS = 20,
    CALL_MAX_SPACES = 50,
    CALL_MIN_NOTICE_DAYS = 20, /* usual minimum publication period */
};

typedef struct call_area_in {
    const char *name, *description;
    int64_t budget_cents;
} call_area_in;

typedef struct call_criterion_in {
    const char *name, *description;
    int64_t max_points;
} call_criterion_in;

typedef struct call_document_in {
    const char *name;
    bool required;
} call_document_in;

typedef struct call_in {
    int64_t operation_id;
    const char *title, *object, *requirements, *short_notice_reason, *tie_rule, *score_mode;
    int64_t total_budget_cents, min_cofinancing_bp, duration_months, threshold_points;
    int64_t publication_at, deadline_at;
    call_area_in areas[CALL_MAX_AREAS];
    int nareas;
    call_criterion_in criteria[CALL_MAX_CRITERIA];
    int ncriteria;
    call_document_in documents[CALL_MAX_DOCUMENTS];
    int ndocuments;
    int64_t spaces[CALL_MAX_SPACES];
    int nspaces;
} call_in;

typedef struct call_problem {
    const char *field;
    const char *key; /* catalog key */
} call_problem;

/* The rules of a call, without the database: areas add up to the total, at least one area and
 * criterion, a reachable threshold, a deadline after publication and, when it is less than 20
 * days after it, a recorded reason. Returns the number of problems written to out. */
int call_check(const call_in *in, call_problem *out, int max);

typedef enum {
    CALL_OK = 0,
    CALL_ERROR = -1,
    CALL_NOT_FOUND = -2,
    CALL_WRONG_STATE = -3, /* the call is not in the state the action needs */
    CALL_BAD_OPERATION = -4,
    CALL_BAD_SPACE = -5, /* a space that is not the city's */
} call_rc;

/* Creates (id 0) or rewrites a draft call of the city, with its areas, criteria, documents
 * and spaces. */
call_rc call_save(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const call_in *in,
                  int64_t *out_id);
/* A call with everything a page shows: areas, criteria, documents, spaces, questions
 * (answered ones only unless all_questions), timeline. NULL when missing. */
json_t *call_get(db_conn *c, int64_t id, int64_t now, bool all_questions);
/* Calls to list: open ones first (by deadline), then the others (latest deadline first).
 * Drafts only of drafts_city (0: none). */
json_t *call_list(db_conn *c, int64_t now, int64_t drafts_city);
/* The state as of now (published past the deadline reads closed). */
const char *call_state(db_conn *c, int64_t id, int64_t now, int64_t *city_id);

/* Moves the call of the city from `from` to `to`, recording the event and the audit entry. */
call_rc call_transition(db_conn *c, int64_t city_id, int64_t id, const char *from, const char *to,
                        int64_t user_id, const char *note);
/* Whether an officer may move a call from one state to the other by hand. */
bool call_transition_allowed(const char *from, const char *to);
/* Publishes a draft after checking it again. */
call_rc call_publish(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now);
/* Closes every published call whose deadline has passed; returns how many, or -1. */
int calls_close_due(db_conn *c, int64_t now);

int64_t call_ask(db_conn *c, int64_t call_id, int64_t user_id, const char *question, int64_t now);
call_rc call_answer(db_conn *c, int64_t city_id, int64_t call_id, int64_t question_id,
                    int64_t user_id, const char *answer, int64_t now);

/* Tests only: the clock's offset, kept in the database where every instance reads it. */
int calls_set_test_clock(db_conn *c, int64_t offset_us);

#endif

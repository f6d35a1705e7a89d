/* Co-design tables (tavoli di co-progettazione) for the proposals admitted by the ranking:
 * participants, sessions inside the co-design window, minutes drafted by one party and
 * approved by each (a change after an approval is a new version, approved again; every version
 * is kept and compared with the one before), decisions, and the final project, which starts as
 * the proposal, evolves in versions and is frozen with its hash when the RUP approves it. */
#ifndef COPROG_MODULES_CODESIGN_H
#define COPROG_MODULES_CODESIGN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "modules/calls/calls.h"

enum { CODESIGN_WINDOW_DAYS = 90 };

typedef enum {
    CD_OK = 0,
    CD_ERROR = -1,
    CD_NOT_FOUND = -2,
    CD_WRONG_STATE = -3,    /* the call is not in co-design, or the table is closed */
    CD_OUTSIDE_WINDOW = -4, /* a session after the window needs a reason */
    CD_NOT_PARTY = -5,      /* the user does not sit at this table for a party that approves */
    CD_NOT_ADMITTED = -6,   /* the proposal was not admitted to co-design by the ranking */
    CD_EXISTS = -7,         /* a table for this proposal is already open */
    CD_RULES = -8,          /* the final project breaks the call's rules */
    CD_UNCHANGED = -9,      /* the same text as the last version */
} cd_rc;

cd_rc codesign_open(db_conn *c, int64_t city_id, int64_t proposal_id, int64_t user_id, int64_t now,
                    int64_t *table_id);
cd_rc codesign_add_guest(db_conn *c, int64_t city_id, int64_t table_id, const char *name);
cd_rc codesign_session_add(db_conn *c, int64_t city_id, int64_t table_id, int64_t starts_at,
                           const char *place, const char *agenda, const char *reason,
                           int64_t *session_id);
/* A new version of the minutes of a session, by any party of the table. */
cd_rc codesign_minutes_save(db_conn *c, int64_t session_id, int64_t user_id, const char *text,
                            int64_t now, int64_t *version);
/* The user approves the latest version, for the party they sit for. */
cd_rc codesign_minutes_approve(db_conn *c, int64_t session_id, int64_t user_id, int64_t now);
/* Who attended a session: replaces the list with participant ids of that table. */
cd_rc codesign_attendance(db_conn *c, int64_t city_id, int64_t session_id, const int64_t *ids,
                          int n);
/* A new version of a shared document (a new name starts at version 1), by a party. */
cd_rc codesign_document_add(db_conn *c, int64_t table_id, int64_t user_id, const char *name,
                            const char *filename, const void *data, size_t len, const char *mime,
                            int64_t now, int64_t *version);
/* The bytes of one version of a shared document (malloc'd), or NULL. */
void *codesign_document(db_conn *c, int64_t table_id, int64_t document_id, int64_t version,
                        size_t *len, char *filename, size_t fnlen, char *mime, size_t mimelen);
cd_rc codesign_decision_add(db_conn *c, int64_t table_id, int64_t session_id, int64_t user_id,
                            const char *text, int64_t now);
/* A new version of the final project (content as JSON), checked against the call's rules. On
 * CD_RULES the problems are in out[0..*n). */
cd_rc codesign_project_save(db_conn *c, int64_t table_id, int64_t user_id, json_t *content,
                            int64_t now, call_problem *out, int max, int *n);
/* The RUP approves the latest version: frozen, hashed, the table closed. */
cd_rc codesign_project_approve(db_conn *c, int64_t city_id, int64_t table_id, int64_t user_id,
                               int64_t now);
/* The participant id the user approves for at this table, or 0. */
int64_t codesign_party_of(db_conn *c, int64_t table_id, int64_t user_id);
/* Everything about a table: call, proposal, participants, sessions with their latest minutes,
 * approvals and the diff from the version before, decisions, final project versions. */
json_t *codesign_table_get(db_conn *c, int64_t table_id);
json_t *codesign_tables_of_call(db_conn *c, int64_t call_id);
/* The final project's latest version (approved or not) as JSON, or NULL. */
json_t *codesign_project_latest(db_conn *c, int64_t table_id);

/* The table a session belongs to (0: none). */
int64_t codesign_table_of_session(db_conn *c, int64_t session_id);
/* Proposals the ranking admitted to co-design that have no table yet. */
json_t *codesign_to_open(db_conn *c, int64_t call_id);
/* The agreement drawn from a table (0: none yet). */
int64_t codesign_agreement_of(db_conn *c, int64_t table_id);

#endif

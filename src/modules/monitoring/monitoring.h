/* Monitoring of active agreements: output indicators (the final project's, plus the
 * programme's common ones) with planned values, and achieved values entered by the body period
 * by period: draft → submitted → returned for revision → approved. An approved period is
 * locked. Rules and SQL only. */
#ifndef COPROG_MODULES_MONITORING_H
#define COPROG_MODULES_MONITORING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    MON_OK = 0,
    MON_ERROR = -1,
    MON_NOT_FOUND = -2,
    MON_WRONG_STATE = -3, /* not active, or the period is not open for this step */
    MON_EXISTS = -4,      /* a period with this label already exists */
    MON_BAD_DATES = -5,
} mon_rc;

/* The indicator whose achieved value is counted from the participants' records (at submission)
 * instead of entered. */
#define MON_FROM_RECORDS "CO-PART"

mon_rc monitoring_period_add(db_conn *c, int64_t agreement_id, const char *label,
                             const char *starts_on, const char *ends_on, int64_t now,
                             int64_t *period_id);
/* Sets achieved values (indicator id → value) of a draft or returned period. */
mon_rc monitoring_values(db_conn *c, int64_t period_id, const int64_t *indicator_ids,
                         const int64_t *values, int n);
mon_rc monitoring_submit(db_conn *c, int64_t period_id, int64_t user_id);
/* approve (locks it) or return with a note. */
mon_rc monitoring_decide(db_conn *c, int64_t city_id, int64_t period_id, bool approve,
                         const char *note, int64_t user_id, int64_t now);
/* Indicators with planned and achieved (the sum of approved periods, and of all periods when
 * with_drafts), the periods with their values. */
json_t *monitoring_progress(db_conn *c, int64_t agreement_id, bool with_drafts);
/* The common indicators summed over active and closed agreements, one row per city and one
 * per call: {"cities": [...], "calls": [...]}, each row with planned and achieved (approved)
 * participants, services and m². One grouped query per level. */
json_t *monitoring_summary(db_conn *c);
/* An operation's progress: its running agreements' indicators summed by code (planned, and
 * achieved in approved periods) and the agreements with their amounts. */
json_t *monitoring_operation(db_conn *c, int64_t operation_id);
/* The agreement a period belongs to, or 0. */
int64_t monitoring_agreement_of(db_conn *c, int64_t period_id);

/* The ids of an agreement's indicators ([{id}]). */
json_t *monitoring_indicator_ids(db_conn *c, int64_t agreement_id);

#endif

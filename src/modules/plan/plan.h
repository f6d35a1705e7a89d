/* The city's plan: programmes and actions (shared by all cities) and the operations a city
 * funds, each with its local code and CUP. Rules and SQL only. */
#ifndef COPROG_MODULES_PLAN_H
#define COPROG_MODULES_PLAN_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

typedef struct operation_in {
    int64_t action_id;
    const char *local_code, *cup, *title, *summary, *fund, *start_date, *end_date, *status;
    int64_t budget_cents;
} operation_in;

typedef enum { PLAN_OK = 0, PLAN_ERROR = -1, PLAN_DUPLICATE = -2, PLAN_NOT_FOUND = -3 } plan_rc;

/* [{id, code, name, programme_code, programme_name, fund}] */
json_t *plan_actions(db_conn *c);
/* Operations of one city (0: every city), with action and city names. */
json_t *plan_operations(db_conn *c, int64_t city_id);
json_t *plan_operation(db_conn *c, int64_t id);
plan_rc plan_operation_save(db_conn *c, int64_t city_id, int64_t id, const operation_in *in,
                            int64_t *out_id);
/* Creates the programme and action rows if missing; returns the action's id (demo, tests). */
int64_t plan_ensure_action(db_conn *c, const char *programme_code, const char *programme_name,
                           const char *period, const char *action_code, const char *action_name,
                           const char *fund);

#endif

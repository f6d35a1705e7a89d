/* The whole path of a call, planned and actual, from publication to the last agreement. */
#ifndef COPROG_MODULES_TIMELINE_H
#define COPROG_MODULES_TIMELINE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

/* [{"key", "planned_at"?, "actual_at"?, "detail"?}] in the order of the procedure. */
json_t *timeline_of_call(db_conn *c, int64_t call_id);

#endif

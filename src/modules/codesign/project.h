/* The final project's shape: what a version may hold, whoever sends it (the table's form or a
 * JSON body). Pure: no SQL, no HTTP. */
#ifndef COPROG_MODULES_CODESIGN_PROJECT_H
#define COPROG_MODULES_CODESIGN_PROJECT_H

#include <jansson.h>

#include "modules/calls/calls.h"

enum {
    PROJECT_MAX_LINES = 100,
    PROJECT_MAX_ROWS = 50, /* targets, indicators, schedule phases */
    PROJECT_MAX_PARTICIPANTS = 1000000,
    PROJECT_MAX_PLANNED = 1000000000,
};

/* Checks a final project sent by a party and returns a clean copy holding only the known
 * fields, each of its type and within its range: texts (title required, at most 300 bytes;
 * the others at most 20,000), amounts in cents within base/money.h's bound, budget lines with
 * an optional public share between 0 and the line's amount, targets with participants, output
 * indicators with a planned value, schedule phases with dates that exist and an end not before
 * the start, and the space as an id or null. A wrong type is a problem, never read as 0.
 * Problems go to out[0..max) with the form field they belong to; returns their count (the copy
 * is NULL when there is any). */
int project_normalise(const json_t *in, json_t **clean, call_problem *out, int max);

#endif

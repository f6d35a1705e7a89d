/* A line diff (longest common subsequence), to show what changed between two versions of
 * minutes or documents. Bounded: texts over DIFF_MAX_LINES lines are compared as a whole. */
#ifndef COPROG_BASE_DIFF_H
#define COPROG_BASE_DIFF_H

#include <jansson.h>

enum { DIFF_MAX_LINES = 2000 };

/* [{"op": "same"|"added"|"removed", "line": "..."}] from old to new (new reference). */
json_t *diff_lines(const char *old_text, const char *new_text);

#endif

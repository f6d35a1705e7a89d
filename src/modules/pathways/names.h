/* For this module's files: how a record's name is taken out of an answer (people.c). */
#ifndef COPROG_MODULES_PATHWAYS_NAMES_H
#define COPROG_MODULES_PATHWAYS_NAMES_H

#include <jansson.h>

/* Whether the asker (bound to the first ?) sees the name of the record aliased p: 1 or 0. */
#define NAMED_EXPR                                                                                 \
    "CASE WHEN p.restricted = 0 OR EXISTS (SELECT 1 FROM person_grants g WHERE g.person_id = "     \
    "p.id AND g.user_id = ?) THEN 1 ELSE 0 END"
#define NAMED_SQL NAMED_EXPR " AS named"

/* Takes what identifies a person out of the rows whose "named" is 0 (then false); the others get
 * "named": true. Returns rows. */
json_t *unname_rows(json_t *rows);
/* The first of rows (given up): NULL when rows is NULL (an error), JSON null when there is none. */
json_t *first_row(json_t *rows);

#endif

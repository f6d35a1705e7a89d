/* HTTP handlers of participants: counts page, records, exits, identity openings. */
#ifndef COPROG_MODULES_PARTICIPANTS_ROUTES_H
#define COPROG_MODULES_PARTICIPANTS_ROUTES_H

#include "web/request.h"

/* Labels participant counts' characteristics and answers in the request's language. */
void participants_label_counts(req *r, json_t *counts);
/* The characteristics as form fields ({name, label, options: [{value, label}]}), leaving out
 * those whose bit (1 << index in PART_TRAITS) is set in known. */
json_t *participants_trait_fields(req *r, unsigned known);

int participants_page(req *r);
int participants_create(req *r);
int participants_exit(req *r);
int participants_identity(req *r);

#endif

/* HTTP handlers of participants: counts page, records, exits, identity openings. */
#ifndef COPROG_MODULES_PARTICIPANTS_ROUTES_H
#define COPROG_MODULES_PARTICIPANTS_ROUTES_H

#include "web/request.h"

/* Labels participant counts' characteristics and answers in the request's language. */
void participants_label_counts(req *r, json_t *counts);

int participants_page(req *r);
int participants_create(req *r);
int participants_exit(req *r);
int participants_identity(req *r);

#endif

/* HTTP handlers of tickets: the resident's list and form, a ticket, comments and state
 * changes, the staff queue, the public transparency page. */
#ifndef COPROG_MODULES_TICKETS_ROUTES_H
#define COPROG_MODULES_TICKETS_ROUTES_H

#include "web/request.h"

int tickets_index(req *r);
int tickets_create(req *r);
int tickets_show(req *r);
int tickets_photo(req *r);
int tickets_comment(req *r);
int tickets_state(req *r);
int tickets_queue_page(req *r);
int tickets_transparency_page(req *r);

#endif

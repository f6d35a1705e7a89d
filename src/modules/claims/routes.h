/* HTTP handlers of expense claims, checks, sampled spot checks and payment requests. */
#ifndef COPROG_MODULES_CLAIMS_ROUTES_H
#define COPROG_MODULES_CLAIMS_ROUTES_H

#include "web/request.h"

int claims_index(req *r);
int claims_create(req *r);
int claims_show(req *r);
int claims_line_add(req *r);
int claims_line_delete(req *r);
int claims_line_document(req *r);
int claims_submit(req *r);
int claims_line_check(req *r);
int claims_close_check(req *r);
int controls_index(req *r);
int controls_draw(req *r);
int controls_spot_check(req *r);
int payments_request(req *r);
int payments_paid(req *r);

#endif

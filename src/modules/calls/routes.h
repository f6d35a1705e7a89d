/* HTTP handlers of calls: public list and detail, the call text, drafting, publication,
 * state changes, clarifications; and the test clock. */
#ifndef COPROG_MODULES_CALLS_ROUTES_H
#define COPROG_MODULES_CALLS_ROUTES_H

#include "web/request.h"

int calls_index(req *r);
int calls_show(req *r);
int calls_text(req *r);
int calls_pdf(req *r);
/* The call notice as a PDF document (view/pdf.h) in the request's language, when the asker may
 * see the call (*officer: an officer of its city), else NULL. */
json_t *calls_notice_doc(req *r, int64_t id, bool *officer);
int calls_form(req *r);
int calls_create(req *r);
int calls_update(req *r);
int calls_publish(req *r);
int calls_transition(req *r);
int calls_ask(req *r);
int calls_answer(req *r);
/* POST /_test/clock {offset_s}: moves the server clock; 404 unless started for tests. */
int calls_test_clock(req *r);

#endif

/* HTTP handlers of the time bank: the neighbourhood board, posts, exchanges, the report. */
#ifndef COPROG_MODULES_TIMEBANK_ROUTES_H
#define COPROG_MODULES_TIMEBANK_ROUTES_H

#include "web/request.h"

int timebank_page(req *r);
int timebank_post(req *r);
int timebank_close(req *r);
int timebank_exchange(req *r);
int timebank_decide(req *r);
int timebank_report_page(req *r);

#endif

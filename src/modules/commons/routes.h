/* HTTP handlers of the commons: public goods, collaboration pacts, the city's regulation. */
#ifndef COPROG_MODULES_COMMONS_ROUTES_H
#define COPROG_MODULES_COMMONS_ROUTES_H

#include "modules/commons/commons.h"
#include "web/request.h"

/* One answer for every step: commit and go back to `back` with flash, or roll back and say why
 * not (the status and message of rc). */
int commons_done(req *r, cm_rc rc, const char *back, const char *flash);

int commons_index(req *r);
int commons_notice_publish(req *r);
int commons_notice_show(req *r);
int commons_notice_meeting(req *r);
int commons_notice_void(req *r);
int commons_pact_giunta(req *r);
int commons_good_add(req *r);
int commons_good_show(req *r);
int commons_good_space(req *r);
int commons_dispute_raise(req *r);
int commons_dispute_committee(req *r);
int commons_dispute_close(req *r);
int commons_rules(req *r);
int commons_rules_save(req *r);
int commons_pacts(req *r);
int commons_pact_propose(req *r);
int commons_pact_show(req *r);
int commons_pact_publish(req *r);
int commons_pact_sign(req *r);
int commons_pact_reject(req *r);
int commons_pact_revoke(req *r);
int commons_pact_renew(req *r);
int commons_pact_comment(req *r);
int commons_pact_join(req *r);
int commons_pact_leave(req *r);
int commons_pact_ledger(req *r);
int commons_pact_day(req *r);
int commons_insurance_csv(req *r);
int commons_route_start(req *r);
int commons_pact_report(req *r);
int commons_pact_photo(req *r);
int commons_route_advance(req *r);
int commons_route_refuse(req *r);

#endif

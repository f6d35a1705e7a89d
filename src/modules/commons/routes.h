/* HTTP handlers of the commons: public goods, collaboration pacts, the city's regulation. */
#ifndef COPROG_MODULES_COMMONS_ROUTES_H
#define COPROG_MODULES_COMMONS_ROUTES_H

#include "web/request.h"

int commons_index(req *r);
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

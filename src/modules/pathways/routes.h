/* HTTP handlers of the person's pathway: the records the asker may see, a record (each opening
 * logged), its category, consents, special categories, names granted and access card; and the
 * person's own page, opened with the card's code. */
#ifndef COPROG_MODULES_PATHWAYS_ROUTES_H
#define COPROG_MODULES_PATHWAYS_ROUTES_H

#include "web/request.h"

int people_index(req *r);
int people_create(req *r);
int people_show(req *r);
int people_ethos(req *r);
int people_consent(req *r);
int people_consent_revoke(req *r);
int people_special(req *r);
int people_special_add(req *r);
int people_grant(req *r);
int people_card(req *r);
int card_form(req *r);
int card_open(req *r);
int card_revoke(req *r);

#endif

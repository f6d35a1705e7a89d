/* HTTP handlers of the platform's trust for signatures: the administrator's page of trusted
 * CAs and CRLs, and their loading. */
#ifndef COPROG_MODULES_SIGNATURES_ROUTES_H
#define COPROG_MODULES_SIGNATURES_ROUTES_H

#include "web/request.h"

int trust_page(req *r);
int trust_update(req *r);

#endif

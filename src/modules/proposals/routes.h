/* HTTP handlers of proposals, receipts and their public verification. */
#ifndef COPROG_MODULES_PROPOSALS_ROUTES_H
#define COPROG_MODULES_PROPOSALS_ROUTES_H

#include "web/request.h"

int proposals_new(req *r);
int proposals_create(req *r);
int proposals_index(req *r);
int proposals_show(req *r);
int proposals_edit(req *r);
int proposals_update(req *r);
int proposals_submit(req *r);
int proposals_withdraw(req *r);
int proposals_attachment(req *r);
int proposals_receipt(req *r);
int receipts_page(req *r);
int receipts_verify(req *r);

#endif

/* HTTP handlers of moderation: residents flag content, officers work the queue. */
#ifndef COPROG_MODULES_MODERATION_ROUTES_H
#define COPROG_MODULES_MODERATION_ROUTES_H

#include "web/request.h"

int moderation_flag_create(req *r);
int moderation_page(req *r);
int moderation_decide_post(req *r);

#endif

/* HTTP handlers of ideas and needs: the list, proposing, supporting, commenting, answering. */
#ifndef COPROG_MODULES_IDEAS_ROUTES_H
#define COPROG_MODULES_IDEAS_ROUTES_H

#include "web/request.h"

int ideas_index(req *r);
int ideas_create(req *r);
int ideas_show(req *r);
int ideas_support(req *r);
int ideas_comment(req *r);
int ideas_answer(req *r);

#endif

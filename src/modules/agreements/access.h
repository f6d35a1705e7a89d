/* What the requester is to an agreement: the body that holds it, an officer or a controller of
 * its city, an auditor. One place, so every reporting page asks the same question. */
#ifndef COPROG_MODULES_AGREEMENTS_ACCESS_H
#define COPROG_MODULES_AGREEMENTS_ACCESS_H

#include <jansson.h>
#include <stdbool.h>

#include "web/request.h"

typedef struct agreement_access {
    json_t *agreement; /* NULL when there is no such agreement (owned: json_decref) */
    bool holder, officer, controller, auditor;
} agreement_access;

agreement_access agreement_access_for(req *r, int64_t id);
/* holder, officer, controller or auditor. */
bool agreement_access_inside(const agreement_access *x);
/* The agreement is active or closed (it has been running). */
bool agreement_access_running(const agreement_access *x);

#endif

/* One request through the pipeline: route, language, user, permission, CSRF, body, handler,
 * rendering. Called by the server once the body is in; sets r->status, headers and body. */
#ifndef COPROG_WEB_DISPATCH_H
#define COPROG_WEB_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "web/request.h"

void dispatch(req *r, const char *body, size_t len, bool too_large);
/* Releases what dispatch allocated outside the arena (view model, body). */
void dispatch_free(req *r);

#endif

/* One request through the pipeline: route, language, user, permission, CSRF, body, handler,
 * rendering. Called by the server once the body is in; sets r->status, headers and body. */
#ifndef COPROG_WEB_DISPATCH_H
#define COPROG_WEB_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "web/request.h"

/* What became of the request body while it was read. */
typedef enum {
    BODY_OK,
    BODY_TOO_LARGE, /* past the per-request limit: 413 */
    BODY_BUSY,      /* past the bytes all requests may hold at once: 503, try again later */
} body_state;

void dispatch(req *r, const char *body, size_t len, body_state state);
/* Releases what dispatch allocated outside the arena (view model, body). */
void dispatch_free(req *r);

#endif

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
    BODY_TOO_LARGE,  /* past the per-request limit: 413 */
    BODY_BUSY,       /* past the bytes all requests may hold at once: 503, try again later */
    BODY_SLOW,       /* arriving slower than the minimum rate: the connection is closed */
    BAD_FRAMING,     /* Content-Length with chunked, or two lengths that differ: 400 */
    BAD_CODING,      /* a Transfer-Encoding other than chunked: 501 */
    TOO_MANY_PARAMS, /* more query parameters than QUERY_MAX_PARAMS: 414 */
} body_state;

/* Query parameters a request may carry: filters and paging need a handful. */
enum { QUERY_MAX_PARAMS = 200 };

void dispatch(req *r, const char *body, size_t len, body_state state);
/* Releases what dispatch allocated outside the arena (view model, body). */
void dispatch_free(req *r);

#endif

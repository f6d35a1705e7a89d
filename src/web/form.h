/* Parsers for request bodies and query strings, independent of the HTTP library so that
 * they can be fuzzed. Everything parsed lives in the arena. */
#ifndef COPROG_WEB_FORM_H
#define COPROG_WEB_FORM_H

#include <stddef.h>

#include "base/arena.h"
#include "web/request.h"

enum { FORM_MAX_FIELDS = 500, FORM_MAX_UPLOADS = 20 };

typedef enum {
    FORM_OK = 0,
    FORM_MALFORMED = -1,
    FORM_TOO_MANY = -2,
    FORM_NOT_UTF8 = -3,
    FORM_NOMEM = -4,
} form_rc;

/* a=1&b=%C3%A8 ; appends to *fields. */
form_rc form_parse_urlencoded(arena *a, const char *data, size_t len, kv **fields, int *nfields);
/* multipart/form-data with the boundary taken from content_type. Files go to uploads,
 * other parts to fields. */
form_rc form_parse_multipart(arena *a, const char *content_type, const char *data, size_t len,
                             kv **fields, int *nfields, upload **uploads, int *nuploads);
/* Decodes %XX and + in place semantics into a new arena string; NULL when malformed. */
char *form_url_decode(arena *a, const char *s, size_t n, size_t *outlen);

#endif

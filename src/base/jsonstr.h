/* A JSON string literal written straight into a buffer, as jansson writes it with
 * JSON_ENSURE_ASCII: quotes, backslash escapes, control characters and everything beyond ASCII
 * as \uXXXX (a surrogate pair past U+FFFF). For exports of many rows, where making a jansson
 * value per cell cost more than the query. A byte that is not UTF-8 becomes U+FFFD. */
#ifndef COPROG_BASE_JSONSTR_H
#define COPROG_BASE_JSONSTR_H

#include <stddef.h>

#include "base/buf.h"

/* Appends "s" (its n bytes) quoted and escaped; non-zero when b overflows. */
int json_put_string(buf *b, const char *s, size_t n);

#endif

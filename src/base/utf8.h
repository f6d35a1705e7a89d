/* UTF-8 validation: every text input passes through here before it is stored. */
#ifndef COPROG_BASE_UTF8_H
#define COPROG_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool utf8_valid(const char *s, size_t n);

#endif

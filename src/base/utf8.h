/* UTF-8 validation: every text input passes through here before it is stored. */
#ifndef COPROG_BASE_UTF8_H
#define COPROG_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool utf8_valid(const char *s, size_t n);

/* What text typed by people may not hold, checked on valid UTF-8:
 * UTF8_BIDI: bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
 *   which reorder what follows them on screen ("Trojan Source"), and C0 controls other than
 *   tab, line feed and carriage return;
 * UTF8_INVISIBLE (names, identifiers): besides, zero-width and direction marks (U+200B-U+200F,
 *   U+2060-U+2064, U+FEFF, U+061C, U+180E), which make two names that look the same differ. */
enum { UTF8_BIDI = 1, UTF8_INVISIBLE = 2 };
bool utf8_has(const char *s, size_t n, int what);
/* The characters (code points) of valid UTF-8 s, as schemas count a length, not its bytes. */
size_t utf8_chars(const char *s);

#endif

/* Formatting for people, by naming convention, for every view model answered (JSON and HTML
 * alike):
 *   x_cents (integer)       adds x_eur   "516.500,00 €" (Italian) / "€516,500.00"
 *   x_at    (integer, µs)   adds x_local "24/11/2026 23:55" in Europe/Rome and x_iso (UTC)
 *   x_bp    (integer)       adds x_pct   "12,5%"
 *   is_x / has_x (integer)  becomes a JSON boolean
 * so handlers and SQL deal in cents, instants and 0/1, and templates just print. */
#ifndef COPROG_VIEW_FORMAT_H
#define COPROG_VIEW_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/mustache.h"

/* Walks v (objects and arrays, recursively) and adds the formatted siblings (JSON answers). */
void format_decorate(json_t *v, const char *lang);
/* The same names for templates, made only when a template reads them: an HTML page prints a few
 * of the many instants and amounts its view holds, and formatting all of them took a seventh of
 * a staff queue's time. A mst_member_fn (view/mustache.h) over a format_scope. */
typedef struct format_scope {
    const char *lang;
    json_t *made; /* values made so far, freed by format_scope_end */
} format_scope;
mst_value format_member(void *scope, json_t *obj, const char *key, size_t n);
void format_scope_end(format_scope *fs);

/* The rules themselves, for other kinds of rows (db/rowtab.h): int_of reads the integer named
 * base (its first n bytes) + suffix. format_derive writes the formatted value of key into out
 * (false when key is not a derived name or its source is missing); format_is_flag says whether
 * an integer key reads as a yes or no (is_x, has_x). */
typedef bool (*format_int_fn)(void *ud, const char *base, size_t n, const char *suffix,
                              int64_t *out);
bool format_derive(const char *key, size_t n, const char *lang, format_int_fn int_of, void *ud,
                   char *out, size_t outlen);
bool format_is_flag(const char *key, size_t n);
/* "10%" or "12,5%" from basis points (1000 = 10%). */
json_t *format_percent_bp(int64_t bp, const char *lang);

#endif

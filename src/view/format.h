/* Formatting for people, by naming convention, applied to every view model before it is
 * answered (JSON and HTML alike):
 *   x_cents (integer)       adds x_eur   "516.500,00 €" (Italian) / "€516,500.00"
 *   x_at    (integer, µs)   adds x_local "24/11/2026 23:55" in Europe/Rome and x_iso (UTC)
 *   is_x / has_x (integer)  becomes a JSON boolean
 * so handlers and SQL deal in cents, instants and 0/1, and templates just print. */
#ifndef COPROG_VIEW_FORMAT_H
#define COPROG_VIEW_FORMAT_H

#include <jansson.h>

/* Walks v (objects and arrays, recursively) and adds the formatted siblings. */
void format_decorate(json_t *v, const char *lang);
/* "10%" or "12,5%" from basis points (1000 = 10%). */
json_t *format_percent_bp(int64_t bp, const char *lang);

#endif

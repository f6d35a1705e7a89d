/* Coordinates (WGS 84) as people type or paste them: "45.4890", "45,489", "-9.2"; kept as
 * integer micro-degrees like every other quantity. The one reader of coordinates. */
#ifndef COPROG_BASE_GEO_H
#define COPROG_BASE_GEO_H

#include <stdbool.h>
#include <stdint.h>

/* Reads a latitude (-90..90) or a longitude (-180..180) with at most six decimals, a point or a
 * comma before them. 0, or -1 when s is not one. */
int coord_parse(const char *s, bool latitude, int64_t *e6);

#endif

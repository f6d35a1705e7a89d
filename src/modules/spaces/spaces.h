/* The spaces registry: public-housing premises a city can offer in its calls. */
#ifndef COPROG_MODULES_SPACES_H
#define COPROG_MODULES_SPACES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

typedef struct space_in {
    const char *name, *address, *neighbourhood, *works_state, *notes;
    int64_t municipio, area_m2;
    const char *works_started_on, *works_ready_on; /* YYYY-MM-DD or NULL */
} space_in;

json_t *spaces_list(db_conn *c, int64_t city_id);
json_t *space_get(db_conn *c, int64_t id);
/* True when the space is one of the city's: what any record of that city may point at. */
bool space_of_city(db_conn *c, int64_t space_id, int64_t city_id);
/* Creates (id 0) or updates a space of the city. 0, or -1 (error), -3 (not found). */
int space_save(db_conn *c, int64_t city_id, int64_t id, const space_in *in, int64_t *out_id);

/* Adds a photo (JPEG or PNG checked by the caller) with its description. 0 or -1. */
int space_photo_add(db_conn *c, int64_t city_id, int64_t space_id, const void *data, size_t len,
                    const char *mime, const char *caption, int64_t *photo_id);
/* The bytes of a photo (malloc'd) and its type, or NULL. */
void *space_photo(db_conn *c, int64_t space_id, int64_t photo_id, size_t *len, char *mime,
                  size_t mimelen);

/* The city's spaces, id and name (for a form's choice). */
json_t *spaces_names(db_conn *c, int64_t city_id);

#endif

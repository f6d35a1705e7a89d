/* The spaces registry: public-housing premises a city can offer in its calls. */
#ifndef COPROG_MODULES_SPACES_H
#define COPROG_MODULES_SPACES_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

typedef struct space_in {
    const char *name, *address, *neighbourhood, *works_state, *notes;
    int64_t municipio, area_m2;
} space_in;

json_t *spaces_list(db_conn *c, int64_t city_id);
json_t *space_get(db_conn *c, int64_t id);
/* Creates (id 0) or updates a space of the city. 0, or -1 (error), -3 (not found). */
int space_save(db_conn *c, int64_t city_id, int64_t id, const space_in *in, int64_t *out_id);

#endif

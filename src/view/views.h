/* The compiled templates (templates/<name>.mustache) and the language catalogs
 * (i18n/<lang>.json), both compiled into the binary. Loaded once at start; rendering is
 * thread-safe. */
#ifndef COPROG_VIEW_VIEWS_H
#define COPROG_VIEW_VIEWS_H

#include <jansson.h>

#include "view/mustache.h"

#include "base/buf.h"

typedef struct views views;

int views_load(views **out, char *err, size_t errlen);
void views_free(views *v);
/* The catalog of lang ("it" or "en"; anything else gives Italian). Borrowed. */
json_t *views_catalog(views *v, const char *lang);
/* A catalog entry by dotted key ("nav.home"), or NULL. */
const char *views_t(views *v, const char *lang, const char *key);
/* Renders the template `name` (e.g. "home/index") with data. -1 when unknown or on overflow. */
int views_render(views *v, const char *name, json_t *data, buf *out);
/* The same, names read through m (view/mustache.h): web/render.c formats them as a page reads
 * them and gives the lists kept as rows. */
int views_render_with(views *v, const char *name, json_t *data, const mst_members *m, buf *out);
int views_has(views *v, const char *name);

#endif

/* Mustache templates over jansson values.
 *
 * Conforms to the official spec (core + inheritance; no lambdas). Templates are compiled
 * once into a tree and rendered many times; a compiled template is immutable and may be
 * rendered from many threads at once. Variables are HTML-escaped unless written {{{x}}} or
 * {{&x}}. Partials and parents come from a loader the caller supplies. */
#ifndef COPROG_VIEW_MUSTACHE_H
#define COPROG_VIEW_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

typedef struct mst_node mst_node;

typedef struct mst_tmpl {
    mst_node *root;
    arena mem; /* every node and string of the template */
} mst_tmpl;

/* Returns the template named `name`, compiled with every line prefixed by `indent`
 * (partials used standalone are indented), or NULL when there is none. The loader owns it. */
typedef const mst_tmpl *(*mst_loader_fn)(void *ud, const char *name, const char *indent);

typedef struct mst_loader {
    mst_loader_fn get;
    void *ud;
} mst_loader;

/* Compiles src. Every line is prefixed with indent (may be NULL). On a syntax error returns
 * -1 and writes a message naming the line into err. */
int mst_compile(const char *src, size_t len, const char *indent, mst_tmpl *out, char *err,
                size_t errlen);
void mst_tmpl_free(mst_tmpl *t);

/* Renders t with data into out. Returns 0, or -1 when out overflowed or partials nest too deep. */
int mst_render(const mst_tmpl *t, json_t *data, const mst_loader *loader, buf *out);

#endif

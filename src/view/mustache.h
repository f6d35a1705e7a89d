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

/* A value as the renderer reads it: a jansson value, or borrowed text, a number, a yes or no,
 * or a list whose items are read through callbacks (rows a page renders straight from, see
 * db/rowtab.h and web/render.c). Text must live until the render ends. */
typedef struct mst_list mst_list;
typedef struct mst_value {
    enum { MV_NONE, MV_JSON, MV_TEXT, MV_INT, MV_BOOL, MV_LIST } k;
    json_t *j;
    const char *s;
    long long i;
    const mst_list *list;
} mst_value;

struct mst_list {
    int (*count)(void *ud);
    /* The member key (its first n bytes) of item i; MV_NONE when it has none. */
    mst_value (*get)(void *ud, int i, const char *key, size_t n);
    void *ud;
};

/* How a name is read from an object: its jansson member unless the caller says otherwise
 * (coprog's pages derive formatted names, such as x_local from x_at, as a template reads them,
 * and name the lists rendered from rows). */
typedef mst_value (*mst_member_fn)(void *ud, json_t *obj, const char *key, size_t n);
typedef struct mst_members {
    mst_member_fn get;
    void *ud;
} mst_members;

/* Renders t with data into out. Returns 0, or -1 when out overflowed or partials nest too deep.
 * members may be NULL. */
int mst_render(const mst_tmpl *t, json_t *data, const mst_loader *loader, buf *out);
int mst_render_members(const mst_tmpl *t, json_t *data, const mst_loader *loader,
                       const mst_members *members, buf *out);
/* A jansson value as an mst_value (NULL: MV_NONE). */
mst_value mst_json(json_t *v);

#endif

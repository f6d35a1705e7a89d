#include "view/views.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "view/mustache.h"

enum { VIEWS_MAX = 256, INDENTED_MAX = 64 };

typedef struct tmpl_entry {
    char name[128];
    const embedded_file *src;
    mst_tmpl compiled;
} tmpl_entry;

/* A partial used standalone with indentation is compiled again with that indentation. */
typedef struct indented {
    const tmpl_entry *base;
    char *indent;
    mst_tmpl compiled;
} indented;

struct views {
    tmpl_entry t[VIEWS_MAX];
    int n;
    indented ind[INDENTED_MAX];
    int nind;
    pthread_mutex_t lock;
    json_t *it, *en;
};

static const tmpl_entry *find(const views *v, const char *name)
{
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->t[i].name, name) == 0) return &v->t[i];
    return NULL;
}

static const mst_tmpl *loader(void *ud, const char *name, const char *indent)
{
    views *v = ud;
    const tmpl_entry *e = find(v, name);
    if (!e) return NULL;
    if (!indent || !*indent) return &e->compiled;
    const mst_tmpl *found = NULL;
    pthread_mutex_lock(&v->lock);
    for (int i = 0; i < v->nind && !found; i++)
        if (v->ind[i].base == e && strcmp(v->ind[i].indent, indent) == 0)
            found = &v->ind[i].compiled;
    if (!found && v->nind < INDENTED_MAX) {
        indented *x = &v->ind[v->nind];
        char err[160];
        if (mst_compile(e->src->data, e->src->len, indent, &x->compiled, err, sizeof err) == 0) {
            x->base = e;
            x->indent = strdup(indent);
            v->nind++;
            found = &x->compiled;
        }
    }
    pthread_mutex_unlock(&v->lock);
    return found;
}

int views_load(views **out, char *err, size_t errlen)
{
    views *v = calloc(1, sizeof *v);
    if (!v) return -1;
    pthread_mutex_init(&v->lock, NULL);
    for (size_t i = 0; i < embedded_count; i++) {
        const embedded_file *f = &embedded_files[i];
        const char *pre = "templates/", *suf = ".mustache";
        size_t n = strlen(f->path);
        if (strncmp(f->path, pre, strlen(pre)) == 0 && n > strlen(pre) + strlen(suf) &&
            strcmp(f->path + n - strlen(suf), suf) == 0) {
            if (v->n == VIEWS_MAX) {
                snprintf(err, errlen, "more than %d templates", VIEWS_MAX);
                goto fail;
            }
            tmpl_entry *e = &v->t[v->n];
            snprintf(e->name, sizeof e->name, "%.*s", (int)(n - strlen(pre) - strlen(suf)),
                     f->path + strlen(pre));
            e->src = f;
            char msg[200];
            if (mst_compile(f->data, f->len, NULL, &e->compiled, msg, sizeof msg)) {
                snprintf(err, errlen, "%s: %s", f->path, msg);
                goto fail;
            }
            v->n++;
        } else if (strcmp(f->path, "i18n/it.json") == 0 || strcmp(f->path, "i18n/en.json") == 0) {
            json_error_t je;
            json_t *cat = json_loadb(f->data, f->len, 0, &je);
            if (!cat) {
                snprintf(err, errlen, "%s:%d: %s", f->path, je.line, je.text);
                goto fail;
            }
            if (strstr(f->path, "it.json"))
                v->it = cat;
            else
                v->en = cat;
        }
    }
    if (!v->it || !v->en) {
        snprintf(err, errlen, "i18n/it.json or i18n/en.json missing");
        goto fail;
    }
    *out = v;
    return 0;
fail:
    views_free(v);
    return -1;
}

void views_free(views *v)
{
    if (!v) return;
    for (int i = 0; i < v->n; i++) mst_tmpl_free(&v->t[i].compiled);
    for (int i = 0; i < v->nind; i++) {
        mst_tmpl_free(&v->ind[i].compiled);
        free(v->ind[i].indent);
    }
    json_decref(v->it);
    json_decref(v->en);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

json_t *views_catalog(views *v, const char *lang)
{
    return lang && strcmp(lang, "en") == 0 ? v->en : v->it;
}

const char *views_t(views *v, const char *lang, const char *key)
{
    json_t *cur = views_catalog(v, lang);
    const char *p = key;
    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        cur = json_is_object(cur) ? json_object_getn(cur, p, n) : NULL;
        p = dot ? dot + 1 : p + n;
    }
    return json_is_string(cur) ? json_string_value(cur) : NULL;
}

int views_has(views *v, const char *name)
{
    return find(v, name) != NULL;
}

int views_render(views *v, const char *name, json_t *data, buf *out)
{
    const tmpl_entry *e = find(v, name);
    if (!e) return -1;
    mst_loader l = {loader, v};
    return mst_render(&e->compiled, data, &l, out);
}

int views_render_with(views *v, const char *name, json_t *data, const mst_members *m, buf *out)
{
    const tmpl_entry *e = find(v, name);
    if (!e) return -1;
    mst_loader l = {loader, v};
    return mst_render_members(&e->compiled, data, &l, m, out);
}

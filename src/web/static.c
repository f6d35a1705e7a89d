#define _XOPEN_SOURCE 700
#include "web/static.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/log.h"
#include "web/render.h"

enum { STATIC_MAX_FILES = 4096, STATIC_MAX_BYTES = 64u << 20 };

typedef struct sfile {
    char *url; /* "/static/bi/css/bootstrap-italia.min.css" */
    char *data;
    size_t len;
    char etag[20];
    const char *type;
} sfile;

struct statics {
    sfile *files;
    size_t n;
    size_t bytes;
    char version[13];
};

/* Files are gathered by nftw, which takes no user pointer: one load at a time, at start. */
static statics *loading;
static const char *loading_root;
static const char *loading_prefix;

static const char *mime(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return NULL; /* not served */
}

static int add_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F) return 0;
    const char *type = mime(path);
    if (!type || strstr(path, ".map")) return 0;
    statics *s = loading;
    if (s->n == STATIC_MAX_FILES || s->bytes + (size_t)sb->st_size > STATIC_MAX_BYTES) {
        log_error("static files: more than %d files or %u bytes", STATIC_MAX_FILES,
                  STATIC_MAX_BYTES);
        return 1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    sfile *x = &s->files[s->n];
    x->len = (size_t)sb->st_size;
    x->data = malloc(x->len + 1);
    if (!x->data || fread(x->data, 1, x->len, f) != x->len) {
        fclose(f);
        free(x->data);
        return 1;
    }
    fclose(f);
    const char *rel = path + strlen(loading_root);
    size_t n = strlen(loading_prefix) + strlen(rel) + 1;
    x->url = malloc(n);
    snprintf(x->url, n, "%s%s", loading_prefix, rel);
    char h[65];
    sha256_hex(x->data, x->len, h);
    snprintf(x->etag, sizeof x->etag, "\"%.16s\"", h);
    x->type = type;
    s->n++;
    s->bytes += x->len;
    return 0;
}

static int load_tree(statics *s, const char *root, const char *prefix)
{
    loading = s;
    loading_root = root;
    loading_prefix = prefix;
    int rc = nftw(root, add_file, 16, FTW_PHYS);
    loading = NULL;
    return rc;
}

static int by_url(const void *a, const void *b)
{
    return strcmp(((const sfile *)a)->url, ((const sfile *)b)->url);
}

statics *statics_load(const char *root)
{
    statics *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->files = calloc(STATIC_MAX_FILES, sizeof(sfile));
    char app_dir[1024], bi_dir[1024];
    snprintf(app_dir, sizeof app_dir, "%s/static", root);
    snprintf(bi_dir, sizeof bi_dir, "%s/node_modules/bootstrap-italia/dist", root);
    if (!s->files || load_tree(s, app_dir, "/static") != 0) {
        log_error("cannot read %s", app_dir);
        statics_free(s);
        return NULL;
    }
    if (load_tree(s, bi_dir, "/static/bi") != 0)
        log_warn("Bootstrap Italia not found in %s: run npm ci (make demo does)", bi_dir);
    qsort(s->files, s->n, sizeof(sfile), by_url);
    /* The asset version changes whenever any file does. */
    char all[65];
    size_t cap = s->n * 20 + 1, k = 0;
    char *tags = malloc(cap);
    for (size_t i = 0; tags && i < s->n; i++) {
        memcpy(tags + k, s->files[i].etag, 18);
        k += 18;
    }
    sha256_hex(tags ? tags : "", k, all);
    free(tags);
    snprintf(s->version, sizeof s->version, "%.12s", all);
    log_info("static files: %zu files, %zu bytes, version %s", s->n, s->bytes, s->version);
    return s;
}

void statics_free(statics *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->files[i].url);
        free(s->files[i].data);
    }
    free(s->files);
    free(s);
}

const char *statics_version(const statics *s)
{
    return s->version;
}

void statics_serve(statics *s, req *r)
{
    statics_serve_as(s, r, r->path);
}

void statics_serve_as(statics *s, req *r, const char *url)
{
    sfile key = {.url = (char *)(uintptr_t)url};
    sfile *f = s ? bsearch(&key, s->files, s->n, sizeof(sfile), by_url) : NULL;
    if (!f) {
        req_error(r, 404, "error.not_found");
        return;
    }
    req_add_header(r, "ETag", f->etag);
    const char *v = req_field(r, "v");
    /* Bootstrap Italia's font files carry their version in their names (…-v10-…), and the
     * stylesheet that names them cannot carry ?v=: they are kept as long as versioned URLs. */
    bool named = strncmp(url, "/static/bi/fonts/", 17) == 0;
    req_add_header(r, "Cache-Control",
                   named || (v && strcmp(v, s->version) == 0)
                       ? "public, max-age=31536000, immutable"
                       : "no-cache");
    const char *inm = req_header(r, "If-None-Match");
    r->content_type = f->type;
    if (inm && strcmp(inm, f->etag) == 0) {
        r->status = 304;
        r->static_body = "";
        return;
    }
    /* Served from the loaded copy without copying it (libmicrohttpd drops it for HEAD). */
    r->status = 200;
    r->static_body = f->data;
    r->static_len = f->len;
}

/* libFuzzer: any bytes as a template, compiled and rendered with partials that are the
 * input itself (recursion must stop) and data with every kind of value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "view/mustache.h"

static const char *src;
static size_t srclen;
static mst_tmpl cache[8];
static int ncache;

static const mst_tmpl *loader(void *ud, const char *name, const char *indent)
{
    (void)ud;
    (void)name;
    char err[64];
    if (ncache == 8 || mst_compile(src, srclen, indent, &cache[ncache], err, sizeof err))
        return NULL;
    return &cache[ncache++];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static json_t *ctx;
    if (!ctx)
        ctx = json_pack("{s:s,s:i,s:f,s:b,s:n,s:[s,s],s:{s:{s:s}},s:[]}", "a", "<&>", "n", 42, "f",
                        1.5, "t", 1, "z", "list", "x", "y", "o", "p", "q", "deep", "e");
    src = (const char *)data;
    srclen = size;
    mst_tmpl t;
    char err[128];
    if (mst_compile(src, srclen, NULL, &t, err, sizeof err) == 0) {
        buf out;
        buf_init(&out, 1 << 20);
        mst_loader l = {loader, NULL};
        mst_render(&t, ctx, &l, &out);
        buf_free(&out);
        mst_tmpl_free(&t);
    }
    for (int i = 0; i < ncache; i++) mst_tmpl_free(&cache[i]);
    ncache = 0;
    return 0;
}

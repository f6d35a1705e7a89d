#include "base/diff.h"

#include <stdlib.h>
#include <string.h>

typedef struct lines {
    const char **v;
    size_t *len;
    size_t n;
} lines;

static int split(const char *s, lines *out)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == '\n';
    out->v = malloc(cap * sizeof *out->v);
    out->len = malloc(cap * sizeof *out->len);
    out->n = 0;
    if (!out->v || !out->len) return -1;
    const char *p = s;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        out->v[out->n] = p;
        out->len[out->n++] = n;
        p += n + (nl ? 1 : 0);
    }
    return 0;
}

static int same(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->v[i], b->v[j], a->len[i]) == 0;
}

static void add(json_t *out, const char *op, const char *s, size_t n)
{
    json_array_append_new(out, json_pack("{s:s,s:s%}", "op", op, "line", s, n));
}

json_t *diff_lines(const char *old_text, const char *new_text)
{
    lines a = {0}, b = {0};
    json_t *out = json_array();
    if (split(old_text, &a) || split(new_text, &b)) goto done;
    if (a.n > DIFF_MAX_LINES || b.n > DIFF_MAX_LINES) {
        for (size_t i = 0; i < a.n; i++) add(out, "removed", a.v[i], a.len[i]);
        for (size_t j = 0; j < b.n; j++) add(out, "added", b.v[j], b.len[j]);
        goto done;
    }
    /* lcs[i][j]: common lines of a[i..] and b[j..] */
    size_t w = b.n + 1;
    unsigned *lcs = calloc((a.n + 1) * w, sizeof *lcs);
    if (!lcs) goto done;
    for (size_t i = a.n; i-- > 0;)
        for (size_t j = b.n; j-- > 0;)
            lcs[i * w + j] = same(&a, i, &b, j) ? lcs[(i + 1) * w + j + 1] + 1
                             : lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ? lcs[(i + 1) * w + j]
                                                                         : lcs[i * w + j + 1];
    size_t i = 0, j = 0;
    while (i < a.n || j < b.n) {
        if (i < a.n && j < b.n && same(&a, i, &b, j)) {
            add(out, "same", a.v[i], a.len[i]);
            i++, j++;
        } else if (i < a.n && (j == b.n || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
            add(out, "removed", a.v[i], a.len[i]); /* removals first, as diffs show them */
            i++;
        } else {
            add(out, "added", b.v[j], b.len[j]);
            j++;
        }
    }
    free(lcs);
done:
    free(a.v);
    free(a.len);
    free(b.v);
    free(b.len);
    return out;
}

/* Mustache compiler and renderer.
 *
 * Compilation runs in three passes over the source:
 *   1. tokenize into text and tags, honouring {{=<% %>=}} delimiter changes, with text split
 *      at newlines so that every token lies on one line;
 *   2. find standalone lines (only whitespace and non-interpolating tags): their whitespace
 *      and newline vanish, and the indentation is remembered by partials, parents and blocks;
 *   3. build a tree; blocks lose their own indentation ("removed at the site of definition").
 * Rendering walks the tree with a context stack and a stack of parent calls whose blocks
 * override the defaults (the outermost call wins, as the inheritance spec requires). */
#include "view/mustache.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    K_TEXT,
    K_VAR,
    K_RAW,
    K_SECTION,
    K_INVERTED,
    K_CLOSE,
    K_PARTIAL,
    K_PARENT,
    K_BLOCK,
    K_COMMENT,
    K_DELIM,
} kind;

struct mst_node {
    kind k;
    const char *s; /* text, or tag name */
    size_t len;
    const char *indent; /* partial/parent: lines prefix; block: site indentation */
    bool standalone;
    bool bol; /* text: starts at the beginning of a line */
    mst_node *child;
    mst_node *next;
};

typedef struct tok {
    kind k;
    const char *s;
    size_t len;
    int line;
    bool bol;
    bool removed;
    bool standalone;
    size_t ws; /* whitespace before the tag on its line, when only whitespace precedes it */
    const char *ws_at;
} tok;

typedef struct toks {
    tok *v;
    size_t n, cap;
} toks;

enum { MST_MAX_DEPTH = 64, MST_MAX_DELIM = 16 };

static int toks_push(toks *t, tok x)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        tok *v = realloc(t->v, cap * sizeof *v);
        if (!v) return -1;
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = x;
    return 0;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

static const char *find(const char *s, const char *end, const char *pat, size_t plen)
{
    if (plen == 0) return NULL;
    for (const char *p = s; p + plen <= end; p++)
        if (*p == pat[0] && memcmp(p, pat, plen) == 0) return p;
    return NULL;
}

static int push_text(toks *t, const char *s, const char *end, int *line, bool *bol)
{
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *stop = nl ? nl + 1 : end;
        if (toks_push(
                t,
                (tok){.k = K_TEXT, .s = s, .len = (size_t)(stop - s), .line = *line, .bol = *bol}))
            return -1;
        *bol = nl != NULL;
        if (nl) (*line)++;
        s = stop;
    }
    return 0;
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && (is_ws(**s) || **s == '\n' || **s == '\r')) (*s)++;
    while (*e > *s && (is_ws((*e)[-1]) || (*e)[-1] == '\n' || (*e)[-1] == '\r')) (*e)--;
}

static int tokenize(const char *src, size_t len, toks *t, char *err, size_t errlen)
{
    char otag[MST_MAX_DELIM + 1] = "{{", ctag[MST_MAX_DELIM + 1] = "}}";
    size_t olen = 2, clen = 2;
    const char *p = src, *end = src + len;
    int line = 1;
    bool bol = true;
    while (p < end) {
        const char *o = find(p, end, otag, olen);
        if (push_text(t, p, o ? o : end, &line, &bol)) return -1;
        if (!o) break;
        const char *q = o + olen;
        kind k = K_VAR;
        const char *close = ctag;
        size_t closelen = clen;
        char triple_close[MST_MAX_DELIM + 2];
        char delim_close[MST_MAX_DELIM + 2];
        if (q < end) {
            switch (*q) {
            case '!':
                k = K_COMMENT;
                q++;
                break;
            case '#':
                k = K_SECTION;
                q++;
                break;
            case '^':
                k = K_INVERTED;
                q++;
                break;
            case '/':
                k = K_CLOSE;
                q++;
                break;
            case '>':
                k = K_PARTIAL;
                q++;
                break;
            case '<':
                k = K_PARENT;
                q++;
                break;
            case '$':
                k = K_BLOCK;
                q++;
                break;
            case '&':
                k = K_RAW;
                q++;
                break;
            case '{':
                k = K_RAW;
                q++;
                triple_close[0] = '}';
                memcpy(triple_close + 1, ctag, clen + 1);
                close = triple_close;
                closelen = clen + 1;
                break;
            case '=':
                k = K_DELIM;
                q++;
                delim_close[0] = '=';
                memcpy(delim_close + 1, ctag, clen + 1);
                close = delim_close;
                closelen = clen + 1;
                break;
            default:
                break;
            }
        }
        const char *c = find(q, end, close, closelen);
        if (!c) {
            snprintf(err, errlen, "line %d: tag not closed", line);
            return -1;
        }
        const char *ns = q, *ne = c;
        for (const char *x = o; x < c; x++)
            if (*x == '\n') line++;
        if (k == K_DELIM) {
            trim(&ns, &ne);
            const char *sp = ns;
            while (sp < ne && !is_ws(*sp)) sp++;
            const char *s2 = sp;
            while (s2 < ne && is_ws(*s2)) s2++;
            size_t l1 = (size_t)(sp - ns), l2 = (size_t)(ne - s2);
            if (l1 == 0 || l2 == 0 || l1 > MST_MAX_DELIM || l2 > MST_MAX_DELIM ||
                find(s2, ne, " ", 1)) {
                snprintf(err, errlen, "line %d: bad delimiters", line);
                return -1;
            }
            memcpy(otag, ns, l1);
            otag[l1] = '\0';
            olen = l1;
            memcpy(ctag, s2, l2);
            ctag[l2] = '\0';
            clen = l2;
        } else if (k != K_COMMENT) {
            trim(&ns, &ne);
            if (ns == ne) {
                snprintf(err, errlen, "line %d: empty tag", line);
                return -1;
            }
        }
        if (toks_push(t,
                      (tok){.k = k, .s = ns, .len = (size_t)(ne - ns), .line = line, .bol = bol}))
            return -1;
        bol = false;
        p = c + closelen;
    }
    return 0;
}

static bool standalone_kind(kind k)
{
    return k != K_TEXT && k != K_VAR && k != K_RAW;
}

static bool blank(const tok *x)
{
    for (size_t i = 0; i < x->len; i++) {
        char c = x->s[i];
        if (is_ws(c)) continue;
        if (c == '\n' && i == x->len - 1) continue;
        if (c == '\r' && i == x->len - 2 && x->s[i + 1] == '\n') continue;
        return false;
    }
    return true;
}

/* Pass 2: standalone lines, and the indentation before each tag.
 * A line is standalone when it holds only whitespace and non-interpolating tags, of which at
 * most one is not a parent tag: "{{<p}}{{$b}}" and "{{<p}}{{/p}}" stand alone (parent tags
 * only wrap), "{{$b}}{{/b}}" does not. This is the reading the inheritance spec requires. */
static void mark_standalone(toks *t)
{
    kind open[MST_MAX_DEPTH * 4];
    size_t nopen = 0;
    size_t a = 0;
    while (a < t->n) {
        size_t b = a; /* [a, b] is one line */
        while (b < t->n &&
               !(t->v[b].k == K_TEXT && t->v[b].len && t->v[b].s[t->v[b].len - 1] == '\n'))
            b++;
        if (b == t->n) b = t->n - 1;
        /* Whitespace before each tag, while only whitespace has been seen. */
        size_t ws = 0;
        const char *ws_at = NULL;
        bool only_ws = true, ok = true;
        int tags = 0, non_parent = 0;
        for (size_t i = a; i <= b; i++) {
            tok *x = &t->v[i];
            if (x->k == K_TEXT) {
                if (!blank(x)) {
                    ok = false;
                    only_ws = false;
                } else if (only_ws) {
                    if (!ws_at) ws_at = x->s;
                    size_t w = 0;
                    while (w < x->len && is_ws(x->s[w])) w++;
                    ws += w;
                }
            } else {
                if (only_ws) {
                    x->ws = ws;
                    x->ws_at = ws_at;
                }
                bool parent = x->k == K_PARENT;
                if (x->k == K_CLOSE && nopen > 0) parent = open[nopen - 1] == K_PARENT;
                if (x->k == K_CLOSE && nopen > 0) nopen--;
                if (x->k == K_SECTION || x->k == K_INVERTED || x->k == K_PARENT ||
                    x->k == K_BLOCK) {
                    if (nopen < sizeof open / sizeof open[0]) open[nopen++] = x->k;
                }
                if (standalone_kind(x->k)) {
                    tags++;
                    if (!parent) non_parent++;
                } else {
                    ok = false, only_ws = false;
                }
            }
        }
        if (ok && tags > 0 && non_parent <= 1) {
            bool first = true;
            for (size_t i = a; i <= b; i++) {
                tok *x = &t->v[i];
                if (x->k == K_TEXT) {
                    x->removed = true;
                } else {
                    x->standalone = true;
                    if (!first) x->ws = 0;
                    first = false;
                }
            }
        }
        a = b + 1;
    }
}

typedef struct builder {
    toks *t;
    size_t i;
    arena *mem;
    const char *indent;
    size_t indent_len;
    char *err;
    size_t errlen;
    bool line_start; /* the next surviving token begins a line */
} builder;

static mst_node *node_new(builder *b, kind k, const char *s, size_t len)
{
    mst_node *n = arena_alloc(b->mem, sizeof *n);
    if (!n) return NULL;
    n->k = k;
    n->s = arena_strndup(b->mem, s, len);
    n->len = len;
    return n->s ? n : NULL;
}

/* The indentation a standalone partial, parent or block passes on: the template's own
 * prefix followed by the whitespace before the tag. */
static const char *tag_indent(builder *b, const tok *x)
{
    size_t n = b->indent_len + x->ws;
    char *s = arena_alloc(b->mem, n + 1);
    if (!s) return NULL;
    memcpy(s, b->indent, b->indent_len);
    if (x->ws) memcpy(s + b->indent_len, x->ws_at, x->ws);
    return s;
}

static size_t lead_ws(const char *s, size_t n)
{
    size_t w = 0;
    while (w < n && is_ws(s[w])) w++;
    return w;
}

/* Removes a block's own indentation from the start of each of its lines. */
static void dedent(mst_node *n, size_t d)
{
    for (; n; n = n->next) {
        if (n->k == K_TEXT && n->bol) {
            size_t w = lead_ws(n->s, n->len);
            size_t cut = w < d ? w : d;
            n->s += cut;
            n->len -= cut;
        } else if (n->k == K_SECTION || n->k == K_INVERTED) {
            dedent(n->child, d);
        }
    }
}

static int build(builder *b, mst_node **head, const tok *open);

static int build_tag(builder *b, const tok *x, mst_node **out)
{
    mst_node *n = node_new(b, x->k, x->s, x->len);
    if (!n) return -1;
    n->standalone = x->standalone;
    if (x->k == K_PARTIAL || x->k == K_PARENT) {
        n->indent = x->standalone ? tag_indent(b, x) : "";
        if (!n->indent) return -1;
    }
    if (x->k == K_SECTION || x->k == K_INVERTED || x->k == K_PARENT || x->k == K_BLOCK) {
        if (build(b, &n->child, x)) return -1;
        if (x->k == K_PARENT) {
            /* Only the blocks inside a parent tag count: they are its arguments. */
            mst_node **pp = &n->child;
            while (*pp)
                if ((*pp)->k != K_BLOCK)
                    *pp = (*pp)->next;
                else
                    pp = &(*pp)->next;
        }
        if (x->k == K_BLOCK) {
            size_t d = 0;
            if (x->standalone && n->child && n->child->k == K_TEXT && n->child->bol)
                d = lead_ws(n->child->s, n->child->len);
            const char *site = tag_indent(b, x);
            if (!site) return -1;
            if (!*site && x->standalone && d) site = arena_strndup(b->mem, n->child->s, d);
            n->indent = site;
            if (d) dedent(n->child, d);
        }
    }
    *out = n;
    return 0;
}

static int build(builder *b, mst_node **head, const tok *open)
{
    mst_node **tail = head;
    while (b->i < b->t->n) {
        tok *x = &b->t->v[b->i++];
        if (x->bol) b->line_start = true;
        if (x->removed) continue;
        mst_node *n = NULL;
        if (x->k == K_CLOSE) {
            /* The line goes on after the section ends: its indentation belongs there. */
            if (!open || open->len != x->len || memcmp(open->s, x->s, x->len) != 0) {
                snprintf(b->err, b->errlen, "line %d: unexpected {{/%.*s}}", x->line, (int)x->len,
                         x->s);
                return -1;
            }
            return 0;
        }
        if (b->line_start && b->indent_len) {
            mst_node *ind = node_new(b, K_TEXT, b->indent, b->indent_len);
            if (!ind) return -1;
            ind->bol = true;
            *tail = ind;
            tail = &ind->next;
        }
        bool was_start = b->line_start;
        b->line_start = false;
        switch (x->k) {
        case K_TEXT:
            n = node_new(b, K_TEXT, x->s, x->len);
            if (!n) return -1;
            n->bol = was_start && !b->indent_len;
            break;
        case K_COMMENT:
        case K_DELIM:
            continue;
        default:
            if (build_tag(b, x, &n)) return -1;
            break;
        }
        *tail = n;
        tail = &n->next;
    }
    if (open) {
        snprintf(b->err, b->errlen, "line %d: {{%c%.*s}} is never closed", open->line,
                 open->k == K_INVERTED ? '^'
                 : open->k == K_PARENT ? '<'
                 : open->k == K_BLOCK  ? '$'
                                       : '#',
                 (int)open->len, open->s);
        return -1;
    }
    return 0;
}

int mst_compile(const char *src, size_t len, const char *indent, mst_tmpl *out, char *err,
                size_t errlen)
{
    toks t = {0};
    int rc = -1;
    arena_init(&out->mem, 0);
    out->root = NULL;
    if (tokenize(src, len, &t, err, errlen)) goto out;
    mark_standalone(&t);
    builder b = {.t = &t,
                 .mem = &out->mem,
                 .indent = indent ? indent : "",
                 .indent_len = indent ? strlen(indent) : 0,
                 .err = err,
                 .errlen = errlen,
                 .line_start = true};
    if (build(&b, &out->root, NULL)) goto out;
    rc = 0;
out:
    free(t.v);
    if (rc) arena_free(&out->mem);
    return rc;
}

void mst_tmpl_free(mst_tmpl *t)
{
    arena_free(&t->mem);
    t->root = NULL;
}

/* ---- rendering ---- */

/* A context: a jansson value, or item `row` of a list. */
typedef struct frame {
    mst_value v;
    int row;
} frame;

typedef struct render {
    const mst_loader *loader;
    const mst_members *members;
    frame ctx[256];
    int nctx;
    const mst_node *calls[MST_MAX_DEPTH]; /* parent tags being expanded, outermost first */
    int ncalls;
    int depth;
} render;

mst_value mst_json(json_t *v)
{
    return v ? (mst_value){.k = MV_JSON, .j = v} : (mst_value){.k = MV_NONE};
}

static mst_value member(render *r, json_t *obj, const char *key, size_t n)
{
    return r->members ? r->members->get(r->members->ud, obj, key, n)
                      : mst_json(json_object_getn(obj, key, n));
}

/* The name in frame f: a member of an object, or of a list's item. */
static mst_value in_frame(render *r, const frame *f, const char *name, size_t n)
{
    if (f->v.k == MV_LIST) return f->v.list->get(f->v.list->ud, f->row, name, n);
    if (f->v.k == MV_JSON && json_is_object(f->v.j)) return member(r, f->v.j, name, n);
    return (mst_value){.k = MV_NONE};
}

static mst_value lookup(render *r, const char *name)
{
    if (strcmp(name, ".") == 0) return r->nctx ? r->ctx[r->nctx - 1].v : (mst_value){.k = MV_NONE};
    const char *dot = strchr(name, '.');
    size_t first = dot ? (size_t)(dot - name) : strlen(name);
    mst_value v = {.k = MV_NONE};
    for (int i = r->nctx - 1; i >= 0 && v.k == MV_NONE; i--)
        v = in_frame(r, &r->ctx[i], name, first);
    while (v.k != MV_NONE && dot) {
        const char *seg = dot + 1;
        dot = strchr(seg, '.');
        size_t n = dot ? (size_t)(dot - seg) : strlen(seg);
        if (v.k == MV_JSON && json_is_array(v.j) && n > 0 && seg[0] >= '0' && seg[0] <= '9')
            v = mst_json(json_array_get(v.j, strtoul(seg, NULL, 10))); /* "errors.0" */
        else if (v.k == MV_JSON && json_is_object(v.j))
            v = member(r, v.j, seg, n);
        else
            v = (mst_value){.k = MV_NONE};
    }
    return v;
}

static bool truthy(mst_value v)
{
    switch (v.k) {
    case MV_JSON:
        if (json_is_null(v.j) || json_is_false(v.j)) return false;
        if (json_is_array(v.j)) return json_array_size(v.j) > 0;
        if (json_is_string(v.j)) return json_string_length(v.j) > 0;
        return true;
    case MV_TEXT:
        return *v.s;
    case MV_INT:
        return true; /* as a JSON number: zero too */
    case MV_BOOL:
        return v.i != 0;
    case MV_LIST:
        return v.list->count(v.list->ud) > 0;
    default:
        return false;
    }
}

/* Digits of i, written from the end of tmp (snprintf was a twentieth of a list's time). */
static const char *int_text(long long i, char *tmp, size_t size, size_t *n)
{
    char *p = tmp + size;
    unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (i < 0) *--p = '-';
    *n = (size_t)(tmp + size - p);
    return p;
}

static int put_value(buf *out, mst_value v, bool escape)
{
    char tmp[64];
    const char *s = NULL;
    size_t n = 0;
    if (v.k == MV_TEXT) {
        s = v.s, n = strlen(v.s);
    } else if (v.k == MV_INT) {
        s = int_text(v.i, tmp, sizeof tmp, &n);
    } else if (v.k == MV_BOOL) {
        s = v.i ? "true" : "false", n = strlen(s);
    } else if (v.k == MV_JSON) {
        switch (json_typeof(v.j)) {
        case JSON_STRING:
            s = json_string_value(v.j);
            n = json_string_length(v.j);
            break;
        case JSON_INTEGER:
            s = int_text(json_integer_value(v.j), tmp, sizeof tmp, &n);
            break;
        case JSON_REAL: {
            double d = json_real_value(v.j);
            n = (size_t)snprintf(tmp, sizeof tmp, "%.15g", d);
            if (strtod(tmp, NULL) != d) n = (size_t)snprintf(tmp, sizeof tmp, "%.17g", d);
            s = tmp;
            break;
        }
        case JSON_TRUE:
            s = "true", n = 4;
            break;
        case JSON_FALSE:
            s = "false", n = 5;
            break;
        default:
            return 0;
        }
    } else {
        return 0;
    }
    return escape ? buf_append_html(out, s, n) : buf_append(out, s, n);
}

static int render_list(render *r, const mst_node *n, buf *out);

static int push_ctx(render *r, mst_value v, int row)
{
    if (r->nctx == (int)(sizeof r->ctx / sizeof r->ctx[0])) return -1;
    r->ctx[r->nctx++] = (frame){v, row};
    return 0;
}

/* The section's body once per item with the item as context. */
static int each(render *r, mst_value v, int count, const mst_node *body, buf *out)
{
    for (int i = 0; i < count; i++) {
        mst_value item = v.k == MV_LIST ? v : mst_json(json_array_get(v.j, (size_t)i));
        if (push_ctx(r, item, i)) return -1;
        int rc = render_list(r, body, out);
        r->nctx--;
        if (rc) return rc;
    }
    return 0;
}

static const mst_node *find_override(render *r, const mst_node *block)
{
    for (int i = 0; i < r->ncalls; i++)
        for (const mst_node *b = r->calls[i]->child; b; b = b->next)
            if (b->len == block->len && memcmp(b->s, block->s, b->len) == 0) return b;
    return NULL;
}

/* Adds indent at the start of every line of s (the first too, when first is set). */
static int put_indented(buf *out, const char *s, size_t n, const char *indent, bool first)
{
    size_t il = strlen(indent);
    if (!il) return buf_append(out, s, n);
    /* Line by line: the indent, then the line up to and with its newline. */
    for (size_t i = 0; i < n;) {
        if ((i > 0 || first) && buf_append(out, indent, il)) return -1;
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) + 1 : n;
        if (buf_append(out, s + i, end - i)) return -1;
        i = end;
    }
    return 0;
}

static int render_block(render *r, const mst_node *n, buf *out)
{
    const mst_node *src = find_override(r, n);
    const mst_node *body = src ? src->child : n->child;
    if (!*n->indent) return render_list(r, body, out);
    buf tmp;
    buf_init(&tmp, out->max);
    int rc = render_list(r, body, &tmp);
    if (!rc) rc = put_indented(out, tmp.data ? tmp.data : "", tmp.len, n->indent, n->standalone);
    buf_free(&tmp);
    return rc;
}

static int render_node(render *r, const mst_node *n, buf *out)
{
    switch (n->k) {
    case K_TEXT:
        return buf_append(out, n->s, n->len);
    case K_VAR:
    case K_RAW:
        return put_value(out, lookup(r, n->s), n->k == K_VAR);
    case K_SECTION: {
        mst_value v = lookup(r, n->s);
        if (!truthy(v)) return 0;
        if (v.k == MV_LIST) return each(r, v, v.list->count(v.list->ud), n->child, out);
        if (v.k == MV_JSON && json_is_array(v.j))
            return each(r, v, (int)json_array_size(v.j), n->child, out);
        if (push_ctx(r, v, 0)) return -1;
        int rc = render_list(r, n->child, out);
        r->nctx--;
        return rc;
    }
    case K_INVERTED:
        return truthy(lookup(r, n->s)) ? 0 : render_list(r, n->child, out);
    case K_PARTIAL:
    case K_PARENT: {
        if (!r->loader || r->depth >= MST_MAX_DEPTH) return r->loader ? -1 : 0;
        const mst_tmpl *t = r->loader->get(r->loader->ud, n->s, n->indent);
        if (!t) return 0;
        if (n->k == K_PARENT) r->calls[r->ncalls++] = n;
        r->depth++;
        int rc = render_list(r, t->root, out);
        r->depth--;
        if (n->k == K_PARENT) r->ncalls--;
        return rc;
    }
    case K_BLOCK: {
        if (r->depth >= MST_MAX_DEPTH) return -1;
        r->depth++;
        int rc = render_block(r, n, out);
        r->depth--;
        return rc;
    }
    default:
        return 0;
    }
}

static int render_list(render *r, const mst_node *n, buf *out)
{
    for (; n; n = n->next)
        if (render_node(r, n, out)) return -1;
    return 0;
}

int mst_render(const mst_tmpl *t, json_t *data, const mst_loader *loader, buf *out)
{
    return mst_render_members(t, data, loader, NULL, out);
}

int mst_render_members(const mst_tmpl *t, json_t *data, const mst_loader *loader,
                       const mst_members *members, buf *out)
{
    render r = {.loader = loader, .members = members};
    r.ctx[r.nctx++] = (frame){mst_json(data), 0};
    if (render_list(&r, t->root, out)) return -1;
    return out->overflow ? -1 : 0;
}

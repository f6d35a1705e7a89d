#include "web/form.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"

static int hexv(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *form_url_decode(arena *a, const char *s, size_t n, size_t *outlen)
{
    char *out = arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n) return NULL;
            int h = hexv(s[i + 1]), l = hexv(s[i + 2]);
            if (h < 0 || l < 0) return NULL;
            out[k++] = (char)(h << 4 | l);
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = '\0';
    if (outlen) *outlen = k;
    return out;
}

static form_rc push_field(arena *a, kv **fields, int *n, const char *key, const char *val,
                          size_t vlen)
{
    if (*n >= FORM_MAX_FIELDS) return FORM_TOO_MANY;
    if (*n % 16 == 0) { /* grow in steps of 16 */
        kv *bigger = arena_alloc(a, sizeof(kv) * (size_t)(*n + 16));
        if (!bigger) return FORM_NOMEM;
        if (*n) memcpy(bigger, *fields, sizeof(kv) * (size_t)*n);
        *fields = bigger;
    }
    (*fields)[(*n)++] = (kv){key, val, vlen};
    return FORM_OK;
}

form_rc form_parse_urlencoded(arena *a, const char *data, size_t len, kv **fields, int *nfields)
{
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && data[end] != '&') end++;
        size_t eq = i;
        while (eq < end && data[eq] != '=') eq++;
        if (end > i) {
            size_t klen, vlen = 0;
            char *key = form_url_decode(a, data + i, eq - i, &klen);
            char *val = eq < end ? form_url_decode(a, data + eq + 1, end - eq - 1, &vlen)
                                 : arena_strdup(a, "");
            if (!key || !val) return FORM_MALFORMED;
            if (!utf8_valid(key, klen) || !utf8_valid(val, vlen)) return FORM_NOT_UTF8;
            form_rc rc = push_field(a, fields, nfields, key, val, vlen);
            if (rc) return rc;
        }
        i = end + 1;
    }
    return FORM_OK;
}

static const char *memmem_s(const char *h, size_t hl, const char *n, size_t nl)
{
    return memmem(h, hl, n, nl);
}

/* Value of a header parameter such as name="x" in `s`, into the arena. */
static char *header_param(arena *a, const char *s, size_t n, const char *param)
{
    size_t pl = strlen(param);
    for (size_t i = 0; i + pl + 1 <= n; i++) {
        bool boundary = i == 0 || s[i - 1] == ';' || s[i - 1] == ' ' || s[i - 1] == '\t';
        if (!boundary || strncasecmp(s + i, param, pl) != 0 || s[i + pl] != '=') continue;
        const char *v = s + i + pl + 1, *end = s + n;
        if (v < end && *v == '"') {
            v++;
            const char *q = memchr(v, '"', (size_t)(end - v));
            if (!q) return NULL;
            return arena_strndup(a, v, (size_t)(q - v));
        }
        const char *e = v;
        while (e < end && *e != ';' && *e != ' ' && *e != '\r') e++;
        return arena_strndup(a, v, (size_t)(e - v));
    }
    return NULL;
}

form_rc form_parse_multipart(arena *a, const char *content_type, const char *data, size_t len,
                             kv **fields, int *nfields, upload **uploads, int *nuploads)
{
    char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > 200) return FORM_MALFORMED;
    char *delim = arena_printf(a, "--%s", boundary);
    char *sep = arena_printf(a, "\r\n--%s", boundary);
    if (!delim || !sep) return FORM_NOMEM;
    size_t dl = strlen(delim), sl = strlen(sep);
    if (len < dl || memcmp(data, delim, dl) != 0) return FORM_MALFORMED;
    const char *p = data + dl, *end = data + len;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return FORM_OK; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return FORM_MALFORMED;
        p += 2;
        const char *hend = memmem_s(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend) return FORM_MALFORMED;
        char *name = NULL, *filename = NULL, *ctype = NULL;
        for (const char *line = p; line < hend;) {
            const char *le = memmem_s(line, (size_t)(hend - line), "\r\n", 2);
            if (!le) le = hend;
            size_t ll = (size_t)(le - line);
            if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                name = header_param(a, line + 20, ll - 20, "name");
                filename = header_param(a, line + 20, ll - 20, "filename");
            } else if (ll > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
                const char *v = line + 13;
                while (v < le && *v == ' ') v++;
                ctype = arena_strndup(a, v, (size_t)(le - v));
            }
            line = le + 2;
        }
        if (!name) return FORM_MALFORMED;
        const char *body = hend + 4;
        const char *next = memmem_s(body, (size_t)(end - body), sep, sl);
        if (!next) return FORM_MALFORMED;
        size_t blen = (size_t)(next - body);
        if (!utf8_valid(name, strlen(name))) return FORM_NOT_UTF8;
        if (filename) {
            if (!utf8_valid(filename, strlen(filename))) return FORM_NOT_UTF8;
            if (*filename || blen) { /* an empty file input sends an empty unnamed part */
                if (*nuploads >= FORM_MAX_UPLOADS) return FORM_TOO_MANY;
                if (*nuploads == 0) {
                    *uploads = arena_alloc(a, sizeof(upload) * FORM_MAX_UPLOADS);
                    if (!*uploads) return FORM_NOMEM;
                }
                (*uploads)[(*nuploads)++] = (upload){
                    name, filename, ctype ? ctype : "application/octet-stream", body, blen};
            }
        } else {
            if (!utf8_valid(body, blen)) return FORM_NOT_UTF8;
            char *val = arena_strndup(a, body, blen);
            if (!val) return FORM_NOMEM;
            form_rc rc = push_field(a, fields, nfields, name, val, blen);
            if (rc) return rc;
        }
        p = next + sl;
    }
}

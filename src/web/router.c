#include "web/router.h"

#include <string.h>

/* Matches one pattern; on success records the parameters in r. */
static bool match(const char *pat, const char *path, req *r)
{
    int np = 0;
    const char *names[REQ_MAX_PARAMS], *values[REQ_MAX_PARAMS];
    while (*pat && *path) {
        if (*pat == '{') {
            const char *close = strchr(pat, '}');
            if (!close || np == REQ_MAX_PARAMS) return false;
            const char *seg_end = strchr(path, '/');
            if (!seg_end) seg_end = path + strlen(path);
            if (seg_end == path) return false;
            names[np] = arena_strndup(&r->mem, pat + 1, (size_t)(close - pat - 1));
            values[np] = arena_strndup(&r->mem, path, (size_t)(seg_end - path));
            np++;
            pat = close + 1;
            path = seg_end;
        } else if (*pat == *path) {
            pat++;
            path++;
        } else {
            return false;
        }
    }
    if (*pat || *path) return false;
    for (int i = 0; i < np; i++) {
        r->param_names[i] = names[i];
        r->param_values[i] = values[i];
    }
    r->nparams = np;
    return true;
}

route_match router_match(const route *table, size_t n, const char *method, const char *path, req *r,
                         const route **out)
{
    bool path_known = false;
    const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < n; i++) {
        if (!match(table[i].pattern, path, r)) continue;
        path_known = true;
        if (strcmp(table[i].method, m) == 0) {
            *out = &table[i];
            return ROUTE_FOUND;
        }
    }
    r->nparams = 0;
    return path_known ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
}

bool router_allows(unsigned perm, bool signed_in, unsigned roles)
{
    if (perm == PERM_PUBLIC) return true;
    if (!signed_in) return false;
    if (perm == PERM_USER) return true;
    return (perm & roles) != 0;
}

#include "view/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/timefmt.h"

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k && memcmp(s + n - k, suf, k) == 0;
}

/* The siblings to add, kept aside while the object is walked (adding keys during the walk is
 * not allowed); a view row has a handful, so they live on the stack, and an object with more
 * (or with very long names) spills into a jansson object. */
enum { PENDING_MAX = 32, PENDING_NAME = 112 };
typedef struct {
    struct {
        char name[PENDING_NAME];
        json_t *value;
    } items[PENDING_MAX];
    int n;
    json_t *more;
} pending;

/* Adds key (its first len bytes) + suffix = value to what is pending. */
static void emit(pending *p, const char *key, size_t len, const char *suffix, json_t *value)
{
    size_t sl = strlen(suffix);
    if (p->n < PENDING_MAX && len + sl < PENDING_NAME) {
        memcpy(p->items[p->n].name, key, len);
        memcpy(p->items[p->n].name + len, suffix, sl + 1);
        p->items[p->n++].value = value;
        return;
    }
    if (!p->more) p->more = json_object();
    char *name = malloc(len + sl + 1);
    if (name) {
        memcpy(name, key, len);
        memcpy(name + len, suffix, sl + 1);
        json_object_set_new_nocheck(p->more, name, value);
        free(name);
    } else {
        json_decref(value);
    }
}

static json_t *eur(json_t *cents, const char *lang)
{
    char s[64];
    money_format(json_integer_value(cents), lang, s, sizeof s);
    return json_string_nocheck(s);
}

static json_t *local(json_t *us, const char *lang)
{
    char s[64];
    time_format_local(json_integer_value(us), lang, s, sizeof s);
    return json_string_nocheck(s);
}

static json_t *iso(json_t *us)
{
    char s[64];
    time_format_iso(json_integer_value(us), s, sizeof s);
    return json_string_nocheck(s);
}

static void decorate_object(json_t *o, const char *lang)
{
    pending p;
    p.n = 0;
    p.more = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        if (json_is_object(v) || json_is_array(v)) {
            format_decorate(v, lang);
            continue;
        }
        if (!json_is_integer(v)) continue;
        size_t len = strlen(key);
        if (ends_with(key, len, "_cents")) {
            emit(&p, key, len - 6, "_eur", eur(v, lang));
        } else if (ends_with(key, len, "_at")) {
            emit(&p, key, len, "_local", local(v, lang));
            emit(&p, key, len, "_iso", iso(v));
        } else if (ends_with(key, len, "_bp")) {
            emit(&p, key, len - 3, "_pct", format_percent_bp(json_integer_value(v), lang));
        } else if (strncmp(key, "is_", 3) == 0 || strncmp(key, "has_", 4) == 0) {
            emit(&p, key, len, "", json_boolean(json_integer_value(v)));
        }
    }
    for (int i = 0; i < p.n; i++) json_object_set_new_nocheck(o, p.items[i].name, p.items[i].value);
    if (p.more) {
        json_object_update(o, p.more);
        json_decref(p.more);
    }
}

void format_decorate(json_t *v, const char *lang)
{
    if (json_is_object(v)) {
        decorate_object(v, lang);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            format_decorate(x, lang);
        }
    }
}

json_t *format_percent_bp(int64_t bp, const char *lang)
{
    char s[32];
    char dec = lang && strcmp(lang, "en") == 0 ? '.' : ',';
    if (bp % 100 == 0)
        snprintf(s, sizeof s, "%lld%%", (long long)(bp / 100));
    else
        snprintf(s, sizeof s, "%lld%c%02lld%%", (long long)(bp / 100), dec, (long long)(bp % 100));
    return json_string(s);
}

bool format_derive(const char *key, size_t n, const char *lang, format_int_fn int_of, void *ud,
                   char *out, size_t outlen)
{
    int64_t v;
    json_t *pct = NULL;
    if (ends_with(key, n, "_eur") && int_of(ud, key, n - 4, "_cents", &v))
        money_format(v, lang, out, outlen);
    else if (ends_with(key, n, "_at_local") && int_of(ud, key, n - 6, "", &v))
        time_format_local(v, lang, out, outlen);
    else if (ends_with(key, n, "_at_iso") && int_of(ud, key, n - 4, "", &v))
        time_format_iso(v, out, outlen);
    else if (ends_with(key, n, "_pct") && int_of(ud, key, n - 4, "_bp", &v) &&
             (pct = format_percent_bp(v, lang)))
        snprintf(out, outlen, "%s", json_string_value(pct));
    else
        return false;
    json_decref(pct);
    return true;
}

bool format_is_flag(const char *key, size_t n)
{
    return (n > 3 && memcmp(key, "is_", 3) == 0) || (n > 4 && memcmp(key, "has_", 4) == 0);
}

/* The integer member base (its first n bytes) + suffix of the object ud. */
static bool json_int_of(void *ud, const char *base, size_t n, const char *suffix, int64_t *out)
{
    char name[PENDING_NAME];
    size_t sl = strlen(suffix);
    if (n + sl >= sizeof name) return false;
    memcpy(name, base, n);
    memcpy(name + n, suffix, sl + 1);
    json_t *v = json_object_getn(ud, name, n + sl);
    if (!json_is_integer(v)) return false;
    *out = json_integer_value(v);
    return true;
}

mst_value format_member(void *scope, json_t *o, const char *key, size_t n)
{
    format_scope *fs = scope;
    json_t *v = json_object_getn(o, key, n);
    if (v) {
        if (json_is_integer(v) && format_is_flag(key, n))
            return (mst_value){.k = MV_BOOL, .i = json_integer_value(v) != 0};
        return mst_json(v);
    }
    char text[128];
    if (!format_derive(key, n, fs->lang, json_int_of, o, text, sizeof text))
        return (mst_value){.k = MV_NONE};
    /* Kept until the render ends: the template holds it borrowed. */
    json_t *made = json_string(text);
    if (!fs->made) fs->made = json_array();
    json_array_append_new(fs->made, made);
    return mst_json(made);
}

void format_scope_end(format_scope *fs)
{
    json_decref(fs->made);
    fs->made = NULL;
}

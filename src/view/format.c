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
            char s[64];
            money_format(json_integer_value(v), lang, s, sizeof s);
            emit(&p, key, len - 6, "_eur", json_string_nocheck(s));
        } else if (ends_with(key, len, "_at")) {
            char loc[64], iso[64];
            time_format_local(json_integer_value(v), lang, loc, sizeof loc);
            time_format_iso(json_integer_value(v), iso, sizeof iso);
            emit(&p, key, len, "_local", json_string_nocheck(loc));
            emit(&p, key, len, "_iso", json_string_nocheck(iso));
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

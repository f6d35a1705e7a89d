#include "view/format.h"

#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/timefmt.h"

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n > k && memcmp(s + n - k, suf, k) == 0;
}

static void decorate_object(json_t *o, const char *lang)
{
    /* Collect first: adding keys while iterating is not allowed. */
    json_t *add = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        size_t n = strlen(key);
        if (json_is_object(v) || json_is_array(v)) {
            format_decorate(v, lang);
        } else if (json_is_integer(v) && ends_with(key, n, "_cents")) {
            char s[64], name[128];
            money_format(json_integer_value(v), lang, s, sizeof s);
            snprintf(name, sizeof name, "%.*s_eur", (int)(n - 6), key);
            json_object_set_new(add, name, json_string(s));
        } else if (json_is_integer(v) && ends_with(key, n, "_at")) {
            char loc[64], iso[64], name[128];
            time_format_local(json_integer_value(v), lang, loc, sizeof loc);
            time_format_iso(json_integer_value(v), iso, sizeof iso);
            snprintf(name, sizeof name, "%s_local", key);
            json_object_set_new(add, name, json_string(loc));
            snprintf(name, sizeof name, "%s_iso", key);
            json_object_set_new(add, name, json_string(iso));
        } else if (json_is_integer(v) &&
                   (strncmp(key, "is_", 3) == 0 || strncmp(key, "has_", 4) == 0)) {
            json_object_set_new(add, key, json_boolean(json_integer_value(v)));
        }
    }
    json_object_update(o, add);
    json_decref(add);
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

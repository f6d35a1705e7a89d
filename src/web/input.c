#include "web/input.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/geo.h"
#include "base/money.h"
#include "base/timefmt.h"
#include "base/utf8.h"

static const char *raw(req *r, const char *field, bool required)
{
    const char *v = req_field(r, field);
    if (v) {
        while (isspace((unsigned char)*v)) v++;
        size_t n = strlen(v);
        while (n && isspace((unsigned char)v[n - 1])) n--;
        v = arena_strndup(&r->mem, v, n);
    }
    if (!v || !*v) {
        if (required) req_field_error(r, field, "input.required");
        return NULL;
    }
    return v;
}

const char *in_text(req *r, const char *field, size_t max, bool required)
{
    const char *v = raw(r, field, required);
    if (!v) return "";
    if (strlen(v) > max) {
        req_field_error(r, field, "input.too_long");
        return "";
    }
    if (utf8_has(v, strlen(v), UTF8_BIDI)) {
        req_field_error(r, field, "input.hidden_chars");
        return "";
    }
    return v;
}

int in_codes(req *r, const char *field, int max, const char ***out)
{
    const char **codes = arena_alloc(&r->mem, sizeof *codes * (size_t)(max > 0 ? max : 1));
    char *copy = arena_strdup(&r->mem, in_text(r, field, 20000, IN_OPTIONAL));
    int n = 0;
    char *save = NULL;
    *out = codes;
    if (!codes || !copy) return -1;
    for (char *t = strtok_r(copy, ", \t\r\n;", &save); t; t = strtok_r(NULL, ", \t\r\n;", &save)) {
        if (n == max) return -1;
        codes[n++] = t;
    }
    return n;
}

bool in_flag(req *r, const char *field)
{
    const char *v = req_field(r, field);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0);
}

int64_t in_int(req *r, const char *field, int64_t min, int64_t max, bool required)
{
    const char *v = raw(r, field, required);
    if (!v) return 0;
    char *end;
    long long x = strtoll(v, &end, 10);
    if (*end) {
        req_field_error(r, field, "input.not_number");
        return 0;
    }
    if (x < min || x > max) {
        req_field_error(r, field, "input.out_of_range");
        return 0;
    }
    return x;
}

int64_t in_money(req *r, const char *field, bool required)
{
    const char *v = raw(r, field, required);
    int64_t c = 0;
    if (!v) return 0;
    if (money_parse(v, &c) || c < 0) {
        req_field_error(r, field, "input.not_money");
        return 0;
    }
    return c;
}

int64_t in_percent_bp(req *r, const char *field, bool required)
{
    const char *v = raw(r, field, required);
    int64_t c = 0;
    if (!v) return 0;
    /* A percentage has the shape of an amount: two decimals at most. */
    const char *pct = strchr(v, '%');
    char tmp[32];
    if (pct && (size_t)(pct - v) < sizeof tmp) {
        snprintf(tmp, sizeof tmp, "%.*s", (int)(pct - v), v);
        v = tmp;
    }
    if (money_parse(v, &c) || c < 0 || c > 10000) {
        req_field_error(r, field, "input.not_percent");
        return 0;
    }
    return c;
}

int64_t in_instant(req *r, const char *field, bool required)
{
    const char *v = raw(r, field, required);
    int64_t us = 0;
    if (!v) return 0;
    if (time_parse_local(v, &us)) {
        req_field_error(r, field, "input.not_datetime");
        return 0;
    }
    return us;
}

const char *in_date(req *r, const char *field, bool required)
{
    const char *v = raw(r, field, required);
    if (!v) return NULL;
    if (date_parse(v, NULL, NULL, NULL)) {
        req_field_error(r, field, "input.not_date");
        return NULL;
    }
    return v;
}

int64_t in_coord(req *r, const char *field, bool latitude, bool required)
{
    const char *v = raw(r, field, required);
    int64_t e6 = 0;
    if (!v) return 0;
    if (coord_parse(v, latitude, &e6)) {
        req_field_error(r, field, latitude ? "input.not_latitude" : "input.not_longitude");
        return 0;
    }
    return e6;
}

const char *in_choice(req *r, const char *field, const char *const *choices, bool required)
{
    const char *v = raw(r, field, required);
    if (!v) return NULL;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(*c, v) == 0) return *c;
    req_field_error(r, field, "input.bad_choice");
    return NULL;
}

const char *in_checked(req *r, const char *field, check_result (*fn)(const char *, char *),
                       bool required)
{
    const char *v = raw(r, field, required);
    if (!v) return NULL;
    char out[CHECK_MAX_IN];
    check_result rc = fn(v, out);
    if (rc != CHECK_OK) {
        char key[48];
        snprintf(key, sizeof key, "check.%s", check_code(rc));
        req_field_error(r, field, arena_strdup(&r->mem, key));
        return NULL;
    }
    return arena_strdup(&r->mem, out);
}

int in_list(req *r, const char *field, const char ***out)
{
    int n = 0;
    json_t *arr = json_is_object(r->json) ? json_object_get(r->json, field) : NULL;
    size_t cap = json_is_array(arr) ? json_array_size(arr) : (size_t)r->nfields;
    const char **v = arena_alloc(&r->mem, sizeof(char *) * (cap + 1));
    if (!v) return 0;
    if (json_is_array(arr)) {
        size_t i;
        json_t *x;
        json_array_foreach(arr, i, x)
        {
            if (json_is_string(x))
                v[n++] = json_string_value(x);
            else if (json_is_integer(x))
                v[n++] = arena_printf(&r->mem, "%lld", (long long)json_integer_value(x));
        }
    } else {
        for (int i = 0; i < r->nfields; i++)
            if (strcmp(r->fields[i].key, field) == 0) v[n++] = r->fields[i].value;
    }
    *out = v;
    return n;
}

/* Rows for the form: what was sent (or stored), then blank rows up to `min`. */
json_t *in_rows(req *r, const char *const *fields, int nfields, int min, json_t *stored)
{
    json_t *out = json_array();
    if (stored) {
        size_t i;
        json_t *x;
        json_array_foreach(stored, i, x)
        {
            json_array_append(out, x);
        }
    } else {
        const char **cols[8];
        int n = 0;
        for (int f = 0; f < nfields; f++) {
            int k = in_list(r, fields[f], &cols[f]);
            if (k > n) n = k;
        }
        for (int i = 0; i < n; i++) {
            json_t *row = json_object();
            for (int f = 0; f < nfields; f++) {
                int k = in_list(r, fields[f], &cols[f]);
                json_object_set_new(row, fields[f], json_string(i < k ? cols[f][i] : ""));
            }
            json_array_append_new(out, row);
        }
    }
    while ((int)json_array_size(out) < min) json_array_append_new(out, json_object());
    size_t i;
    json_t *x;
    json_array_foreach(out, i, x)
    {
        json_object_set_new(x, "n", json_integer((json_int_t)i + 1));
    }
    return out;
}

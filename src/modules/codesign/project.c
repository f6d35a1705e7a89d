#include "modules/codesign/project.h"

#include <string.h>

#include "base/money.h"
#include "base/timefmt.h"
#include "base/utf8.h"

typedef struct checker {
    call_problem *out;
    int max, n;
} checker;

static void problem(checker *k, const char *field, const char *key)
{
    /* One problem per field is enough to show it; the count still says there were more. */
    for (int i = 0; i < k->n && i < k->max; i++)
        if (strcmp(k->out[i].field, field) == 0) return;
    if (k->n < k->max) k->out[k->n] = (call_problem){field, key};
    k->n++;
}

/* A text member: absent reads as "" unless required; anything but a string is a problem. */
static json_t *text(checker *k, const json_t *o, const char *name, size_t max, bool required,
                    const char *field)
{
    const json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v)) {
        if (required) problem(k, field, "input.required");
        return json_string("");
    }
    if (!json_is_string(v)) {
        problem(k, field, "input.wrong_type");
        return json_string("");
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (required && len == 0) problem(k, field, "input.required");
    if (len > max) problem(k, field, "input.too_long");
    if (strlen(s) != len || !utf8_valid(s, len)) problem(k, field, "input.wrong_type");
    return json_string(s);
}

/* An integer member in [min, max]; absent is 0 unless required. Reals, strings, booleans are
 * problems: "12" is not a count here, and 1.5 participants is not a count at all. */
static json_int_t integer(checker *k, const json_t *o, const char *name, json_int_t min,
                          json_int_t max, bool required, const char *field)
{
    const json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v)) {
        if (required) problem(k, field, "input.required");
        return 0;
    }
    if (!json_is_integer(v)) {
        problem(k, field, "input.wrong_type");
        return 0;
    }
    json_int_t x = json_integer_value(v);
    if (x < min || x > max) {
        problem(k, field, "input.out_of_range");
        return 0;
    }
    return x;
}

static json_int_t amount(checker *k, const json_t *o, const char *name, bool required,
                         const char *field)
{
    const json_t *v = json_object_get(o, name);
    if (json_is_integer(v) && !money_in_range(json_integer_value(v))) {
        problem(k, field, "input.not_money");
        return 0;
    }
    return integer(k, o, name, 0, MONEY_MAX_CENTS, required, field);
}

/* The array member, or NULL (a problem when present and not an array or too long). */
static const json_t *rows(checker *k, const json_t *o, const char *name, size_t max,
                          const char *field)
{
    const json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_array(v)) {
        problem(k, field, "input.wrong_type");
        return NULL;
    }
    if (json_array_size(v) > max) {
        problem(k, field, "input.too_many");
        return NULL;
    }
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_object(x)) {
            problem(k, field, "input.wrong_type");
            return NULL;
        }
    }
    return v;
}

static json_t *budget_lines(checker *k, const json_t *in)
{
    json_t *out = json_array();
    const json_t *v = rows(k, in, "budget_lines", PROJECT_MAX_LINES, "line_amount");
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        json_t *line = json_object();
        json_object_set_new(line, "category", text(k, x, "category", 200, true, "line_category"));
        json_object_set_new(line, "description",
                            text(k, x, "description", 2000, false, "line_category"));
        json_int_t a = amount(k, x, "amount_cents", true, "line_amount");
        json_object_set_new(line, "amount_cents", json_integer(a));
        /* The public share of the line is optional; the rest is co-financing. */
        if (json_object_get(x, "public_cents") && !json_is_null(json_object_get(x, "public_cents")))
            json_object_set_new(
                line, "public_cents",
                json_integer(integer(k, x, "public_cents", 0, a, true, "line_public")));
        json_array_append_new(out, line);
    }
    return out;
}

static json_t *targets(checker *k, const json_t *in)
{
    json_t *out = json_array();
    const json_t *v = rows(k, in, "targets", PROJECT_MAX_ROWS, "target_group");
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        json_array_append_new(
            out, json_pack("{s:o,s:I}", "target_group",
                           text(k, x, "target_group", 200, true, "target_group"), "participants",
                           integer(k, x, "participants", 0, PROJECT_MAX_PARTICIPANTS, true,
                                   "target_participants")));
    }
    return out;
}

static json_t *indicators(checker *k, const json_t *in)
{
    json_t *out = json_array();
    const json_t *v = rows(k, in, "indicators", PROJECT_MAX_ROWS, "indicator_name");
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        json_array_append_new(
            out,
            json_pack("{s:o,s:o,s:o,s:I}", "code", text(k, x, "code", 32, false, "indicator_code"),
                      "name", text(k, x, "name", 300, true, "indicator_name"), "unit",
                      text(k, x, "unit", 50, false, "indicator_unit"), "planned",
                      integer(k, x, "planned", 0, PROJECT_MAX_PLANNED, true, "indicator_planned")));
    }
    return out;
}

static json_t *schedule(checker *k, const json_t *in)
{
    json_t *out = json_array();
    const json_t *v = rows(k, in, "schedule", PROJECT_MAX_ROWS, "phase_name");
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        json_t *from = text(k, x, "from", 10, true, "phase_from");
        json_t *to = text(k, x, "to", 10, true, "phase_to");
        if (date_parse(json_string_value(from), NULL, NULL, NULL) ||
            date_parse(json_string_value(to), NULL, NULL, NULL) ||
            strcmp(json_string_value(to), json_string_value(from)) < 0)
            problem(k, "phase_to", "codesign.phase_dates");
        json_array_append_new(out, json_pack("{s:o,s:o,s:o}", "phase",
                                             text(k, x, "phase", 300, true, "phase_name"), "from",
                                             from, "to", to));
    }
    return out;
}

int project_normalise(const json_t *in, json_t **clean, call_problem *out, int max)
{
    checker k = {out, max, 0};
    *clean = NULL;
    if (!json_is_object(in)) {
        problem(&k, "title", "input.wrong_type");
        return k.n;
    }
    json_t *p = json_object();
    json_object_set_new(p, "title", text(&k, in, "title", 300, true, "title"));
    static const char *const TEXTS[] = {"summary", "activities", "support_network",
                                        "sustainability"};
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++)
        json_object_set_new(p, TEXTS[i], text(&k, in, TEXTS[i], 20000, false, TEXTS[i]));
    json_object_set_new(p, "requested_cents",
                        json_integer(amount(&k, in, "requested_cents", true, "requested")));
    json_object_set_new(p, "cofinancing_cents",
                        json_integer(amount(&k, in, "cofinancing_cents", true, "cofinancing")));
    json_int_t space = integer(&k, in, "space_id", 1, INT64_MAX, false, "space_id");
    json_object_set_new(p, "space_id", space ? json_integer(space) : json_null());
    json_object_set_new(p, "budget_lines", budget_lines(&k, in));
    json_object_set_new(p, "targets", targets(&k, in));
    json_object_set_new(p, "indicators", indicators(&k, in));
    json_object_set_new(p, "schedule", schedule(&k, in));
    if (k.n) {
        json_decref(p);
        return k.n;
    }
    *clean = p;
    return 0;
}

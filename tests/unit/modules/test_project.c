/* The final project's shape: wrong types and values are problems, never read as 0. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/money.h"
#include "modules/codesign/project.h"

static const char *GOOD =
    "{\"title\":\"T\",\"summary\":\"s\",\"requested_cents\":100,\"cofinancing_cents\":20,"
    "\"space_id\":null,\"budget_lines\":[{\"category\":\"Personale\",\"amount_cents\":120,"
    "\"public_cents\":100}],\"targets\":[{\"target_group\":\"Inquilini\",\"participants\":10}],"
    "\"indicators\":[{\"code\":\"X\",\"name\":\"Ore\",\"unit\":\"h\",\"planned\":5}],"
    "\"schedule\":[{\"phase\":\"Avvio\",\"from\":\"2027-01-01\",\"to\":\"2027-02-28\"}],"
    "\"extra\":\"dropped\"}";

static int problems_of(const char *text, const char **first_field)
{
    json_t *in = json_loads(text, 0, NULL), *clean = NULL;
    cr_assert_not_null(in, "bad test JSON: %s", text);
    call_problem out[8];
    int n = project_normalise(in, &clean, out, 8);
    *first_field = n ? out[0].field : "";
    if (n) cr_expect_null(clean);
    json_decref(clean);
    json_decref(in);
    return n;
}

/* GOOD with one member of one row replaced: at "path" (e.g. "targets.0.participants"). */
static char *variant(const char *path, const char *value_json)
{
    json_t *p = json_loads(GOOD, 0, NULL), *at = p;
    char copy[128];
    snprintf(copy, sizeof copy, "%s", path);
    char *save = NULL, *last = NULL;
    for (char *seg = strtok_r(copy, ".", &save); seg; seg = strtok_r(NULL, ".", &save)) {
        if (last) at = json_is_array(at) ? json_array_get(at, 0) : json_object_get(at, last);
        last = seg;
    }
    json_object_set_new(at, last, json_loads(value_json, JSON_DECODE_ANY, NULL));
    char *s = json_dumps(p, 0);
    json_decref(p);
    return s;
}

Test(project, a_good_project_is_kept_with_known_fields_only)
{
    json_t *in = json_loads(GOOD, 0, NULL), *clean = NULL;
    call_problem out[4];
    cr_assert_eq(project_normalise(in, &clean, out, 4), 0);
    cr_expect_null(json_object_get(clean, "extra"));
    cr_expect_eq(json_integer_value(json_object_get(clean, "requested_cents")), 100);
    cr_expect_str_eq(json_string_value(json_object_get(clean, "activities")), "");
    json_decref(clean);
    json_decref(in);
}

Test(project, wrong_types_and_values_are_refused_with_their_field)
{
    static const struct {
        const char *path, *value, *field;
    } cases[] = {
        {"budget_lines.0.amount_cents", "-5", "line_amount"},
        {"budget_lines.0.amount_cents", "\"120\"", "line_amount"},
        {"budget_lines.0.amount_cents", "1.5", "line_amount"},
        {"budget_lines.0.amount_cents", "9223372036854775807", "line_amount"},
        {"budget_lines.0.public_cents", "121", "line_public"},
        {"budget_lines.0.public_cents", "-1", "line_public"},
        {"targets.0.participants", "-3", "target_participants"},
        {"targets.0.participants", "\"dieci\"", "target_participants"},
        {"targets.0.participants", "true", "target_participants"},
        {"indicators.0.planned", "{}", "indicator_planned"},
        {"indicators.0.planned", "-1", "indicator_planned"},
        {"indicators.0.name", "5", "indicator_name"},
        {"schedule.0.from", "\"2027-02-30\"", "phase_to"},
        {"schedule.0.to", "\"2026-12-31\"", "phase_to"},
        {"requested_cents", "1000000000001", "requested"},
        {"cofinancing_cents", "null", "cofinancing"},
        {"title", "\"\"", "title"},
        {"title", "[]", "title"},
        {"space_id", "\"3\"", "space_id"},
        {"space_id", "0", "space_id"},
        {"targets", "{}", "target_group"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = variant(cases[i].path, cases[i].value);
        const char *field = NULL;
        cr_expect_gt(problems_of(text, &field), 0, "%s = %s accepted", cases[i].path,
                     cases[i].value);
        cr_expect_str_eq(field, cases[i].field, "%s = %s", cases[i].path, cases[i].value);
        free(text);
    }
    const char *field;
    cr_expect_gt(problems_of("[1,2]", &field), 0);
}

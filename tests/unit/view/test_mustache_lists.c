#include <criterion/criterion.h>
#include <string.h>

#include "view/format.h"
#include "view/mustache.h"

/* A list read through callbacks, as pages read rows: three people, one without a nickname. */
static const char *const NAMES[] = {"Ada", "Bruno", "Carla"};
static const char *const NICKS[] = {"ada", NULL, "cc"};

static int people_count(void *ud)
{
    return *(int *)ud;
}

static mst_value people_get(void *ud, int i, const char *key, size_t n)
{
    (void)ud;
    if (n == 4 && memcmp(key, "name", 4) == 0) return (mst_value){.k = MV_TEXT, .s = NAMES[i]};
    if (n == 4 && memcmp(key, "nick", 4) == 0)
        return NICKS[i] ? (mst_value){.k = MV_TEXT, .s = NICKS[i]} : mst_json(json_null());
    if (n == 5 && memcmp(key, "index", 5) == 0) return (mst_value){.k = MV_INT, .i = i};
    if (n == 8 && memcmp(key, "is_first", 8) == 0) return (mst_value){.k = MV_BOOL, .i = i == 0};
    return (mst_value){.k = MV_NONE};
}

typedef struct {
    mst_list list;
    json_t *root;
} named;

static mst_value member(void *ud, json_t *obj, const char *key, size_t n)
{
    named *m = ud;
    if (obj == m->root && n == 6 && memcmp(key, "people", 6) == 0)
        return (mst_value){.k = MV_LIST, .list = &m->list};
    return mst_json(json_object_getn(obj, key, n));
}

static char *render(const char *src, int count)
{
    mst_tmpl t;
    char err[128];
    cr_assert_eq(mst_compile(src, strlen(src), NULL, &t, err, sizeof err), 0, "%s", err);
    json_t *root = json_pack("{s:s,s:s}", "nick", "outer", "title", "Elenco");
    named m = {{people_count, people_get, &count}, root};
    mst_members members = {member, &m};
    buf out;
    buf_init(&out, 4096);
    cr_assert_eq(mst_render_members(&t, root, NULL, &members, &out), 0);
    json_decref(root);
    mst_tmpl_free(&t);
    return buf_detach(&out, NULL);
}

Test(mustache_lists, items_come_from_callbacks_and_names_fall_through)
{
    char *s = render("{{title}}:{{#people}} {{index}}={{name}}/{{nick}}{{#is_first}}!{{/is_first}}"
                     "{{title}}{{/people}}{{^people}} nessuno{{/people}}",
                     3);
    /* A NULL nickname is there and empty (no fall through to the outer "nick"), a name the row
     * lacks (title) is read from outside, a yes or no is a section. */
    cr_expect_str_eq(s, "Elenco: 0=Ada/ada!Elenco 1=Bruno/Elenco 2=Carla/ccElenco");
    free(s);
    s = render("{{#people}}x{{/people}}{{^people}}nessuno{{/people}}", 0);
    cr_expect_str_eq(s, "nessuno");
    free(s);
}

/* Pages format names as they read them: x_at_local from x_at, x_eur from x_cents, is_x as a
 * yes or no; an exact name wins. */
Test(mustache_lists, formatted_names_are_made_when_read)
{
    const char *src = "{{due_at_local}}|{{due_at_iso}}|{{budget_eur}}|{{share_pct}}|"
                      "{{#is_late}}late{{/is_late}}{{^is_open}}closed{{/is_open}}|{{x_eur}}";
    mst_tmpl t;
    char err[128];
    cr_assert_eq(mst_compile(src, strlen(src), NULL, &t, err, sizeof err), 0, "%s", err);
    json_t *v = json_pack("{s:I,s:I,s:i,s:i,s:i,s:s,s:I}", "due_at", (json_int_t)1764633600000000,
                          "budget_cents", (json_int_t)51650000, "share_bp", 1250, "is_late", 1,
                          "is_open", 0, "x_eur", "esatto", "x_cents", (json_int_t)1);
    format_scope fs = {.lang = "it"};
    mst_members m = {format_member, &fs};
    buf out;
    buf_init(&out, 4096);
    cr_assert_eq(mst_render_members(&t, v, NULL, &m, &out), 0);
    cr_expect_str_eq(out.data,
                     "02/12/2025 01:00|2025-12-02T00:00:00Z|516.500,00 €|12,50%|lateclosed|esatto");
    format_scope_end(&fs);
    buf_free(&out);
    json_decref(v);
    mst_tmpl_free(&t);
}

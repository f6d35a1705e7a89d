#include "web/render.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "base/log.h"
#include "base/thread_exit.h"
#include "view/format.h"
#include "view/pdf.h"
#include "view/views.h"
#include "web/cityname.h"
#include "web/session.h"
#include "web/static.h"

enum { PAGE_MAX = 8u << 20 };

/* No inline script or style anywhere: every script and stylesheet is a file of ours. */
/* Bootstrap Italia's script adds two fixed <style> elements (one empty); their hashes are
 * allowed, nothing else inline. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self' "
                          "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' "
                          "'sha256-wPXhisdsFu1DtHYH1D9W5isSGqS5vIPn6QJWSNLqfCM='; "
                          "img-src 'self' data:; font-src 'self' data:; object-src 'none'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void render_set_cookie(req *r, const char *name, const char *value, long max_age)
{
    const char *secure = r->app->secure_cookies ? "; Secure" : "";
    char *c;
    if (max_age == COOKIE_DELETE)
        c = arena_printf(&r->mem, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s", name, secure);
    else if (max_age == COOKIE_SESSION)
        c = arena_printf(&r->mem, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value, secure);
    else
        c = arena_printf(&r->mem, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", name,
                         value, max_age, secure);
    if (c) req_add_header(r, "Set-Cookie", c);
}

static void security_headers(req *r)
{
    req_add_header(r, "Content-Security-Policy", CSP);
    req_add_header(r, "X-Content-Type-Options", "nosniff");
    req_add_header(r, "X-Frame-Options", "DENY");
    req_add_header(r, "Referrer-Policy", "same-origin");
    req_add_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

typedef struct nav_item {
    const char *href;
    const char *key;
    unsigned perm; /* as in the route table */
} nav_item;

/* The navigation, grouped by what people do; a person sees the entries of the routes they may
 * open, and a group only when it has one. A group of one entry is a plain link. */
enum { NAV_ITEMS = 14 };
typedef struct nav_group {
    const char *key;
    nav_item items[NAV_ITEMS]; /* up to the first empty one, or all of them */
} nav_group;

static const nav_group NAV[] = {
    {"nav.g_calls",
     {{"/calls", "nav.calls", PERM_PUBLIC},
      {"/proposals", "nav.proposals", ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR},
      {"/receipts", "nav.receipts", PERM_PUBLIC}}},
    {"nav.g_codesign",
     {{"/agreements", "nav.agreements", PERM_PUBLIC},
      {"/operations", "nav.operations", PERM_PUBLIC},
      {"/spaces", "nav.spaces", PERM_PUBLIC},
      {"/practices", "nav.practices", PERM_PUBLIC},
      {"/acts", "nav.acts", PERM_PUBLIC},
      {"/working-group", "nav.working_group", ROLE_AUDITOR | ROLE_OFFICER},
      {"/commons/rules", "nav.rules", PERM_PUBLIC}}},
    {"nav.g_monitoring",
     {{"/monitoring", "nav.monitoring", PERM_PUBLIC},
      {"/controls", "nav.controls", ROLE_CONTROLLER},
      {"/transparency", "nav.transparency", PERM_PUBLIC},
      {"/audit", "nav.audit", ROLE_AUDITOR | ROLE_ADMIN}}},
    {"nav.services",
     {{"/services", "nav.services", PERM_PUBLIC},
      {"/people", "nav.people", ROLE_SOCIAL | ROLE_ETS},
      {"/people/by-name", "nav.by_name", ROLE_SOCIAL},
      {"/housing-first", "nav.housing_first", ROLE_SOCIAL},
      {"/households", "nav.households", ROLE_SOCIAL},
      {"/people/report", "nav.people_report", ROLE_SOCIAL | ROLE_OFFICER},
      {"/referrals", "nav.referrals", ROLE_SOCIAL | ROLE_ETS},
      {"/registry", "nav.registry", ROLE_REGISTRY}}},
    {"nav.g_neighbourhood",
     {{"/my/home", "nav.my_home", ROLE_RESIDENT},
      {"/tickets", "nav.tickets", ROLE_RESIDENT},
      {"/queue", "nav.queue", ROLE_OFFICER | ROLE_HOUSING | ROLE_ETS},
      {"/hubs", "nav.hubs", PERM_PUBLIC},
      {"/events", "nav.events", PERM_PUBLIC},
      {"/rooms", "nav.rooms", ROLE_RESIDENT | ROLE_OFFICER},
      {"/timebank", "nav.timebank", ROLE_RESIDENT},
      {"/ideas", "nav.ideas", PERM_PUBLIC},
      {"/commons", "nav.commons", PERM_PUBLIC},
      {"/network", "nav.network", ROLE_OFFICER | ROLE_CONTROLLER},
      {"/committees", "nav.committees", ROLE_OFFICER | ROLE_RESIDENT},
      {"/housing", "nav.housing", ROLE_OFFICER | ROLE_HOUSING},
      {"/moderation", "nav.moderation", ROLE_OFFICER}}},
    {"nav.opendata", {{"/opendata", "nav.opendata", PERM_PUBLIC}}},
    {"nav.g_admin",
     {{"/admin/cities", "nav.cities", ROLE_ADMIN},
      {"/admin/users", "nav.users", ROLE_ADMIN},
      {"/admin/bodies", "nav.bodies", ROLE_ADMIN},
      {"/admin/outbox", "nav.outbox", ROLE_ADMIN},
      {"/admin/trust", "nav.trust", ROLE_ADMIN},
      {"/protocol", "nav.protocol", ROLE_OFFICER | ROLE_CONTROLLER}}},
};

/* The personal area, in the slim header: what concerns the person, not a task. */
static const nav_item PERSONAL[] = {
    {"/notifications", "nav.notifications", PERM_USER}, {"/account", "nav.account", PERM_USER},
    {"/account/tokens", "nav.tokens", PERM_USER},       {"/my/data", "nav.my_data", ROLE_RESIDENT},
    {"/my/record", "nav.my_record", PERM_USER},
};

/* How much of path an entry covers: its length when path is href or below it, else 0. */
static size_t covers(const char *href, const char *path)
{
    size_t n = strlen(href);
    return strncmp(path, href, n) == 0 && (path[n] == '\0' || path[n] == '/') ? n : 0;
}

static json_t *link(req *r, const nav_item *it, bool current, bool exact)
{
    return json_pack("{s:s,s:s,s:b,s:b}", "href", it->href, "label", req_t(r, it->key), "current",
                     current, "exact", exact);
}

/* What the navigation of a page depends on, found without making anything. */
typedef struct nav_place {
    bool in;
    unsigned roles;
    const nav_item *best; /* the entry this page belongs to */
    const nav_group *best_group;
    uint64_t key; /* all of it (with the language), for the cache below */
} nav_place;

static nav_place place_of(const req *r)
{
    nav_place p = {.in = r->user != NULL, .roles = r->user ? r->user->roles : 0};
    /* The entry this page belongs to: the longest href that covers the path. */
    size_t best_len = 0;
    unsigned index = 0, best_index = 0;
    for (size_t g = 0; g < sizeof NAV / sizeof NAV[0]; g++)
        for (const nav_item *it = NAV[g].items; it < NAV[g].items + NAV_ITEMS && it->href;
             it++, index++) {
            size_t n = covers(it->href, r->path);
            if (n > best_len && router_allows(it->perm, p.in, p.roles)) {
                p.best = it;
                p.best_group = &NAV[g];
                best_len = n;
                best_index = index + 1;
            }
        }
    /* The personal links this path is in or is: two bits each. */
    uint64_t personal = 0;
    for (size_t i = 0; i < sizeof PERSONAL / sizeof PERSONAL[0]; i++)
        personal |= (uint64_t)((covers(PERSONAL[i].href, r->path) ? 1 : 0) |
                               (strcmp(PERSONAL[i].href, r->path) == 0 ? 2 : 0))
                    << (2 * i);
    p.key = (uint64_t)p.roles | (uint64_t)p.in << 20 |
            (uint64_t)(strcmp(r->lang, "en") == 0) << 21 |
            (uint64_t)(strcmp(r->path, "/") == 0) << 22 |
            (uint64_t)(p.best && strcmp(p.best->href, r->path) == 0) << 23 |
            (uint64_t)best_index << 24 | personal << 32;
    return p;
}

/* The menu, the personal links and the breadcrumb of the page (home, group, entry, page). */
static json_t *make_navigation(req *r, const nav_place *p)
{
    json_t *c = json_object();
    bool in = p->in;
    unsigned roles = p->roles;
    const nav_item *best = p->best;
    const nav_group *best_group = p->best_group;
    json_t *nav = json_array();
    for (size_t g = 0; g < sizeof NAV / sizeof NAV[0]; g++) {
        json_t *items = json_array();
        for (const nav_item *it = NAV[g].items; it < NAV[g].items + NAV_ITEMS && it->href; it++)
            if (router_allows(it->perm, in, roles))
                json_array_append_new(items,
                                      link(r, it, it == best, strcmp(it->href, r->path) == 0));
        size_t n = json_array_size(items);
        if (n == 0) {
            json_decref(items);
            continue;
        }
        json_t *group = n == 1 ? json_incref(json_array_get(items, 0))
                               : json_pack("{s:s,s:b,s:o,s:s}", "label", req_t(r, NAV[g].key),
                                           "current", &NAV[g] == best_group, "items",
                                           json_incref(items), "id", NAV[g].key + 4);
        json_object_set_new(group, "is_group", json_boolean(n > 1));
        json_array_append_new(nav, group);
        json_decref(items);
    }
    json_object_set_new(c, "nav", nav);
    json_t *mine = json_array();
    for (size_t i = 0; i < sizeof PERSONAL / sizeof PERSONAL[0]; i++)
        if (router_allows(PERSONAL[i].perm, in, roles))
            json_array_append_new(mine, link(r, &PERSONAL[i], covers(PERSONAL[i].href, r->path),
                                             strcmp(PERSONAL[i].href, r->path) == 0));
    json_object_set_new(c, "personal", mine);
    /* Home > group > entry > this page; the page itself is named by its title. */
    if (strcmp(r->path, "/") == 0) return c;
    json_t *crumbs = json_array();
    json_array_append_new(crumbs,
                          json_pack("{s:s,s:s}", "href", "/", "label", req_t(r, "nav.home")));
    if (best_group && best_group->items[1].href)
        json_array_append_new(crumbs, json_pack("{s:s}", "label", req_t(r, best_group->key)));
    if (best && strcmp(best->href, r->path) != 0)
        json_array_append_new(
            crumbs, json_pack("{s:s,s:s}", "href", best->href, "label", req_t(r, best->key)));
    json_object_set_new(c, "breadcrumbs", crumbs);
    return c;
}

/* Every page makes the same few menus (one per set of roles, language and place): each worker
 * thread keeps the last ones it made, so a page takes them instead of making some fifty values
 * (a sixth of a small page's time). Nothing is shared between threads. */
enum { NAV_CACHE = 64 };
static _Thread_local struct {
    uint64_t key; /* key + 1; 0: empty */
    json_t *parts;
} nav_cache[NAV_CACHE];

static void nav_cache_free(void)
{
    for (int i = 0; i < NAV_CACHE; i++) json_decref(nav_cache[i].parts);
}

static void navigation(req *r, json_t *c)
{
    nav_place p = place_of(r);
    unsigned slot = (unsigned)((p.key * UINT64_C(0x9E3779B97F4A7C15)) >> 58) % NAV_CACHE;
    if (nav_cache[slot].key != p.key + 1) {
        json_decref(nav_cache[slot].parts);
        nav_cache[slot].parts = make_navigation(r, &p);
        nav_cache[slot].key = nav_cache[slot].parts ? p.key + 1 : 0;
        thread_on_exit(nav_cache_free);
    }
    /* Shared with later pages of this thread: the page holds references and changes nothing. */
    json_object_update(c, nav_cache[slot].parts);
}

static json_t *chrome(req *r)
{
    app *a = r->app;
    json_t *c = json_object();
    json_object_set_new(c, "lang", json_string(r->lang));
    bool en = strcmp(r->lang, "en") == 0;
    json_object_set_new(c, "other_lang",
                        json_pack("{s:s,s:s,s:s}", "code", en ? "it" : "en", "label",
                                  en ? "Italiano" : "English", "href",
                                  arena_printf(&r->mem, "%s?lang=%s", r->path, en ? "it" : "en")));
    json_object_set_new(c, "asset_version",
                        json_string(a->statics ? statics_version(a->statics) : "0"));
    json_object_set_new(c, "csrf", json_string(csrf_token(r)));
    json_object_set_new(c, "path", json_string(r->path));
    /* Residents may flag what others write (moderation). */
    json_object_set_new(c, "is_resident", json_boolean(req_has_role(r, ROLE_RESIDENT)));
    navigation(r, c);
    if (r->user)
        json_object_set_new(c, "user",
                            json_pack("{s:s,s:s}", "name", r->user->name, "email", r->user->email));
    /* The city in the header: the user's own, else the first the instance hosts. */
    int64_t cid = 0;
    for (int i = 0; r->user && i < r->user->nmemberships && !cid; i++)
        cid = r->user->memberships[i].city_id;
    const char *city = cityname_get(r, cid);
    json_object_set_new(c, "city", json_string(city ? city : req_t(r, "app.no_city")));
    const char *flash = req_cookie(r, "coprog_flash");
    if (flash && views_t(a->views, r->lang, flash)) {
        json_object_set_new(c, "flash", json_string(req_t(r, flash)));
        render_set_cookie(r, "coprog_flash", "", COOKIE_DELETE);
    }
    return c;
}

/* A list kept as rows, as the template reads it: each column by name, integers named is_x or
 * has_x as yes or no, and the formatted names of view/format.h (x_at_local, x_eur, ...). */
typedef struct row_list {
    mst_list list;
    const char *name;
    const rowtab *rows;
    req *r;
    int row; /* the row int_of reads */
} row_list;

static int rows_count(void *ud)
{
    return ((row_list *)ud)->rows->nrows;
}

static bool rows_int_of(void *ud, const char *base, size_t n, const char *suffix, int64_t *out)
{
    row_list *l = ud;
    char name[128];
    size_t sl = strlen(suffix);
    if (n + sl >= sizeof name) return false;
    memcpy(name, base, n);
    memcpy(name + n, suffix, sl + 1);
    int col = rowtab_col(l->rows, name, n + sl);
    const rowtab_cell *c = col < 0 ? NULL : rowtab_at(l->rows, l->row, col);
    if (!c || c->t != DBT_INT) return false;
    *out = c->i;
    return true;
}

static mst_value rows_get(void *ud, int row, const char *key, size_t n)
{
    row_list *l = ud;
    int col = rowtab_col(l->rows, key, n);
    if (col >= 0) {
        const rowtab_cell *c = rowtab_at(l->rows, row, col);
        switch (c->t) {
        case DBT_TEXT:
            return (mst_value){.k = MV_TEXT, .s = c->s};
        case DBT_BOOL:
            return (mst_value){.k = MV_BOOL, .i = c->i != 0};
        case DBT_INT:
            if (format_is_flag(key, n)) return (mst_value){.k = MV_BOOL, .i = c->i != 0};
            return (mst_value){.k = MV_INT, .i = c->i};
        default:
            return mst_json(json_null()); /* SQL NULL: the name is there, empty */
        }
    }
    char text[128];
    l->row = row;
    if (!format_derive(key, n, l->r->lang, rows_int_of, l, text, sizeof text))
        return (mst_value){.k = MV_NONE};
    const char *kept = arena_strdup(&l->r->mem, text);
    return kept ? (mst_value){.k = MV_TEXT, .s = kept} : (mst_value){.k = MV_NONE};
}

/* How the page reads names: the lists kept as rows by their names at the top, everything else
 * through view/format.h. */
typedef struct page_names {
    format_scope fs;
    json_t *page;
    row_list lists[sizeof((req *)0)->lists / sizeof((req *)0)->lists[0]];
    int nlists;
} page_names;

static mst_value page_member(void *ud, json_t *obj, const char *key, size_t n)
{
    page_names *p = ud;
    if (obj == p->page)
        for (int i = 0; i < p->nlists; i++) {
            const char *name = p->lists[i].name;
            if (strncmp(name, key, n) == 0 && name[n] == '\0')
                return (mst_value){.k = MV_LIST, .list = &p->lists[i].list};
        }
    return format_member(&p->fs, obj, key, n);
}

/* A JSON answer holds the lists as arrays, like every other list. */
static void lists_into_view(req *r)
{
    if (!r->nlists) return;
    if (!r->view) r->view = json_object();
    for (int i = 0; i < r->nlists; i++)
        json_object_set_new(r->view, r->lists[i].name, rowtab_json(r->lists[i].rows));
}

static void render_html(req *r)
{
    app *a = r->app;
    json_t *page = json_object();
    if (r->view) json_object_update(page, r->view);
    json_object_set(page, "t", views_catalog(a->views, r->lang));
    json_object_set_new(page, "app", chrome(r));
    json_object_set_new(page, "title",
                        json_string(r->title_text && *r->title_text
                                        ? r->title_text
                                        : req_t(r, r->title_key ? r->title_key : "app.name")));
    buf_free(&r->body);
    buf_init(&r->body, PAGE_MAX);
    const char *name = r->template ? r->template : "error";
    page_names names = {.fs = {.lang = r->lang}, .page = page, .nlists = r->nlists};
    for (int i = 0; i < r->nlists; i++)
        names.lists[i] = (row_list){
            {rows_count, rows_get, &names.lists[i]}, r->lists[i].name, r->lists[i].rows, r, 0};
    mst_members m = {page_member, &names};
    int failed = views_render_with(a->views, name, page, &m, &r->body);
    format_scope_end(&names.fs);
    if (failed) {
        log_error("template %s failed to render", name);
        buf_reset(&r->body);
        r->body.overflow = false;
        buf_puts(&r->body, "Errore interno / Internal error\n");
        r->status = 500;
        r->content_type = "text/plain; charset=utf-8";
    } else {
        r->content_type = "text/html; charset=utf-8";
    }
    json_decref(page);
}

static void render_json(req *r)
{
    buf_free(&r->body);
    buf_init(&r->body, PAGE_MAX);
    json_t *v = r->view ? json_incref(r->view) : json_object();
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(v);
    buf_puts(&r->body, s ? s : "{}");
    buf_putc(&r->body, '\n');
    free(s);
    r->content_type = "application/json";
}

void render_response(req *r)
{
    security_headers(r);
    /* JSON answers carry every formatted name; pages make the ones their templates read. */
    if (r->want_json) lists_into_view(r);
    if (r->view && r->want_json) format_decorate(r->view, r->lang);
    if (r->redirect) {
        if (r->want_json && r->status != 303) {
            /* API clients get the result instead of a redirect. */
            if (!r->view) r->view = json_object();
            json_object_set_new(r->view, "location", json_string(r->redirect));
            if (r->flash) json_object_set_new(r->view, "message", json_string(req_t(r, r->flash)));
            render_json(r);
        } else {
            r->status = 303;
            req_add_header(r, "Location", r->redirect);
            if (r->flash) render_set_cookie(r, "coprog_flash", r->flash, COOKIE_SESSION);
            buf_free(&r->body);
            r->content_type = "text/plain; charset=utf-8";
        }
    } else if (r->static_body || (r->stream && r->status == 200) ||
               (r->body.data && r->content_type && !r->view)) {
        /* Files and downloads the handler made itself. */
    } else if (r->want_json) {
        render_json(r);
    } else {
        render_html(r);
    }
    if (r->content_type) req_add_header(r, "Content-Type", r->content_type);
    if (!r->static_body) req_add_header(r, "Cache-Control", "no-store");
}

int render_pdf(req *r, json_t *doc, const char *filename, bool inline_)
{
    buf_init(&r->body, 32u << 20);
    int rc = pdf_render(doc, &r->body);
    json_decref(doc);
    if (rc) return -1;
    r->content_type = "application/pdf";
    req_add_header(
        r, "Content-Disposition",
        arena_printf(&r->mem, "%s; filename=\"%s\"", inline_ ? "inline" : "attachment", filename));
    return 0;
}

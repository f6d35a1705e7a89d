#include "web/render.h"

#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "base/log.h"
#include "view/format.h"
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
typedef struct nav_group {
    const char *key;
    nav_item items[12];
} nav_group;

static const nav_group NAV[] = {
    {"nav.g_calls",
     {{"/calls", "nav.calls", PERM_PUBLIC},
      {"/proposals", "nav.proposals", ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR},
      {"/receipts", "nav.receipts", PERM_PUBLIC}}},
    {"nav.g_codesign",
     {{"/agreements", "nav.agreements", PERM_PUBLIC},
      {"/operations", "nav.operations", PERM_PUBLIC},
      {"/spaces", "nav.spaces", PERM_PUBLIC}}},
    {"nav.g_monitoring",
     {{"/monitoring", "nav.monitoring", PERM_PUBLIC},
      {"/controls", "nav.controls", ROLE_CONTROLLER},
      {"/transparency", "nav.transparency", PERM_PUBLIC},
      {"/audit", "nav.audit", ROLE_AUDITOR | ROLE_ADMIN}}},
    {"nav.g_neighbourhood",
     {{"/my/home", "nav.my_home", ROLE_RESIDENT},
      {"/tickets", "nav.tickets", ROLE_RESIDENT},
      {"/queue", "nav.queue", ROLE_OFFICER | ROLE_HOUSING | ROLE_ETS},
      {"/hubs", "nav.hubs", PERM_PUBLIC},
      {"/events", "nav.events", PERM_PUBLIC},
      {"/rooms", "nav.rooms", ROLE_RESIDENT | ROLE_OFFICER},
      {"/timebank", "nav.timebank", ROLE_RESIDENT},
      {"/ideas", "nav.ideas", PERM_PUBLIC},
      {"/committees", "nav.committees", ROLE_OFFICER | ROLE_RESIDENT},
      {"/housing", "nav.housing", ROLE_OFFICER | ROLE_HOUSING},
      {"/moderation", "nav.moderation", ROLE_OFFICER}}},
    {"nav.opendata", {{"/opendata", "nav.opendata", PERM_PUBLIC}}},
    {"nav.g_admin",
     {{"/admin/cities", "nav.cities", ROLE_ADMIN},
      {"/admin/users", "nav.users", ROLE_ADMIN},
      {"/admin/bodies", "nav.bodies", ROLE_ADMIN},
      {"/admin/outbox", "nav.outbox", ROLE_ADMIN}}},
};

/* The personal area, in the slim header: what concerns the person, not a task. */
static const nav_item PERSONAL[] = {
    {"/notifications", "nav.notifications", PERM_USER},
    {"/account", "nav.account", PERM_USER},
    {"/account/tokens", "nav.tokens", PERM_USER},
    {"/my/data", "nav.my_data", ROLE_RESIDENT},
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

/* The menu, the personal links and the breadcrumb of the page (home, group, entry, page). */
static void navigation(req *r, json_t *c)
{
    bool in = r->user != NULL;
    unsigned roles = r->user ? r->user->roles : 0;
    /* The entry this page belongs to: the longest href that covers the path. */
    const nav_item *best = NULL;
    const nav_group *best_group = NULL;
    size_t best_len = 0;
    for (size_t g = 0; g < sizeof NAV / sizeof NAV[0]; g++)
        for (const nav_item *it = NAV[g].items; it->href; it++) {
            size_t n = covers(it->href, r->path);
            if (n > best_len && router_allows(it->perm, in, roles)) {
                best = it;
                best_group = &NAV[g];
                best_len = n;
            }
        }
    json_t *nav = json_array();
    for (size_t g = 0; g < sizeof NAV / sizeof NAV[0]; g++) {
        json_t *items = json_array();
        for (const nav_item *it = NAV[g].items; it->href; it++)
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
    if (strcmp(r->path, "/") == 0) return;
    json_t *crumbs = json_array();
    json_array_append_new(crumbs,
                          json_pack("{s:s,s:s}", "href", "/", "label", req_t(r, "nav.home")));
    if (best_group && best_group->items[1].href)
        json_array_append_new(crumbs, json_pack("{s:s}", "label", req_t(r, best_group->key)));
    if (best && strcmp(best->href, r->path) != 0)
        json_array_append_new(
            crumbs, json_pack("{s:s,s:s}", "href", best->href, "label", req_t(r, best->key)));
    json_object_set_new(c, "breadcrumbs", crumbs);
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

static void render_html(req *r)
{
    app *a = r->app;
    json_t *page = json_object();
    if (r->view) json_object_update(page, r->view);
    json_object_set(page, "t", views_catalog(a->views, r->lang));
    json_object_set_new(page, "app", chrome(r));
    json_object_set_new(page, "title",
                        json_string(req_t(r, r->title_key ? r->title_key : "app.name")));
    buf_free(&r->body);
    buf_init(&r->body, PAGE_MAX);
    const char *name = r->template ? r->template : "error";
    if (views_render(a->views, name, page, &r->body)) {
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
    if (r->view) format_decorate(r->view, r->lang);
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

#include "web/render.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
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

/* The navigation a person sees follows the routes they may open. */
static const nav_item NAV[] = {
    {"/", "nav.home", PERM_PUBLIC},
    {"/calls", "nav.calls", PERM_PUBLIC},
    {"/operations", "nav.operations", PERM_PUBLIC},
    {"/spaces", "nav.spaces", PERM_PUBLIC},
    {"/proposals", "nav.proposals", ROLE_ETS | ROLE_OFFICER | ROLE_AUDITOR},
    {"/agreements", "nav.agreements", PERM_PUBLIC},
    {"/monitoring", "nav.monitoring", PERM_PUBLIC},
    {"/controls", "nav.controls", ROLE_CONTROLLER},
    {"/housing", "nav.housing", ROLE_OFFICER | ROLE_HOUSING},
    {"/hubs", "nav.hubs", PERM_PUBLIC},
    {"/my/home", "nav.my_home", ROLE_RESIDENT},
    {"/tickets", "nav.tickets", ROLE_RESIDENT},
    {"/events", "nav.events", PERM_PUBLIC},
    {"/rooms", "nav.rooms", ROLE_RESIDENT | ROLE_OFFICER},
    {"/timebank", "nav.timebank", ROLE_RESIDENT},
    {"/ideas", "nav.ideas", PERM_PUBLIC},
    {"/my/data", "nav.my_data", ROLE_RESIDENT},
    {"/committees", "nav.committees", ROLE_OFFICER | ROLE_RESIDENT},
    {"/queue", "nav.queue", ROLE_OFFICER | ROLE_HOUSING | ROLE_ETS},
    {"/moderation", "nav.moderation", ROLE_OFFICER},
    {"/transparency", "nav.transparency", PERM_PUBLIC},
    {"/notifications", "nav.notifications", PERM_USER},
    {"/opendata", "nav.opendata", PERM_PUBLIC},
    {"/receipts", "nav.receipts", PERM_PUBLIC},
    {"/account", "nav.account", PERM_USER},
    {"/account/tokens", "nav.tokens", PERM_USER},
    {"/admin/users", "nav.users", ROLE_ADMIN},
    {"/admin/outbox", "nav.outbox", ROLE_ADMIN},
    {"/audit", "nav.audit", ROLE_AUDITOR | ROLE_ADMIN},
};

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
    json_t *nav = json_array();
    for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
        if (!router_allows(NAV[i].perm, r->user != NULL, r->user ? r->user->roles : 0)) continue;
        json_array_append_new(nav, json_pack("{s:s,s:s,s:b}", "href", NAV[i].href, "label",
                                             req_t(r, NAV[i].key), "current",
                                             strcmp(NAV[i].href, r->path) == 0));
    }
    json_object_set_new(c, "nav", nav);
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

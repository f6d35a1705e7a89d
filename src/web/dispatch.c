#include "web/dispatch.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "web/app.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/utf8.h"
#include "web/form.h"
#include "web/pagecache.h"
#include "web/personcache.h"
#include "web/render.h"
#include "web/router.h"
#include "web/session.h"
#include "web/static.h"

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    req *r = cls;
    if (r->nfields >= FORM_MAX_FIELDS) return MHD_NO;
    if (r->nfields % 16 == 0) {
        kv *bigger = arena_alloc(&r->mem, sizeof(kv) * (size_t)(r->nfields + 16));
        if (!bigger) return MHD_NO;
        if (r->nfields) memcpy(bigger, r->fields, sizeof(kv) * (size_t)r->nfields);
        r->fields = bigger;
    }
    const char *v = value ? value : "";
    r->fields[r->nfields++] = (kv){arena_strdup(&r->mem, key), arena_strdup(&r->mem, v), strlen(v)};
    return MHD_YES;
}

static const char *pick_lang(req *r)
{
    const char *q = NULL;
    for (int i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].key, "lang") == 0) q = r->fields[i].value;
    if (q && (strcmp(q, "it") == 0 || strcmp(q, "en") == 0)) {
        render_set_cookie(r, "coprog_lang", q, 365L * 24 * 3600);
        return q;
    }
    const char *c = req_cookie(r, "coprog_lang");
    if (c && (strcmp(c, "it") == 0 || strcmp(c, "en") == 0)) return c;
    /* Italian first: English only when chosen (the switch in the header sets the cookie). */
    return "it";
}

static bool wants_json(req *r)
{
    const char *acc = req_header(r, "Accept");
    if (!acc) return false;
    const char *j = strstr(acc, "application/json");
    const char *h = strstr(acc, "text/html");
    return j && (!h || j < h);
}

/* The pages a session waiting for its second factor may open. */
static bool second_factor_page(const char *pattern)
{
    static const char *const PAGES[] = {"/login/second-factor", "/account/second-factor", "/logout",
                                        NULL};
    for (int i = 0; PAGES[i]; i++)
        if (!strcmp(pattern, PAGES[i])) return true;
    return false;
}

static bool unsafe(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* An anonymous GET of a cached route, with nothing in it that could change the page: no query
 * string (?lang= sets a cookie), no session, token or flash message. The key is the path,
 * the language and the format. */
static const char *cache_key(req *r, const route *rt)
{
    if (!rt->cached || !pagecache_enabled() || r->app->test_clock ||
        strcmp(r->method, "GET") != 0 || r->nfields > 0 || req_header(r, "Authorization") ||
        req_cookie(r, "coprog_session") || req_cookie(r, "coprog_flash"))
        return NULL;
    return arena_printf(&r->mem, "%s\n%s\n%c", r->path, r->lang, r->want_json ? 'j' : 'h');
}

/* A browser that changed something carries this cookie for a few seconds, so that its next
 * pages, whichever instance answers them, are checked against every commit made before
 * (db_data_version_fenced); other readers see another instance's commit as soon as its
 * notification arrives (db_data_version_now). */
#define FENCE_COOKIE "coprog_fence"
enum { FENCE_SECONDS = 5 };

/* A GET of a cached route by someone carrying a session or a token, with no flash message to
 * show: the key names the data version now, the token (its pages carry its session's CSRF
 * token), the minute (pages say "late" and "open now"), the language, the format and every
 * query parameter, each with its length so that no two requests share a key. */
static const char *person_key(req *r, const route *rt)
{
    char token[67], version[DB_VERSION_MAX];
    if (!rt->cached || strcmp(r->method, "GET") != 0 || req_cookie(r, "coprog_flash") ||
        !session_token_id(r, token))
        return NULL;
    bool (*version_of)(db_conn *, char *, size_t) =
        req_cookie(r, FENCE_COOKIE) ? db_data_version_fenced : db_data_version_now;
    if (!version_of(r->db, version, sizeof version)) return NULL;
    buf k;
    buf_init(&k, 4096);
    buf_printf(&k, "%s\n%s\n%lld\n%s\n%c\n%s", version, token,
               (long long)(clock_now_us() / (60 * INT64_C(1000000))), r->lang,
               r->want_json ? 'j' : 'h', r->path);
    for (int i = 0; i < r->nfields; i++)
        buf_printf(&k, "\n%zu:%s=%zu:%s", strlen(r->fields[i].key), r->fields[i].key,
                   r->fields[i].len, r->fields[i].value);
    const char *key = k.overflow ? NULL : arena_strdup(&r->mem, k.data);
    buf_free(&k);
    return key;
}

/* The answer kept under *key, from the page cache or the pages kept for a person: true when
 * it is the body now (*key is cleared: nothing to keep again), marked with how it came. */
static bool answer_kept(req *r, const char **key,
                        bool (*get)(const char *, int64_t, buf *, const char **), size_t max,
                        const char *how)
{
    buf_init(&r->body, max);
    if (get(*key, clock_now_us(), &r->body, &r->content_type)) {
        req_add_header(r, "X-Coprog-Cache", how);
        *key = NULL;
        return true;
    }
    buf_free(&r->body);
    return false;
}

static bool sets_cookie(const req *r)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, "Set-Cookie") == 0) return true;
    return false;
}

static int parse_body(req *r, const char *body, size_t len)
{
    if (!len) return 0;
    const char *ct = req_header(r, "Content-Type");
    if (!ct) ct = "";
    form_rc rc = FORM_OK;
    if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
        rc = form_parse_urlencoded(&r->mem, body, len, &r->fields, &r->nfields);
    } else if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
        rc = form_parse_multipart(&r->mem, ct, body, len, &r->fields, &r->nfields, &r->uploads,
                                  &r->nuploads);
    } else if (strncasecmp(ct, "application/json", 16) == 0) {
        if (!utf8_valid(body, len)) return req_error(r, 400, "error.not_utf8"), -1;
        json_error_t je;
        r->json = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
        if (!r->json) return req_error(r, 400, "error.bad_json"), -1;
    } else {
        return req_error(r, 415, "error.unsupported_type"), -1;
    }
    switch (rc) {
    case FORM_OK:
        return 0;
    case FORM_TOO_MANY:
        return req_error(r, 413, "error.too_many_fields"), -1;
    case FORM_NOT_UTF8:
        return req_error(r, 400, "error.not_utf8"), -1;
    default:
        return req_error(r, 400, "error.bad_form"), -1;
    }
}

static void run(req *r, const char *body, size_t len, body_state state)
{
    app *a = r->app;
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
    r->lang = pick_lang(r);
    r->want_json = wants_json(r);
    r->status = 200;

    /* Refused before anything is read or routed: how the request is framed, and its size. */
    switch (state) {
    case BAD_FRAMING:
        req_error(r, 400, "error.bad_framing");
        return;
    case BAD_CODING:
        req_error(r, 501, "error.bad_coding");
        return;
    case TOO_MANY_PARAMS:
        req_error(r, 414, "error.too_many_params");
        return;
    default:
        break;
    }
    if (!utf8_valid(r->path, strlen(r->path))) {
        req_error(r, 400, "error.not_utf8");
        return;
    }
    if (strncmp(r->path, "/static/", 8) == 0 &&
        (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)) {
        statics_serve(a->statics, r);
        return;
    }
    const route *rt = NULL;
    switch (router_match(a->routes, a->nroutes, r->method, r->path, r, &rt)) {
    case ROUTE_NOT_FOUND:
        req_error(r, 404, "error.not_found");
        return;
    case ROUTE_WRONG_METHOD:
        req_error(r, 405, "error.method");
        return;
    case ROUTE_FOUND:
        break;
    }
    r->perm = rt->perm;
    if (state == BODY_TOO_LARGE) {
        req_error(r, 413, "error.too_large");
        return;
    }
    if (state == BODY_BUSY) {
        req_add_header(r, "Retry-After", "10");
        req_error(r, 503, "error.bodies_busy");
        return;
    }
    if ((r->cache_key = cache_key(r, rt))) {
        r->cache_gen = pagecache_generation();
        if (answer_kept(r, &r->cache_key, pagecache_get, PAGECACHE_MAX_BODY, "hit")) return;
    }
    /* A database connection is needed for anyone signed in and for every route but the
     * public, cookie-less pages. */
    r->db = db_conn_get(a->db);
    r->writes_before = db_write_count(r->db);
    /* Tests move the clock through the database, so that every instance behind a balancer
     * reads the same time. Only with COPROG_TEST_CLOCK; never in production. */
    if (a->test_clock && r->db) {
        int64_t off = 0;
        if (db_query_int(r->db, "SELECT offset_us FROM test_clock WHERE id = 1", DB_NOARGS, &off) ==
            DB_OK)
            clock_set_offset(off);
    }
    /* The page kept for this session or token at the data version now, if any, is the answer:
     * it was made after the same session passed the same checks on the same data, and only
     * while the session lasts (web/personcache.h). */
    if (r->db && (r->person_key = person_key(r, rt)) &&
        answer_kept(r, &r->person_key, personcache_get, PERSONCACHE_MAX_BODY, "kept"))
        return;
    if (session_load(r) == AUTH_BAD_TOKEN) {
        req_add_header(r, "WWW-Authenticate", "Bearer");
        req_error(r, 401, "error.bad_token");
        return;
    }
    if (!router_allows(rt->perm, r->user != NULL, r->user ? r->user->roles : 0)) {
        if (r->user) {
            req_error(r, 403, "error.forbidden");
        } else if (!r->want_json && !unsafe(r->method)) {
            const char *next = r->path;
            r->redirect = arena_printf(&r->mem, "/login?next=%s", next);
            r->status = 303;
        } else {
            req_error(r, 401, "error.login_required");
        }
        return;
    }
    /* A deciding role past its password only reaches the second factor's pages (and sign-out)
     * until it gives a code: its home, forms and data wait. */
    if (r->user && r->user->second_factor_pending && !second_factor_page(rt->pattern)) {
        if (r->want_json || unsafe(r->method)) {
            req_error(r, 403, "login.second_factor_needed");
        } else {
            r->redirect = r->user->second_factor_enrolled
                              ? arena_printf(&r->mem, "/login/second-factor?next=%s", r->path)
                              : "/account/second-factor";
            r->status = 303;
        }
        return;
    }
    if (parse_body(r, body, len)) return;
    if (unsafe(r->method) && !r->bearer && !csrf_ok(r)) {
        req_error(r, 403, "error.csrf");
        return;
    }
    if (!r->db && rt->perm != PERM_PUBLIC) {
        req_error(r, 503, "error.db_down");
        return;
    }
    if (rt->handler(r) < 0 && r->status < 400) req_error(r, 500, "error.internal");
    /* A handler that returns with its transaction open is a bug: the connection goes back to
     * the pool clean, and the work is not half kept. */
    if (db_in_transaction(r->db)) {
        log_error("%s %s returned inside a transaction: rolled back", r->method, rt->pattern);
        db_rollback(r->db);
        if (r->status < 400) req_error(r, 500, "error.internal");
    }
}

void dispatch(req *r, const char *body, size_t len, body_state state)
{
    run(r, body, len, state);
    /* Whatever an unsafe request did, pages kept before it may show the old state. */
    if (unsafe(r->method)) pagecache_changed();
    if (unsafe(r->method) && r->db && db_write_count(r->db) != r->writes_before)
        render_set_cookie(r, FENCE_COOKIE, "1", FENCE_SECONDS);
    bool from_view = r->view != NULL && !r->redirect;
    /* A page kept for a person is one whose answer is its body alone: no header of the
     * handler's own (a download's name, a refresh), no cookie set while it was made. */
    bool own_headers = r->nheaders > 0;
    render_response(r);
    if (r->person_key && r->user && from_view && !own_headers && !sets_cookie(r) &&
        r->status == 200 && !r->flash && r->body.data && !r->body.overflow)
        personcache_put(r->person_key, r->bearer ? INT64_MAX : r->user->expires_at, r->body.data,
                        r->body.len, r->content_type);
    if (r->cache_key && from_view && r->status == 200 && !r->flash && r->body.data &&
        !r->body.overflow)
        pagecache_put(r->cache_key, r->cache_gen, clock_now_us(), r->body.data, r->body.len,
                      r->content_type);
}

void dispatch_free(req *r)
{
    json_decref(r->view);
    json_decref(r->json);
    buf_free(&r->body);
}

#include "cli/verbs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/ticker.h"
#include "base/clock.h"
#include "base/log.h"
#include "modules/identity/identity.h"
#include "view/views.h"
#include "web/pagecache.h"
#include "web/server.h"
#include "web/spool.h"
#include "web/static.h"

/* The trust marks the anchor issued to coprog: each checked now (signed by the anchor, about
 * coprog's entity id, not expired) so that a wrong file stops the start, not a sign-in. */
static int serve_trust_marks(const opts *o, app *a)
{
    if (!o->ntrust_mark) return 0;
    char entity[512];
    snprintf(entity, sizeof entity, "%s", o->base_url ? o->base_url : "");
    size_t n = strlen(entity);
    while (n > 8 && entity[n - 1] == '/') entity[--n] = '\0';
    identity_trust t = {.anchor = a->trust_anchor, .anchor_jwks = a->trust_anchor_jwks};
    a->trust_marks = json_array();
    for (unsigned i = 0; i < o->ntrust_mark; i++) {
        FILE *f = fopen(o->trust_mark[i], "r");
        char jwt[16384];
        size_t len = f ? fread(jwt, 1, sizeof jwt - 1, f) : 0;
        if (f) fclose(f);
        while (len && (jwt[len - 1] == '\n' || jwt[len - 1] == '\r' || jwt[len - 1] == ' ')) len--;
        jwt[len] = '\0';
        const char *why = NULL;
        json_t *p =
            len ? identity_trust_mark_check(jwt, entity, &t, clock_now_us() / 1000000, &why) : NULL;
        if (!p) {
            fprintf(stderr,
                    "coprog: --trust-mark %s: %s (a trust mark the anchor %s issued to %s)\n",
                    o->trust_mark[i], len ? why : "cannot be read", a->trust_anchor, entity);
            return -1;
        }
        json_array_append_new(a->trust_marks,
                              json_pack("{s:O,s:s,s:O?}", "id", json_object_get(p, "id"),
                                        "trust_mark", jwt, "exp", json_object_get(p, "exp")));
        json_decref(p);
    }
    return 0;
}

/* The SPID/CIE settings: an anchor comes with its keys, a provider is NAME=URL, and every
 * address is https (or this machine's loopback, for tests). Says what is wrong. */
static int serve_identity(const opts *o, app *a)
{
    if (!o->trust_anchor != !o->trust_anchor_jwks || (o->nidentity_provider && !o->trust_anchor)) {
        fprintf(stderr, "coprog: SPID/CIE sign-in wants --trust-anchor URL with "
                        "--trust-anchor-jwks FILE, and then --identity-provider NAME=URL\n");
        return -1;
    }
    if (!o->trust_anchor) return 0;
    if (!identity_url_allowed(o->trust_anchor)) {
        fprintf(stderr, "coprog: --trust-anchor wants https://..., not %s\n", o->trust_anchor);
        return -1;
    }
    json_error_t err;
    a->trust_anchor_jwks = json_load_file(o->trust_anchor_jwks, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_array(json_object_get(a->trust_anchor_jwks, "keys"))) {
        fprintf(stderr, "coprog: --trust-anchor-jwks %s: not a JWKS ({\"keys\": [...]}): %s\n",
                o->trust_anchor_jwks, err.text);
        return -1;
    }
    a->trust_anchor = o->trust_anchor;
    a->provider_trust_mark = o->provider_trust_mark;
    if (serve_trust_marks(o, a)) return -1;
    for (unsigned i = 0; i < o->nidentity_provider; i++) {
        const char *eq = strchr(o->identity_provider[i], '=');
        struct identity_provider *p = &a->identity_providers[a->nidentity_providers];
        if (!eq || eq == o->identity_provider[i] ||
            (size_t)(eq - o->identity_provider[i]) >= sizeof p->name ||
            !identity_url_allowed(eq + 1)) {
            fprintf(stderr, "coprog: --identity-provider wants NAME=https://..., not %s\n",
                    o->identity_provider[i]);
            return -1;
        }
        snprintf(p->name, sizeof p->name, "%.*s", (int)(eq - o->identity_provider[i]),
                 o->identity_provider[i]);
        p->url = eq + 1;
        a->nidentity_providers++;
    }
    return 0;
}

int cmd_serve(opts *o)
{
    char host[64];
    unsigned port = 0;
    const char *colon = strrchr(o->listen, ':');
    if (!colon || colon - o->listen >= (long)sizeof host ||
        (port = (unsigned)atoi(colon + 1)) == 0 || port > 65535) {
        fprintf(stderr, "coprog: --listen wants HOST:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
    app a = {.routes = app_routes, .nroutes = app_nroutes, .lim = app_default_limits()};
    if (o->threads) a.lim.threads = o->threads;
    a.test_clock = getenv("COPROG_TEST_CLOCK") != NULL;
    a.secure_cookies = getenv("COPROG_SECURE_COOKIES") != NULL;
    a.trusted_proxy = o->trusted_proxy;
    a.second_factor_required = !o->second_factor_optional;
    a.federation_authority[0] = o->federation_authority ? o->federation_authority : o->trust_anchor;
    a.federation_organization = o->federation_org;
    if (serve_identity(o, &a)) {
        json_decref(a.trust_anchor_jwks);
        json_decref(a.trust_marks);
        return 2;
    }
    if (o->second_factor_optional)
        log_warn("the second factor is optional (--second-factor optional): for test servers only");
    char smtp_host[256];
    if (o->smtp) {
        const char *c = strrchr(o->smtp, ':');
        if (!c || c == o->smtp || c - o->smtp >= (long)sizeof smtp_host || !atoi(c + 1)) {
            fprintf(stderr, "coprog: --smtp wants HOST:PORT, e.g. 127.0.0.1:25\n");
            return 2;
        }
        snprintf(smtp_host, sizeof smtp_host, "%.*s", (int)(c - o->smtp), o->smtp);
        a.smtp_host = smtp_host;
        a.smtp_port = c + 1;
    }
    a.mail_from = o->mail_from;
    a.base_url = o->base_url;
    const char *cache_ms = o->page_cache_ms ? o->page_cache_ms : getenv("COPROG_PAGE_CACHE_MS");
    char *end = NULL;
    long ms = cache_ms ? strtol(cache_ms, &end, 10) : 1000;
    if ((cache_ms && (!*cache_ms || *end)) || ms < 0 || ms > 60000) {
        fprintf(stderr, "coprog: --page-cache-ms wants milliseconds from 0 (off) to 60000\n");
        return 2;
    }
    pagecache_init((int64_t)ms * 1000);
    if (o->bodies_mb) {
        long mb = strtol(o->bodies_mb, &end, 10);
        if (!*o->bodies_mb || *end || mb < 1 || mb > 1048576) {
            fprintf(stderr, "coprog: --bodies-mb wants megabytes from 1 to 1048576\n");
            return 2;
        }
        a.lim.bodies_max = (size_t)mb << 20;
    }
    /* Uploads wait in the spool while they arrive: a directory that cannot take them is
     * said now, not at the first upload. */
    spool_dir_set(o->spool_dir);
    spool probe;
    if (spool_open(&probe) || spool_write(&probe, "x", 1)) {
        fprintf(stderr, "coprog: --spool-dir %s: %s\n", spool_dir(), strerror(errno));
        spool_close(&probe);
        return 2;
    }
    spool_close(&probe);
    char err[256];
    if (views_load(&a.views, err, sizeof err)) {
        fprintf(stderr, "coprog: templates: %s\n", err);
        return 1;
    }
    a.statics = statics_load(o->root);
    a.db = open_db(o->db, true);
    /* PostgreSQL: every instance hears of the others' commits, for the pages kept per person. */
    if (a.db) db_watch_start(a.db);
    /* The tests' clock lives in a table of its own, made only when tests ask for it. */
    if (a.db && a.test_clock) {
        db_conn *c = db_conn_get(a.db);
        if (db_exec(c,
                    "CREATE TABLE IF NOT EXISTS test_clock (id INTEGER PRIMARY KEY CHECK (id = 1), "
                    "offset_us BIGINT NOT NULL)",
                    DB_NOARGS, NULL) != DB_OK ||
            db_exec(
                c,
                "INSERT INTO test_clock (id, offset_us) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
                DB_NOARGS, NULL) != DB_OK)
            fprintf(stderr, "coprog: test clock: %s\n", db_errmsg(c));
    }
    int rc = 1;
    if (a.db && a.statics && ticker_start(&a) == 0) {
        rc = server_run(&a, host, port) ? 1 : 0;
        ticker_stop();
    }
    db_close(a.db);
    statics_free(a.statics);
    views_free(a.views);
    json_decref(a.trust_anchor_jwks);
    json_decref(a.trust_marks);
    return rc;
}

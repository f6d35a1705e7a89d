/* The running application: what every request can reach (limits, the database, the views,
 * the route table it serves). Built by main at start, read-only afterwards. The table itself
 * is app/routes.c, above the modules it names. */
#ifndef COPROG_WEB_APP_H
#define COPROG_WEB_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "view/views.h"
#include "web/router.h"

struct statics;

typedef struct limits {
    size_t body_max;            /* bytes of a request body (413 beyond) */
    size_t bodies_max;          /* bytes of request bodies held at once, all requests (503) */
    size_t header_max;          /* bytes of request headers, per connection memory */
    unsigned connections;       /* open connections in all */
    unsigned per_ip;            /* open connections per client address */
    unsigned timeout_s;         /* idle connection timeout */
    unsigned threads;           /* worker threads (each with its own database connection) */
    unsigned login_per_account; /* failed logins per account per window (429 beyond) */
    unsigned login_per_ip;      /* failed logins per client address per window */
    unsigned login_window_s;
} limits;

typedef struct app {
    db *db;
    views *views;
    struct statics *statics;
    const route *routes;
    size_t nroutes;
    limits lim;
    bool secure_cookies; /* behind TLS: add Secure to cookies */
    bool test_clock;     /* tests may move the clock (POST /_test/clock); never in production */
    /* The roles that decide sign in with a second factor (TOTP); `serve --second-factor
     * optional` turns it off for test servers, the default is on. */
    bool second_factor_required;
    /* The proxy in front (nginx), whose X-Forwarded-For names the client: limits per address
     * count clients, not the proxy. NULL: the peer is the client. */
    const char *trusted_proxy;
    /* E-mail: the SMTP relay (host NULL: mail waits in the outbox), the sender, and the
     * address links in mail start with. */
    const char *smtp_host, *smtp_port, *mail_from, *base_url;
    /* The SPID/CIE federation: the authorities named in the entity configuration (NULL-ended)
     * and the organisation that runs this coprog. */
    const char *federation_authority[2];
    const char *federation_organization;
    /* SPID/CIE sign-in: the trust anchor with its keys (a JWKS), and the identity providers the
     * sign-in page offers, by name and entity id. No anchor: no SPID/CIE sign-in. */
    const char *trust_anchor;
    json_t *trust_anchor_jwks;
    /* The trust marks the anchor gave coprog ([{id, trust_mark, exp}], checked at start), and
     * the one every provider must carry (its id), or NULL. */
    json_t *trust_marks;
    const char *provider_trust_mark;
    struct identity_provider {
        char name[96];
        const char *url;
    } identity_providers[8];
    int nidentity_providers;
} app;

#endif

#include "modules/identity/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/identity/identity.h"
#include "web/app.h"

/* /.well-known/openid-federation: the entity configuration, for the federation's authorities
 * and the identity providers. Its entity id is the public address given with --base-url. */
int identity_entity_configuration_page(req *r)
{
    const char *base = r->app->base_url;
    if (!base || strncmp(base, "https://", 8) != 0) return req_error(r, 404, "identity.no_https");
    char *entity = arena_strdup(&r->mem, base);
    size_t n = strlen(entity);
    while (n > 8 && entity[n - 1] == '/') entity[--n] = '\0';
    identity_config cfg = {.entity_id = entity,
                           .organization = r->app->federation_organization
                                               ? r->app->federation_organization
                                               : "coprog",
                           .authority = r->app->federation_authority,
                           .contact = r->app->mail_from ? r->app->mail_from : ""};
    char *jwt = identity_entity_configuration(r->db, &cfg, clock_now_us() / 1000000);
    if (!jwt) return -1;
    int rc = req_send_file(r, jwt, strlen(jwt), "application/entity-statement+jwt", NULL);
    free(jwt);
    return rc;
}

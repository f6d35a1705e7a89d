/* coprog as a relying party of the SPID/CIE OpenID Connect Federation (AgID's guidelines, the
 * federation's technical rules): its keys, the federation's kept apart from the OIDC ones as
 * the rules ask, each made on first use and kept in the settings so every instance signs with
 * the same; and its entity configuration, the self-signed statement a trust anchor and the
 * providers read at /.well-known/openid-federation. (First part of issue 18's SPID/CIE: the
 * authorisation flow and trust chains come next.) */
#ifndef COPROG_MODULES_IDENTITY_H
#define COPROG_MODULES_IDENTITY_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

/* What the entity configuration says of coprog. */
typedef struct identity_config {
    const char *entity_id;    /* the public https URL, with no trailing slash */
    const char *organization; /* who runs this coprog */
    const char *const
        *authority;      /* authority_hints: the trust anchors or intermediates; NULL-ended */
    const char *contact; /* an e-mail address */
} identity_config;

/* The entity configuration as a signed JWT (RS256 with the federation key, typ
 * entity-statement+jwt), valid for a day from now (seconds). malloc'd, or NULL. */
char *identity_entity_configuration(db_conn *c, const identity_config *cfg, int64_t now_s);

#endif

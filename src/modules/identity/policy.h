/* OpenID Federation metadata policies (1.0, §6.1). Module-internal. */
#ifndef COPROG_MODULES_IDENTITY_POLICY_H
#define COPROG_MODULES_IDENTITY_POLICY_H

#include <jansson.h>

/* Applies policy ({"claim": {"operator": value, ...}}) to metadata in place: value, add,
 * default, one_of, subset_of, superset_of, essential; an unknown operator is refused, as the
 * standard asks of operators not marked as safe to ignore. 0, or -1 with why an i18n key. */
int identity_apply_policy(json_t *metadata, json_t *policy, const char **why);

#endif

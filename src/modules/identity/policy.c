#include "modules/identity/policy.h"

#include <stdbool.h>
#include <string.h>

static bool contains(const json_t *array, const json_t *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(array, i, x) if (json_equal(x, v)) return true;
    return false;
}

/* A claim's value as an array: itself, or a one-element array of it. */
static json_t *as_array(json_t *v)
{
    return json_is_array(v) ? json_incref(v) : json_pack("[O]", v);
}

static int apply_one(json_t *md, const char *claim, json_t *ops, const char **why)
{
    static const char *const known[] = {"value",     "add",         "default",  "one_of",
                                        "subset_of", "superset_of", "essential"};
    const char *op;
    json_t *arg;
    json_object_foreach(ops, op, arg)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++) ok |= !strcmp(op, known[i]);
        if (!ok) {
            *why = "identity.policy_unknown";
            return -1;
        }
    }
    json_t *v;
    if ((v = json_object_get(ops, "value"))) {
        if (json_is_null(v))
            json_object_del(md, claim);
        else
            json_object_set(md, claim, v);
    }
    if ((v = json_object_get(ops, "add"))) {
        json_t *cur = json_object_get(md, claim);
        json_t *merged = cur ? as_array(cur) : json_array();
        json_t *adds = as_array(v);
        size_t i;
        json_t *x;
        json_array_foreach(adds, i, x) if (!contains(merged, x)) json_array_append(merged, x);
        json_decref(adds);
        json_object_set_new(md, claim, merged);
    }
    if ((v = json_object_get(ops, "default")) && !json_object_get(md, claim))
        json_object_set(md, claim, v);
    json_t *cur = json_object_get(md, claim);
    if ((v = json_object_get(ops, "one_of")) && cur && !contains(v, cur)) {
        *why = "identity.policy_violated";
        return -1;
    }
    if ((v = json_object_get(ops, "subset_of")) && cur) {
        json_t *have = as_array(cur), *kept = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(have, i, x) if (contains(v, x)) json_array_append(kept, x);
        json_decref(have);
        json_object_set_new(md, claim, kept);
        cur = kept;
    }
    if ((v = json_object_get(ops, "superset_of")) && cur) {
        json_t *have = as_array(cur);
        size_t i;
        json_t *x;
        bool all = true;
        json_array_foreach(v, i, x) all &= contains(have, x);
        json_decref(have);
        if (!all) {
            *why = "identity.policy_violated";
            return -1;
        }
    }
    if (json_is_true(json_object_get(ops, "essential")) && !json_object_get(md, claim)) {
        *why = "identity.policy_violated";
        return -1;
    }
    return 0;
}

int identity_apply_policy(json_t *metadata, json_t *policy, const char **why)
{
    const char *claim;
    json_t *ops;
    json_object_foreach(policy, claim, ops)
    {
        if (!json_is_object(ops)) {
            *why = "identity.policy_unknown";
            return -1;
        }
        if (apply_one(metadata, claim, ops, why) != 0) return -1;
    }
    return 0;
}

#include "modules/agreements/access.h"

#include <string.h>

#include "modules/agreements/agreements.h"

agreement_access agreement_access_for(req *r, int64_t id)
{
    agreement_access x = {0};
    x.agreement = id ? agreement_get(r->db, id) : NULL;
    if (!x.agreement) return x;
    int64_t org = json_integer_value(json_object_get(x.agreement, "organisation_id"));
    int64_t city = json_integer_value(json_object_get(x.agreement, "city_id"));
    x.holder = org && org == req_org_for(r, ROLE_ETS);
    x.officer = city == req_city_for(r, ROLE_OFFICER);
    x.controller = city == req_city_for(r, ROLE_CONTROLLER);
    x.auditor = req_has_role(r, ROLE_AUDITOR);
    return x;
}

bool agreement_access_inside(const agreement_access *x)
{
    return x->holder || x->officer || x->controller || x->auditor;
}

bool agreement_access_running(const agreement_access *x)
{
    const char *s = json_string_value(json_object_get(x->agreement, "state"));
    return s && (strcmp(s, "active") == 0 || strcmp(s, "closed") == 0);
}

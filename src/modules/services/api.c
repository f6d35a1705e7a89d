/* The directory as the HSDS 3.0 API (/hsds/...): JSON whatever the client accepts, the
 * standard's paging (page, per_page) and names; unknown or foreign ids answer 404 in HSDS's
 * words. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/services/hsds.h"
#include "modules/services/routes.h"
#include "modules/services/services.h"
#include "web/input.h"

enum { HSDS_PER_PAGE = 50, HSDS_PER_PAGE_MAX = 500 };

/* The body written as is (the standard's names; no formatted siblings added). */
static int answer_text(req *r, const char *s, int status)
{
    buf_init(&r->body, 64u << 20);
    buf_puts(&r->body, s);
    buf_putc(&r->body, '\n');
    r->status = status;
    r->content_type = "application/json";
    req_add_header(r, "Access-Control-Allow-Origin", "*");
    return 0;
}

static int answer(req *r, json_t *v, int status)
{
    if (!v) return -1;
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(v);
    if (!s) return -1;
    int rc = answer_text(r, s, status);
    free(s);
    return rc;
}

static int not_found(req *r)
{
    return answer(r, json_pack("{s:s}", "message", req_t(r, "error.not_found")), 404);
}

/* page and per_page as HSDS names them; a wrong one is answered 422 with its field. */
static bool paging(req *r, hsds_page *p)
{
    r->want_json = true;
    p->page = in_int(r, "page", 1, 1000000, IN_OPTIONAL);
    p->per_page = in_int(r, "per_page", 1, HSDS_PER_PAGE_MAX, IN_OPTIONAL);
    p->search = in_text(r, "search", 200, IN_OPTIONAL);
    const char *org = in_text(r, "organization_id", 36, IN_OPTIONAL);
    int64_t istat = 0;
    hsds_kind kind = 0;
    if (*org &&
        (!hsds_uuid_parse(org, &istat, &kind, &p->organization_id) || kind != HSDS_ORGANIZATION))
        req_field_error(r, "organization_id", "services.bad_hsds_id");
    if (req_has_errors(r)) {
        req_error(r, 422, "services.bad_hsds_query");
        return false;
    }
    if (!p->page) p->page = 1;
    if (!p->per_page) p->per_page = HSDS_PER_PAGE;
    return true;
}

/* The record the path names, when it is of that kind. */
static int64_t path_id(req *r, hsds_kind want)
{
    int64_t istat = 0, id = 0;
    hsds_kind kind = 0;
    if (!hsds_uuid_parse(req_param(r, "id"), &istat, &kind, &id) || kind != want) return 0;
    return id;
}

int hsds_root(req *r)
{
    return answer(r,
                  json_pack("{s:s,s:s,s:s}", "version", "3.0", "profile",
                            "https://openreferral.org", "openapi_url",
                            "https://raw.githubusercontent.com/openreferral/specification/3.0/"
                            "schema/openapi.json"),
                  200);
}

int hsds_services_list(req *r)
{
    hsds_page p = {0};
    if (!paging(r, &p)) return 0;
    /* Tonight's places change with the board's stamp (every city's), the night with the hour:
     * the same page is written again only when either moved (kept.c). */
    int64_t now = clock_now_us(), stamp = kept_stamp(r->db, 0, now);
    if (stamp < 0) return -1;
    const char *key =
        arena_printf(&r->mem, "hsds-services|%lld|%lld|%lld|%s|%lld|%lld", (long long)p.page,
                     (long long)p.per_page, (long long)p.organization_id, p.search ? p.search : "",
                     (long long)stamp, (long long)(now / 60000000));
    const char *kept = key ? kept_text(key) : NULL;
    if (kept) return answer_text(r, kept, 200);
    json_t *v = hsds_services(r->db, &p, now);
    if (!v) return -1;
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(v);
    if (!s) return -1;
    if (key) kept_text_put(key, s);
    int rc = answer_text(r, s, 200);
    free(s);
    return rc;
}

int hsds_services_one(req *r)
{
    int64_t id = path_id(r, HSDS_SERVICE);
    json_t *v = id ? hsds_service(r->db, id, clock_now_us()) : NULL;
    return v ? answer(r, v, 200) : not_found(r);
}

int hsds_organizations_list(req *r)
{
    hsds_page p = {0};
    if (!paging(r, &p)) return 0;
    return answer(r, hsds_organizations(r->db, &p), 200);
}

int hsds_organizations_one(req *r)
{
    int64_t id = path_id(r, HSDS_ORGANIZATION);
    json_t *v = id ? hsds_organization(r->db, id) : NULL;
    return v ? answer(r, v, 200) : not_found(r);
}

int hsds_sites_list(req *r)
{
    hsds_page p = {0};
    if (!paging(r, &p)) return 0;
    return answer(r, hsds_service_at_locations(r->db, &p, clock_now_us()), 200);
}

int hsds_sites_one(req *r)
{
    int64_t id = path_id(r, HSDS_SERVICE_AT_LOCATION);
    json_t *v = id ? hsds_service_at_location(r->db, id, clock_now_us()) : NULL;
    return v ? answer(r, v, 200) : not_found(r);
}

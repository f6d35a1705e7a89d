#include "modules/cities/routes.h"

#include "base/clock.h"
#include "modules/cities/cities.h"
#include "web/input.h"

static int page(req *r)
{
    r->view = r->view ? r->view : json_object();
    json_object_set_new(r->view, "cities", cities_list(r->db));
    r->template = "cities/admin";
    r->title_key = "cities.title";
    return 0;
}

int cities_admin(req *r)
{
    return page(r);
}

int cities_add(req *r)
{
    const char *istat = in_text(r, "istat_code", 6, IN_REQUIRED);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    city_rc rc = CITY_ERROR;
    int64_t id = 0;
    if (!req_has_errors(r) && db_begin(r->db) == DB_OK) {
        rc = city_add(r->db, istat, name, r->user->id, clock_now_us(), &id);
        if (rc == CITY_OK && db_commit(r->db) == DB_OK)
            return req_redirect(r, "/admin/cities", "cities.added");
        db_rollback(r->db);
    }
    if (rc == CITY_BAD_ISTAT) req_field_error(r, "istat_code", "cities.bad_istat");
    if (rc == CITY_EXISTS) req_field_error(r, "istat_code", "cities.exists");
    if (rc == CITY_BAD_NAME) req_field_error(r, "name", "input.hidden_chars");
    if (!req_has_errors(r)) return -1;
    req_error(r, rc == CITY_EXISTS ? 409 : 422, "cities.not_added");
    json_object_set_new(r->view, "values",
                        json_pack("{s:s,s:s}", "istat_code", istat, "name", name));
    return page(r);
}

int cities_rename(req *r)
{
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    if (req_has_errors(r)) {
        req_error(r, 422, "cities.not_renamed");
        return page(r);
    }
    if (db_begin(r->db) != DB_OK) return -1;
    city_rc rc = city_rename(r->db, req_param_id(r, "id"), name, r->user->id);
    if (rc == CITY_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, "/admin/cities", "cities.renamed");
    db_rollback(r->db);
    if (rc == CITY_NOT_FOUND) return req_error(r, 404, "error.not_found");
    if (rc != CITY_BAD_NAME) return -1;
    req_field_error(r, "name", "input.hidden_chars");
    req_error(r, 422, "cities.not_renamed");
    return page(r);
}

static int bodies_page(req *r)
{
    r->view = r->view ? r->view : json_object();
    json_object_set_new(r->view, "bodies", bodies_list(r->db));
    r->template = "cities/bodies";
    r->title_key = "bodies.title";
    return 0;
}

int bodies_admin(req *r)
{
    return bodies_page(r);
}

int bodies_update(req *r)
{
    const char *name = in_text(r, "name", 300, IN_REQUIRED);
    const char *runts = in_text(r, "runts_number", 40, IN_OPTIONAL);
    if (req_has_errors(r)) {
        req_error(r, 422, "bodies.not_saved");
        return bodies_page(r);
    }
    if (db_begin(r->db) != DB_OK) return -1;
    city_rc rc = body_update(r->db, req_param_id(r, "id"), name, runts, r->user->id);
    if (rc == CITY_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, "/admin/bodies", "bodies.saved");
    db_rollback(r->db);
    if (rc == CITY_NOT_FOUND) return req_error(r, 404, "error.not_found");
    if (rc != CITY_BAD_NAME) return -1;
    req_field_error(r, "name", "input.hidden_chars");
    req_error(r, 422, "bodies.not_saved");
    return bodies_page(r);
}

int64_t cities_public(req *r)
{
    const char *istat = in_text(r, "city", 6, IN_OPTIONAL);
    int64_t own = 0;
    for (int i = 0; !own && r->user && i < r->user->nmemberships; i++)
        own = r->user->memberships[i].city_id;
    return city_pick(r->db, istat, own);
}

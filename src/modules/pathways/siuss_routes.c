/* HTTP handlers of the SIUSS export: the page (each kind of benefit with the code the city
 * reports it under and the benefits of the period), an officer setting a code, and the CSV. */
#include <stdio.h>

#include "base/clock.h"
#include "base/utf8.h"
#include "modules/pathways/routes.h"
#include "modules/services/routes.h"
#include "web/input.h"

int siuss_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL | ROLE_OFFICER);
    const char *from, *to;
    if (!services_report_period(r, &from, &to)) return 0;
    json_t *kinds = siuss_kinds(r->db, city, from, to);
    if (!kinds) return -1;
    req_label_each(r, kinds, "kind", "pathways.siuss_kind", "kind_label");
    r->view = json_pack("{s:o,s:s,s:s,s:s,s:s,s:b}", "kinds", kinds, "from", from, "to", to,
                        "from_text", req_date_text(r, from), "to_text", req_date_text(r, to),
                        "is_officer", req_city_for(r, ROLE_OFFICER) == city);
    r->template = "pathways/siuss";
    r->title_key = "pathways.siuss_title";
    return 0;
}

int siuss_code_save(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    const char *kind = in_choice(r, "kind", SIUSS_KINDS, IN_REQUIRED);
    const char *code = in_checked(r, "code", check_siuss_code, IN_REQUIRED);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    if (name && *name && utf8_chars(name) < 10)
        req_field_error(r, "name", "pathways.siuss_name_short");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.siuss_code_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = siuss_code_set(r->db, city, r->user->id, kind, code, name, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, PATH_ERROR);
    return req_redirect(r, "/people/siuss", "pathways.siuss_code_saved");
}

int siuss_export(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL | ROLE_OFFICER), lines = 0;
    const char *from, *to;
    if (!services_report_period(r, &from, &to)) return 0;
    buf b;
    buf_init(&b, REQ_EXPORT_MAX);
    path_rc rc = db_begin(r->db) == DB_OK
                     ? siuss_csv(r->db, city, r->user->id, from, to, &b, &lines)
                     : PATH_ERROR;
    int out;
    if (rc == PATH_BAD_STATE) {
        db_rollback(r->db);
        out = req_error(r, 409, "pathways.siuss_no_codes");
    } else if (rc != PATH_OK || db_commit(r->db) != DB_OK) {
        out = pathways_fail(r, PATH_ERROR);
    } else {
        out = req_send_buf(r, &b, "text/csv; charset=utf-8",
                           arena_printf(&r->mem, "siuss-%s-%s.csv", from, to));
    }
    buf_free(&b);
    return out;
}

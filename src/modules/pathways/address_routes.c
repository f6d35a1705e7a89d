/* HTTP handlers of the registered address and held mail: the social worker's requests and the
 * mail desk on the record, the registry office's queue (a request's names read one at a time,
 * each reading logged for the person) and decisions, and the certificate as PDF. */
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "modules/pathways/routes.h"
#include "modules/services/routes.h"
#include "view/pdf.h"
#include "web/input.h"

static int to_record(req *r, path_rc rc, int64_t person, const char *flash)
{
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/people/%lld#address", (long long)person), flash);
}

/* Whether the asker may read the names of the record (PATH_OK, else PATH_RESTRICTED or
 * PATH_NOT_FOUND): the registry office of the city always (it registers the person; the reading
 * is logged), a social worker as on the record (a restricted record's only with the grant). */
static path_rc may_name(req *r, int64_t person)
{
    if (req_city_for(r, ROLE_REGISTRY)) return PATH_OK;
    person_access access;
    person_reader w = pathways_reader(r);
    path_rc rc = person_access_for(r->db, &w, person, &access);
    return rc == PATH_OK && !access.name ? PATH_RESTRICTED : rc;
}

int address_ask(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id"), rid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    /* The request carries the names to the registry: only a worker who has them sends it. */
    path_rc rc = may_name(r, id);
    if (rc == PATH_RESTRICTED) {
        db_rollback(r->db);
        return req_error(r, 403, "pathways.grant_needs_name");
    }
    if (rc == PATH_OK) rc = address_request(r->db, city, r->user->id, id, clock_now_us(), &rid);
    if (rc == PATH_NO_STREET || rc == PATH_LIVE) {
        db_rollback(r->db);
        return req_error(r, 409,
                         rc == PATH_LIVE ? "pathways.address_live" : "pathways.address_no_street");
    }
    if (rc == PATH_OK) r->view = json_pack("{s:I}", "request_id", (json_int_t)rid);
    return to_record(r, rc, id, "pathways.address_requested");
}

int address_finish(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = address_end(r->db, city, r->user->id, id, clock_now_us());
    return to_record(r, rc, id, "pathways.address_ended");
}

int mail_arrived(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id"), mid = 0;
    const char *kind = in_choice(r, "kind", MAIL_KINDS, IN_REQUIRED);
    const char *sender = in_text(r, "sender", 200, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.mail_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = mail_log(r->db, city, r->user->id, id, kind, sender, clock_now_us(), &mid);
    if (rc == PATH_OK) r->view = json_pack("{s:I}", "mail_id", (json_int_t)mid);
    return to_record(r, rc, id, "pathways.mail_logged");
}

int mail_handed(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = mail_hand(r->db, city, r->user->id, id, req_param_id(r, "mid"), clock_now_us());
    return to_record(r, rc, id, "pathways.mail_handed");
}

int registry_page(req *r)
{
    json_t *v = registry_overview(r->db, req_city_for(r, ROLE_REGISTRY));
    if (!v) return -1;
    req_label_each(r, json_object_get(v, "decided"), "state", "pathways.address_state",
                   "state_label");
    r->view = v;
    r->template = "pathways/registry";
    r->title_key = "pathways.registry_title";
    return 0;
}

int registry_street(req *r)
{
    int64_t city = req_city_for(r, ROLE_REGISTRY);
    const char *street = in_text(r, "street", STREET_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.street_missing");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = fictitious_street_set(r->db, city, r->user->id, street);
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(r, "/registry", "pathways.street_set");
}

/* A request of the city, its reading logged for the person before it is shown: the registry
 * office reads names, birth and codice fiscale to register the person. NULL with *answered set
 * when the answer is given (404), NULL alone on failure. */
static json_t *request_read(req *r, int64_t city, int64_t rid, const char *part, int *answered)
{
    *answered = 0;
    if (db_begin(r->db) != DB_OK) return NULL;
    json_t *a = address_request_get(r->db, city, rid);
    int64_t person = a ? json_integer_value(json_object_get(a, "person_id")) : 0;
    person_reader w = {.city_id = city, .user_id = r->user->id};
    bool named = a && may_name(r, person) == PATH_OK;
    if (!named || person_read_log(r->db, &w, person, part, "registry", clock_now_us()) != PATH_OK ||
        db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        json_decref(a);
        if (named) return NULL;
        *answered = 1;
        req_error(r, 404, "error.not_found");
        return NULL;
    }
    return a;
}

int registry_request(req *r)
{
    int answered;
    json_t *a =
        request_read(r, req_city_for(r, ROLE_REGISTRY), req_param_id(r, "id"), "record", &answered);
    if (!a) return answered ? 0 : -1;
    json_t *one = json_pack("[O]", a);
    req_date_texts(r, one, "birth_date");
    req_label_each(r, one, "state", "pathways.address_state", "state_label");
    json_decref(one);
    json_object_set_new(
        a, "is_waiting",
        json_boolean(!strcmp(json_string_value(json_object_get(a, "state")), "requested")));
    r->title_text = arena_printf(&r->mem, "%s %lld", req_t(r, "pathways.request_no"),
                                 (long long)json_integer_value(json_object_get(a, "id")));
    r->view = json_pack("{s:o}", "request", a);
    r->template = "pathways/registry_request";
    r->title_key = "pathways.registry_title";
    return 0;
}

int registry_decide(req *r)
{
    int64_t city = req_city_for(r, ROLE_REGISTRY), rid = req_param_id(r, "id");
    static const char *const DECISIONS[] = {"grant", "refuse", NULL};
    const char *decision = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    const char *note = in_text(r, "note", 1000, IN_OPTIONAL);
    bool grant = decision && !strcmp(decision, "grant");
    if (decision && !grant && !*note) req_field_error(r, "note", "pathways.refuse_needs_reason");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.decision_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = address_decide(r->db, city, r->user->id, rid, grant, note, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/registry/%lld", (long long)rid),
                        grant ? "pathways.address_granted" : "pathways.address_refused");
}

/* The certificate of a granted registration: for the registry office of the city, and for the
 * social workers of the city (who hand it to the person); its reading logged as an export. */
int registry_certificate(req *r)
{
    int64_t city = req_city_for(r, ROLE_REGISTRY | ROLE_SOCIAL);
    int answered;
    json_t *a = request_read(r, city, req_param_id(r, "id"), "export", &answered);
    if (!a) return answered ? 0 : -1;
    if (strcmp(json_string_value(json_object_get(a, "state")), "granted") != 0) {
        json_decref(a);
        return req_error(r, 404, "pathways.no_certificate");
    }
    json_t *one = json_pack("[O]", a);
    req_date_texts(r, one, "birth_date");
    json_decref(one);
    const char *g = json_string_value(json_object_get(a, "given_name"));
    const char *f = json_string_value(json_object_get(a, "family_name"));
    const char *n = json_string_value(json_object_get(a, "nickname"));
    const char *cf = json_string_value(json_object_get(a, "tax_code"));
    const char *bd = json_is_string(json_object_get(a, "birth_date"))
                         ? json_string_value(json_object_get(a, "birth_date_text"))
                         : NULL;
    json_int_t by = json_integer_value(json_object_get(a, "birth_year"));
    const char *who = arena_printf(&r->mem, "%s %s", g ? g : "", f ? f : "");
    if (!*g && !*f) who = n ? n : "";
    const char *born =
        bd   ? arena_printf(&r->mem, "%s %s", req_t(r, "pathways.cert_born"), bd)
        : by ? arena_printf(&r->mem, "%s %lld", req_t(r, "pathways.cert_born_year"), (long long)by)
             : "";
    const char *body = arena_printf(
        &r->mem, "%s %s%s%s%s %s %s, %s: %s.", req_t(r, "pathways.cert_text_1"), who,
        *born ? ", " : "", born,
        cf ? arena_printf(&r->mem, ", %s %s", req_t(r, "pathways.tax_code"), cf) : "",
        req_t(r, "pathways.cert_text_2"), json_string_value(json_object_get(a, "city")),
        json_string_value(json_object_get(a, "street")), req_t(r, "pathways.cert_text_3"));
    json_t *doc = json_pack(
        "{s:s,s:s,s:[{s:s},{s:s},{s:s}]}", "title", req_t(r, "pathways.cert_title"), "subtitle",
        arena_printf(&r->mem, "%s %s", req_t(r, "pathways.cert_number"),
                     json_string_value(json_object_get(a, "certificate_number"))),
        "blocks", "text", body, "heading", req_t(r, "pathways.cert_law_heading"), "text",
        req_t(r, "pathways.cert_law"));
    json_decref(a);
    buf pdf;
    buf_init(&pdf, 4u << 20);
    int rc = doc ? pdf_render(doc, &pdf) : -1;
    json_decref(doc);
    if (rc) {
        buf_free(&pdf);
        return -1;
    }
    rc = req_send_file(r, pdf.data, pdf.len, "application/pdf", "certificato-residenza.pdf");
    buf_free(&pdf);
    return rc;
}

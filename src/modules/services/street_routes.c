/* HTTP handlers of street work: the team's phone page (record a contact, even with no signal:
 * static/js/street.js keeps it on the phone and sends it when the network returns, with the key
 * it made; the service worker keeps the page), the city's zones, and the board's stamp. */
#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "base/hex.h"
#include "modules/accounts/accounts.h"
#include "modules/services/routes.h"
#include "modules/services/services.h"
#include "web/app.h"
#include "web/input.h"
#include "web/static.h"

const char *services_contact_key(req *r)
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    char *hex = arena_alloc(&r->mem, 33);
    if (hex) hex_encode(raw, sizeof raw, hex);
    return hex ? hex : "";
}

/* What the contact page offers: zones, teams, needs, the open alerts, the person's holds. */
static json_t *contact_form(req *r, int64_t city, int64_t now)
{
    json_t *needs = req_choices(r, CONTACT_NEEDS, "services.need", NULL);
    json_t *open = alerts_of_city(r->db, city, now, true);
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:s,s:I}", "zones", street_zones(r->db, city), "units",
                     street_units(r->db, city), "needs", needs, "open_alerts", open, "holds",
                     holds_made_by(r->db, r->user->id, now), "client_key", services_contact_key(r),
                     "now_at", (json_int_t)now);
}

int street_contacts_page(req *r)
{
    int64_t city = services_staff_city(r), now = clock_now_us();
    json_t *view = contact_form(r, city, now);
    json_t *contacts = street_contacts(r->db, city, now - INT64_C(24) * 3600 * 1000000);
    /* Needs as people read them: "Cibo, Salute". */
    size_t i;
    json_t *x;
    json_array_foreach(contacts, i, x)
    {
        const char *text = services_code_labels(r, json_string_value(json_object_get(x, "needs")),
                                                "services.need");
        json_object_set_new(x, "needs_text", json_string(text));
    }
    json_object_set_new(view, "contacts", contacts ? contacts : json_array());
    r->view = view;
    r->template = "services/street";
    r->title_key = "services.street_title";
    return 0;
}

const char *services_needs_input(req *r)
{
    const char **needs = NULL;
    int n = in_list(r, "needs", &needs);
    buf b;
    buf_init(&b, 256);
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (CONTACT_NEEDS[k] && strcmp(CONTACT_NEEDS[k], needs[i]) != 0) k++;
        if (!CONTACT_NEEDS[k]) {
            req_field_error(r, "needs", "input.bad_choice");
            break;
        }
        if (b.len) buf_puts(&b, ",");
        buf_puts(&b, CONTACT_NEEDS[k]);
    }
    const char *out = arena_strdup(&r->mem, b.data ? b.data : "");
    buf_free(&b);
    return out ? out : "";
}

int street_contacts_create(req *r)
{
    int64_t city = services_staff_city(r), now = clock_now_us();
    contact_in in = {
        .client_key = in_text(r, "client_key", CONTACT_KEY_MAX, IN_REQUIRED),
        .place = in_text(r, "place", 300, IN_REQUIRED),
        .person = in_text(r, "person", 200, IN_REQUIRED),
        .offered = in_text(r, "offered", 1000, IN_OPTIONAL),
        .referral = in_text(r, "referral", 500, IN_OPTIONAL),
        .zone_id = in_int(r, "zone_id", 0, INT64_MAX, IN_OPTIONAL),
        .service_id = in_int(r, "service_id", 0, INT64_MAX, IN_OPTIONAL),
        .alert_id = in_int(r, "alert_id", 0, INT64_MAX, IN_OPTIONAL),
        .hold_id = in_int(r, "hold_id", 0, INT64_MAX, IN_OPTIONAL),
        .met_at = in_instant(r, "met_at", IN_OPTIONAL),
    };
    if (in.client_key && *in.client_key && !contact_key_valid(in.client_key))
        req_field_error(r, "client_key", "services.contact_bad_key");
    /* A phone's clock may be a little ahead; a day ahead is a mistake. */
    if (in.met_at > now + INT64_C(3600) * 1000000)
        req_field_error(r, "met_at", "services.alert_future");
    in.needs = services_needs_input(r);
    if (req_has_errors(r)) return req_error(r, 422, "services.contact_incomplete");
    if (!in.met_at) in.met_at = now;
    int64_t id = 0;
    bool replayed = false;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = contact_record(r->db, city, r->user->id, &in, now, &id, &replayed);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return rc == SVC_NOT_FOUND ? req_error(r, 404, "services.contact_bad_reference") : -1;
    }
    r->view = json_pack("{s:I,s:b}", "contact_id", (json_int_t)id, "replayed", replayed);
    return req_redirect(r, "/street/contacts",
                        replayed ? "services.contact_replayed" : "services.contact_recorded");
}

/* The service worker that keeps the contact page for when there is no signal: served from
 * /street/ so that its scope is the street pages. */
int street_worker(req *r)
{
    statics_serve_as(r->app->statics, r, "/static/js/street-sw.js");
    return 0;
}

int street_zones_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    r->view = json_pack("{s:o,s:o}", "zones", street_zones(r->db, city), "units",
                        street_units(r->db, city));
    r->template = "services/zones";
    r->title_key = "services.zones_title";
    return 0;
}

int street_zones_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    const char *name = in_text(r, "name", 120, IN_REQUIRED);
    int64_t unit = in_int(r, "service_id", 0, INT64_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "services.zone_incomplete");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = zone_create(r->db, city, r->user->id, name, unit, &id);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc == SVC_DUPLICATE) {
            req_field_error(r, "name", "services.zone_taken");
            return req_error(r, 409, "services.zone_taken");
        }
        return rc == SVC_NOT_FOUND ? req_error(r, 404, "error.not_found") : -1;
    }
    r->view = json_pack("{s:I}", "zone_id", (json_int_t)id);
    return req_redirect(r, "/street/zones", "services.zone_created");
}

/* The board's stamp, for the page's script to know when to fetch the board again. */
int services_board_stamp(req *r)
{
    int64_t stamp = board_stamp(r->db, services_staff_city(r));
    if (stamp < 0) return -1;
    r->view = json_pack("{s:I}", "stamp", (json_int_t)stamp);
    r->want_json = true;
    return 0;
}

/* HTTP handlers of public alerts: anyone's form and the private link that follows an alert;
 * the street teams' list, taking an alert and saying what came of it. */
#include <string.h>

#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/services/routes.h"
#include "modules/services/services.h"
#include "web/app.h"
#include "modules/cities/routes.h"
#include "web/input.h"

/* Alerts one address may send in a window: enough for a volunteer, not for a flood. */
enum { ALERTS_PER_IP = 10, ALERTS_WINDOW_S = 3600 };

int alerts_new_form(req *r)
{
    r->view = json_pack("{s:I,s:o}", "now_at", (json_int_t)clock_now_us(), "zones",
                        street_zones(r->db, cities_public(r)));
    r->template = "services/alert_new";
    r->title_key = "services.alert_title";
    return 0;
}

int alerts_report(req *r)
{
    const char *place = in_text(r, "place", 300, IN_REQUIRED);
    const char *description = in_text(r, "description", 1000, IN_REQUIRED);
    const char *contact = in_text(r, "contact", 200, IN_OPTIONAL);
    int64_t zone = in_int(r, "zone_id", 0, INT64_MAX, IN_OPTIONAL);
    int64_t seen = in_instant(r, "seen_at", IN_OPTIONAL), now = clock_now_us();
    if (seen > now) req_field_error(r, "seen_at", "services.alert_future");
    if (req_has_errors(r)) return req_error(r, 422, "services.alert_incomplete");
    /* Every alert counts against its address (a claim kept, not given back). */
    int64_t claim = 0;
    int wait = attempt_claim(r->db, arena_printf(&r->mem, "alert:%s", r->client_ip), ALERTS_PER_IP,
                             false, ALERTS_WINDOW_S, &claim);
    if (wait) return req_limited(r, wait);
    int64_t city = cities_public(r), id = 0;
    char code[ALERT_CODE_LEN + 1];
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = alert_report(r->db, city, zone, place, seen ? seen : now, description, contact, now,
                             code, &id);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc == SVC_NOT_FOUND) {
            req_field_error(r, "zone_id", "input.bad_choice");
            return req_error(r, 422, "services.alert_incomplete");
        }
        return -1;
    }
    const char *path = arena_printf(&r->mem, "/alerts/track/%s", code);
    const char *base = r->app->base_url ? r->app->base_url : "";
    r->view =
        json_pack("{s:s,s:s,s:i}", "track_path", path, "track_url",
                  arena_printf(&r->mem, "%s%s", base, path), "target_hours", ALERT_TARGET_HOURS);
    r->template = "services/alert_sent";
    r->title_key = "services.alert_sent_title";
    return 0;
}

int alerts_track(req *r)
{
    json_t *a = alert_by_code(r->db, req_param(r, "code"));
    if (!a) return req_error(r, 404, "services.alert_unknown");
    json_object_set_new(a, "state_label",
                        json_string(req_t_code(r, "services.alert_state",
                                               json_string_value(json_object_get(a, "state")))));
    r->view = json_pack("{s:o}", "alert", a);
    r->template = "services/alert_track";
    r->title_key = "services.alert_track_title";
    return 0;
}

int alerts_index(req *r)
{
    int64_t city = services_staff_city(r), now = clock_now_us();
    json_t *alerts = alerts_of_city(r->db, city, now, false);
    req_label_each(r, alerts, "state", "services.alert_state", "state_label");
    json_t *outcomes = json_array();
    for (int i = 0; ALERT_OUTCOMES[i]; i++)
        json_array_append_new(outcomes,
                              json_pack("{s:s,s:s}", "code", ALERT_OUTCOMES[i], "label",
                                        req_t_code(r, "services.alert_state", ALERT_OUTCOMES[i])));
    r->view = json_pack("{s:o,s:o,s:o}", "alerts", alerts ? alerts : json_array(), "units",
                        street_units(r->db, city), "outcomes", outcomes);
    r->template = "services/alerts";
    r->title_key = "services.alerts_title";
    return 0;
}

int alerts_update(req *r)
{
    int64_t city = services_staff_city(r), id = req_param_id(r, "id"), now = clock_now_us();
    int64_t unit = in_int(r, "service_id", 0, INT64_MAX, IN_OPTIONAL);
    const char *state = in_choice(r, "outcome_state", ALERT_OUTCOMES, IN_OPTIONAL);
    const char *outcome = in_text(r, "outcome", 500, IN_OPTIONAL);
    if (!unit && !state) req_field_error(r, "outcome_state", "services.alert_what");
    if (req_has_errors(r)) return req_error(r, 422, "services.alert_what");
    if (db_begin(r->db) != DB_OK) return -1;
    svc_rc rc = state ? alert_close(r->db, city, id, state, outcome, r->user->id, now)
                      : alert_take(r->db, city, id, unit, r->user->id, now);
    if (rc != SVC_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc == SVC_BAD_STATE) return req_error(r, 409, "services.alert_moved");
        return -1;
    }
    return req_redirect(r, "/alerts", state ? "services.alert_closed" : "services.alert_taken");
}

#include "modules/events/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "modules/events/events.h"
#include "view/ical.h"
#include "web/input.h"

int events_index(req *r)
{
    json_t *list = events_upcoming(r->db, 0, clock_now_us());
    r->view = json_pack("{s:o,s:b}", "events", list ? list : json_array(), "is_publisher",
                        req_org_for(r, ROLE_ETS) != 0);
    r->template = "events/index";
    r->title_key = "events.title";
    return 0;
}

static int fail(req *r, event_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case EVENT_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case EVENT_CLOSED:
        return req_error(r, 409, "events.closed");
    case EVENT_ALREADY:
        return req_error(r, 409, "events.already");
    case EVENT_FULL:
        return req_error(r, 409, "events.full");
    case EVENT_NOT_REGISTERED:
        return req_error(r, 409, "events.not_registered");
    case EVENT_BAD_SPACE:
        req_field_error(r, "space_id", "input.bad_choice");
        return req_error(r, 422, "input.bad_choice");
    case EVENT_BAD_TIMES:
        req_field_error(r, "starts_at", "events.bad_times");
        return req_error(r, 422, "events.bad_times");
    default:
        return -1;
    }
}

int events_create(req *r)
{
    event_in in = {0};
    in.title = in_text(r, "title", 200, IN_REQUIRED);
    in.description = in_text(r, "description", 4000, IN_OPTIONAL);
    in.place = in_text(r, "place", 200, IN_REQUIRED);
    in.audience = in_text(r, "audience", 200, IN_OPTIONAL);
    in.starts_at = in_instant(r, "starts_at", IN_REQUIRED);
    in.ends_at = in_instant(r, "ends_at", IN_REQUIRED);
    in.capacity = in_int(r, "capacity", 1, 10000, IN_REQUIRED);
    in.space_id = in_int(r, "space_id", 0, INT64_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "events.invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    event_rc rc = event_create(r->db, req_city_for(r, ROLE_ETS), req_org_for(r, ROLE_ETS),
                               r->user->id, &in, clock_now_us(), &id);
    if (rc != EVENT_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : EVENT_ERROR);
    r->view = json_pack("{s:I}", "event_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/events/%lld", (long long)id), "events.created");
}

int events_show(req *r)
{
    int64_t id = req_param_id(r, "id");
    json_t *e = event_get(r->db, id);
    if (!e) return req_error(r, 404, "error.not_found");
    bool owner =
        json_integer_value(json_object_get(e, "organisation_id")) == req_org_for(r, ROLE_ETS) &&
        req_has_role(r, ROLE_ETS);
    json_t *view = json_pack("{s:o,s:b,s:b}", "event", e, "is_owner", owner, "is_resident",
                             req_has_role(r, ROLE_RESIDENT));
    /* Names of who registered are for the body that runs the activity. */
    if (owner) json_object_set_new(view, "registrations", event_registrations(r->db, id));
    if (r->user) {
        json_t *mine = event_registration_of(r->db, id, r->user->id);
        if (mine) json_object_set_new(view, "mine", mine);
    }
    r->view = view;
    r->template = "events/show";
    r->title_key = "events.event";
    return 0;
}

int events_register(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *state = NULL;
    if (db_begin(r->db) != DB_OK) return -1;
    /* "Only if there is a place": some would rather not wait in line. */
    bool waitlist = !in_flag(r, "no_waitlist");
    event_rc rc = event_register(r->db, id, r->user->id, clock_now_us(), waitlist, &state);
    if (rc != EVENT_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : EVENT_ERROR);
    r->view = json_pack("{s:s}", "state", state);
    return req_redirect(r, arena_printf(&r->mem, "/events/%lld", (long long)id),
                        strcmp(state, "confirmed") == 0 ? "events.confirmed" : "events.waiting");
}

int events_cancel(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    event_rc rc = event_cancel(r->db, id, r->user->id, clock_now_us());
    if (rc != EVENT_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : EVENT_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/events/%lld", (long long)id),
                        "events.cancelled");
}

int events_attendance(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char **who = NULL;
    int n = in_list(r, "user_id", &who);
    int64_t *ids = arena_alloc(&r->mem, sizeof(int64_t) * (size_t)(n + 1));
    if (!ids) return -1;
    for (int i = 0; i < n; i++) ids[i] = strtoll(who[i], NULL, 10);
    if (db_begin(r->db) != DB_OK) return -1;
    event_rc rc = event_attendance(r->db, id, req_org_for(r, ROLE_ETS), ids, n);
    if (rc != EVENT_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : EVENT_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/events/%lld", (long long)id),
                        "events.attendance_saved");
}

static int send_ics(req *r, const char *name, json_t *events)
{
    buf_init(&r->body, 16u << 20);
    int rc = ical_write(&r->body, name, events, "coprog", clock_now_us());
    json_decref(events);
    if (rc) return -1;
    r->content_type = "text/calendar; charset=utf-8";
    return 0;
}

int events_ics_of_organisation(req *r, int64_t org, const char *name)
{
    return send_ics(r, name, events_of_organisation(r->db, org));
}

int events_calendar_page(req *r)
{
    r->view = json_object();
    r->template = "events/calendar";
    r->title_key = "events.calendar_title";
    return 0;
}

int events_calendar_new(req *r)
{
    char token[44];
    if (calendar_token_new(r->db, r->user->id, clock_now_us(), token)) return -1;
    /* Shown once: only its hash is kept. */
    r->view = json_pack("{s:s}", "url", arena_printf(&r->mem, "/calendar/%s.ics", token));
    r->template = "events/calendar";
    r->title_key = "events.calendar_title";
    return 0;
}

int events_private_ics(req *r)
{
    const char *file = req_param(r, "file");
    size_t len = file ? strlen(file) : 0;
    if (len < 5 || strcmp(file + len - 4, ".ics") != 0) return req_error(r, 404, "error.not_found");
    const char *token = arena_printf(&r->mem, "%.*s", (int)(len - 4), file);
    int64_t holder = calendar_user_of(r->db, token);
    if (!holder) return req_error(r, 404, "error.not_found");
    return send_ics(r, "coprog", events_of_user(r->db, holder));
}

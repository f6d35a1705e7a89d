/* HTTP handlers of complex pacts: the notice published on a good, its page (public, as the
 * register is), the comparison meeting, a notice without outcome, and the giunta's approval. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/commons/routes.h"
#include "web/input.h"

enum { NOTICE_DAYS_MIN = 15, NOTICE_DAYS_MAX = 180, MEETING_MERGED_MAX = 50 };

static const char *notice_path(req *r, int64_t id)
{
    return arena_printf(&r->mem, "/commons/notices/%lld", (long long)id);
}

/* A day outside what the step allows: 422 on the field that holds it. */
static int outside(req *r, const char *field, const char *key)
{
    db_rollback(r->db);
    req_field_error(r, field, key);
    return req_error(r, 422, key);
}

int commons_notice_publish(req *r)
{
    int64_t good = req_param_id(r, "id");
    notice_in in = {.good_id = good,
                    .title = in_text(r, "title", 200, IN_REQUIRED),
                    .council_act = in_text(r, "council_act", 300, IN_REQUIRED),
                    .body = in_text(r, "body", 4000, IN_REQUIRED),
                    .days = in_int(r, "days", NOTICE_DAYS_MIN, NOTICE_DAYS_MAX, IN_REQUIRED)};
    if (req_has_errors(r)) return req_error(r, 422, "commons.notice_invalid");
    int64_t id = 0;
    char label[24] = "";
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = notice_publish(r->db, req_city_for(r, ROLE_OFFICER), r->user->id, &in,
                              clock_now_us(), &id, label);
    if (rc == CM_STATE) {
        db_rollback(r->db);
        return req_error(r, 409, "commons.notice_open_already");
    }
    r->view = json_pack("{s:I,s:s}", "notice_id", (json_int_t)id, "protocol", label);
    return commons_done(r, rc, notice_path(r, id), "commons.notice_published");
}

int commons_notice_show(req *r)
{
    char today[11];
    date_rome(clock_now_us(), today);
    json_t *n = notice_get(r->db, req_param_id(r, "id"), today);
    if (!n) return req_error(r, 404, "error.not_found");
    int64_t city = json_integer_value(json_object_get(n, "city_id"));
    bool officer = req_city_for(r, ROLE_OFFICER) == city;
    json_t *one = json_array();
    json_array_append(one, n);
    req_label_each(r, one, "state", "commons.notice_state", "state_label");
    req_date_texts(r, one, "proposals_until");
    req_date_texts(r, one, "meeting_on");
    json_decref(one);
    json_t *proposals = json_object_get(n, "proposals");
    req_label_each(r, proposals, "state", "commons.pact_state", "state_label");
    req_date_texts(r, proposals, "giunta_on");
    /* A resident who proposed is named to the city's officers only, as everywhere. */
    size_t i;
    json_t *x;
    json_array_foreach(proposals, i, x)
    {
        const char *kind = json_string_value(json_object_get(x, "proposer_kind"));
        if (!officer && kind && !strcmp(kind, "resident"))
            json_object_set_new(x, "proposer_name", json_string(""));
        if (json_integer_value(json_object_get(x, "merged_into")))
            json_object_set_new(x, "is_merged", json_true());
    }
    bool evaluating = json_integer_value(json_object_get(n, "is_evaluating")) != 0;
    r->view = json_pack("{s:o,s:b,s:b,s:b,s:s}", "notice", n, "is_officer", officer, "may_meet",
                        officer && evaluating && !json_is_string(json_object_get(n, "meeting_on")),
                        "may_void",
                        officer && json_integer_value(json_object_get(n, "is_evaluating")) != 0 &&
                            json_integer_value(json_object_get(n, "waiting")) == 0,
                        "today", today);
    r->template = "commons/notice";
    r->title_key = "commons.notice_title";
    return 0;
}

int commons_notice_meeting(req *r)
{
    int64_t id = req_param_id(r, "id");
    meeting_in in = {.held_on = in_date(r, "held_on", IN_REQUIRED),
                     .minutes = in_text(r, "minutes", 8000, IN_REQUIRED),
                     .title = in_text(r, "title", 200, IN_OPTIONAL),
                     .activities = in_text(r, "activities", 4000, IN_OPTIONAL),
                     .lead = in_int(r, "lead", 1, INT64_MAX, IN_REQUIRED)};
    const char **merged = NULL;
    int n = in_list(r, "merged", &merged);
    if (n > MEETING_MERGED_MAX) req_field_error(r, "merged", "commons.meeting_too_many");
    int64_t *ids = arena_alloc(&r->mem, sizeof *ids * (size_t)(n + 1));
    for (int i = 0; ids && i < n && !req_has_errors(r); i++) {
        char *end = NULL;
        long long v = strtoll(merged[i], &end, 10);
        if (!end || *end || v <= 0) req_field_error(r, "merged", "commons.meeting_merged_bad");
        ids[i] = v;
    }
    if (req_has_errors(r)) return req_error(r, 422, "commons.meeting_invalid");
    in.merged = ids;
    in.nmerged = n;
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc =
        notice_meeting(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id, &in, clock_now_us());
    if (rc == CM_OUTSIDE) return outside(r, "held_on", "commons.meeting_day");
    return commons_done(r, rc, notice_path(r, id), "commons.meeting_recorded");
}

int commons_notice_void(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *reason = in_text(r, "reason", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.notice_void_reason");
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc =
        notice_void(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id, reason, clock_now_us());
    return commons_done(r, rc, notice_path(r, id), "commons.notice_voided");
}

int commons_pact_giunta(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *act = in_text(r, "act", 300, IN_REQUIRED);
    const char *on = in_date(r, "approved_on", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.giunta_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc =
        pact_giunta(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id, act, on, clock_now_us());
    if (rc == CM_OUTSIDE) return outside(r, "approved_on", "commons.giunta_day");
    return commons_done(r, rc, arena_printf(&r->mem, "/commons/pacts/%lld", (long long)id),
                        "commons.giunta_recorded");
}

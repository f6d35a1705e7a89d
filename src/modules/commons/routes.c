#include "modules/commons/routes.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/filetype.h"
#include "base/timefmt.h"
#include "modules/cities/routes.h"
#include "modules/commons/commons.h"
#include "view/format.h"
#include "web/input.h"

static void today(char out[11])
{
    date_rome(clock_now_us(), out);
}

/* One answer for every step: commit and go back to the page, or say why not. */
int commons_done(req *r, cm_rc rc, const char *back, const char *flash)
{
    if (rc == CM_OK && db_commit(r->db) == DB_OK) return req_redirect(r, back, flash);
    db_rollback(r->db);
    switch (rc) {
    case CM_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case CM_STATE:
        return req_error(r, 409, "commons.wrong_state");
    case CM_TOO_LONG:
        req_field_error(r, "months", "commons.too_long");
        return req_error(r, 422, "commons.too_long");
    case CM_MEMBER:
        return req_error(r, 409, "commons.already_member");
    case CM_NOT_MEMBER:
        return req_error(r, 409, "commons.not_member");
    case CM_COMMENTS_OPEN:
        return req_error(r, 409, "commons.comments_open");
    case CM_NO_RULES:
        return req_error(r, 409, "commons.no_rules");
    case CM_CLOSED:
        return req_error(r, 409, "commons.closed");
    case CM_RENEWALS:
        return req_error(r, 409, "commons.no_renewals");
    case CM_GOOD_TAKEN:
        return req_error(r, 409, "commons.good_taken");
    case CM_DISPUTE_OPEN:
        return req_error(r, 409, "commons.dispute_open");
    case CM_NO_SPACE:
        req_field_error(r, "space_id", "commons.space_unknown");
        return req_error(r, 422, "commons.space_unknown");
    case CM_SPACE_TAKEN:
        req_field_error(r, "space_id", "commons.space_taken");
        return req_error(r, 409, "commons.space_taken");
    case CM_PROPOSER_LEAVES:
        return req_error(r, 409, "commons.proposer_stays");
    case CM_NOTICE_CLOSED:
        return req_error(r, 409, "commons.notice_closed");
    case CM_UNDER_NOTICE:
        return req_error(r, 409, "commons.under_notice");
    case CM_COMPETING:
        return req_error(r, 409, "commons.competing");
    case CM_NO_GIUNTA:
        return req_error(r, 409, "commons.no_giunta");
    case CM_PROPOSALS_OPEN:
        return req_error(r, 409, "commons.proposals_open");
    default:
        return -1;
    }
}

/* A resident who proposed a pact is named to the city's officers and the signatories only, as
 * in the open data; a group or a body is named to all. */
static void hide_residents(json_t *pacts)
{
    size_t i;
    json_t *x;
    json_array_foreach(pacts, i, x)
    {
        const char *kind = json_string_value(json_object_get(x, "proposer_kind"));
        if (kind && !strcmp(kind, "resident"))
            json_object_set_new(x, "proposer_name", json_string(""));
    }
}

static const char *pact_path(req *r, int64_t id)
{
    return arena_printf(&r->mem, "/commons/pacts/%lld", (long long)id);
}

int commons_index(req *r)
{
    int64_t city = cities_public(r), total = 0;
    goods_filter f = {.kind = in_choice(r, "kind", commons_good_kinds, IN_OPTIONAL),
                      .state = in_choice(r, "state", commons_good_states, IN_OPTIONAL),
                      .neighbourhood = in_text(r, "neighbourhood", 100, IN_OPTIONAL),
                      .page = in_int(r, "page", 1, 1000000, IN_OPTIONAL)};
    if (req_has_errors(r)) return req_error(r, 422, "commons.filter_invalid");
    if (f.page < 1) f.page = 1;
    const char *kind = f.kind, *state = f.state;
    json_t *goods = goods_list(r->db, city, &f, &total);
    json_t *hoods = goods ? goods_neighbourhoods(r->db, city) : NULL;
    if (!goods || !hoods) {
        json_decref(goods);
        json_decref(hoods);
        return -1;
    }
    size_t hi;
    json_t *hx;
    json_array_foreach(hoods, hi, hx) json_object_set_new(
        hx, "selected",
        json_boolean(f.neighbourhood &&
                     !strcmp(f.neighbourhood, json_string_value(json_object_get(hx, "name")))));
    /* The filters again in the pager's links, each value percent-encoded. */
    const char *filters = "";
    const char *const pairs[][2] = {
        {"kind", f.kind}, {"state", f.state}, {"neighbourhood", f.neighbourhood}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if (pairs[i][1] && *pairs[i][1])
            filters = arena_printf(&r->mem, "%s&%s=%s", filters, pairs[i][0],
                                   req_url_escape(r, pairs[i][1]));
    req_label_each(r, goods, "kind", "commons.kind", "kind_label");
    req_label_each(r, goods, "state", "commons.good_state", "state_label");
    json_t *rules = pact_rules_get(r->db, city);
    char d[11];
    today(d);
    json_t *notices = notices_open(r->db, city, d);
    if (!notices) {
        json_decref(goods);
        json_decref(hoods);
        json_decref(rules);
        return -1;
    }
    req_date_texts(r, notices, "proposals_until");
    r->view = json_pack("{s:o,s:o,s:o,s:I,s:s,s:o,s:o,s:o,s:b}", "goods", goods, "notices", notices,
                        "neighbourhoods", hoods, "total", (json_int_t)total, "filters", filters,
                        "rules", rules ? rules : json_null(), "kinds",
                        req_choices(r, commons_good_kinds, "commons.kind", kind), "states",
                        req_choices(r, commons_good_states, "commons.good_state", state),
                        "is_officer", req_city_for(r, ROLE_OFFICER) == city);
    req_pager(r->view, f.page, (total + GOODS_PAGE - 1) / GOODS_PAGE);
    r->template = "commons/index";
    r->title_key = "commons.title";
    return 0;
}

/* The officer's city, when it is the city of the thing acted on. */
static int64_t officer_city(req *r)
{
    return req_city_for(r, ROLE_OFFICER);
}

int commons_good_add(req *r)
{
    int64_t city = officer_city(r);
    good_in in = {.kind = in_choice(r, "kind", commons_good_kinds, IN_REQUIRED),
                  .name = in_text(r, "name", 200, IN_REQUIRED),
                  .address = in_text(r, "address", 300, IN_REQUIRED),
                  .neighbourhood = in_text(r, "neighbourhood", 128, IN_OPTIONAL),
                  .anbsc_code = in_text(r, "anbsc_code", 64, IN_OPTIONAL),
                  .description = in_text(r, "description", 4000, IN_OPTIONAL),
                  .area_m2 = in_int(r, "area_m2", 1, 10000000, IN_OPTIONAL)};
    const char *lat = req_field(r, "latitude"), *lon = req_field(r, "longitude");
    if ((lat && *lat) || (lon && *lon)) {
        in.latitude_e6 = in_coord(r, "latitude", true, IN_REQUIRED);
        in.longitude_e6 = in_coord(r, "longitude", false, IN_REQUIRED);
        in.has_place = true;
    }
    /* A confiscated asset is known by the national agency's code. */
    if (in.kind && !strcmp(in.kind, "confiscated") && (!in.anbsc_code || !*in.anbsc_code))
        req_field_error(r, "anbsc_code", "commons.anbsc_required");
    if (req_has_errors(r)) return req_error(r, 422, "commons.good_invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = good_add(r->db, city, r->user->id, &in, clock_now_us(), &id);
    r->view = json_pack("{s:I}", "good_id", (json_int_t)id);
    return commons_done(r, rc, arena_printf(&r->mem, "/commons/goods/%lld", (long long)id),
                        "commons.good_added");
}

int commons_good_space(req *r)
{
    int64_t city = officer_city(r), id = req_param_id(r, "id");
    int64_t space = in_int(r, "space_id", 0, INT64_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.space_unknown");
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = good_set_space(r->db, city, id, r->user->id, space);
    return commons_done(r, rc, arena_printf(&r->mem, "/commons/goods/%lld", (long long)id),
                        space ? "commons.space_linked" : "commons.space_unlinked");
}

int commons_good_show(req *r)
{
    json_t *g = good_get(r->db, 0, req_param_id(r, "id"));
    if (!g) return req_error(r, 404, "error.not_found");
    int64_t city = json_integer_value(json_object_get(g, "city_id"));
    json_t *one = json_array();
    json_array_append(one, g);
    req_label_each(r, one, "kind", "commons.kind", "kind_label");
    req_label_each(r, one, "state", "commons.good_state", "state_label");
    json_decref(one);
    req_label_each(r, json_object_get(g, "events"), "event", "commons.event", "event_label");
    req_label_each(r, json_object_get(g, "pacts"), "state", "commons.pact_state", "state_label");
    if (officer_city(r) != json_integer_value(json_object_get(g, "city_id")))
        hide_residents(json_object_get(g, "pacts"));
    req_date_texts(r, json_object_get(g, "pacts"), "starts_on");
    req_date_texts(r, json_object_get(g, "pacts"), "ends_on");
    char d[11];
    today(d);
    json_t *routes = asset_routes_of(r->db, json_integer_value(json_object_get(g, "id")), d);
    if (!routes) {
        json_decref(g);
        return -1;
    }
    req_label_each(r, routes, "kind", "commons.route", "kind_label");
    req_label_each(r, routes, "state", "commons.route_state", "state_label");
    req_date_texts(r, routes, "step_due");
    req_date_texts(r, routes, "starts_on");
    req_date_texts(r, routes, "ends_on");
    size_t ri;
    json_t *rx;
    json_array_foreach(routes, ri, rx)
    {
        req_label_each(r, json_object_get(rx, "steps"), "name", "commons.step", "label");
        req_date_texts(r, json_object_get(rx, "steps"), "due");
    }
    json_object_set_new(g, "routes", routes);
    req_label_each(r, json_object_get(g, "calls"), "state", "calls.state", "state_label");
    req_label_each(r, json_object_get(g, "agreements"), "state", "agreements.state", "state_label");
    bool offered = !strcmp(json_string_value(json_object_get(g, "state")), "offered");
    json_t *rules = pact_rules_get(r->db, city);
    /* Under an open notice (one at most, among the good's), proposals go under it while it
     * takes them. */
    json_t *notices = notices_of_good(r->db, json_integer_value(json_object_get(g, "id")));
    if (!notices) {
        json_decref(g);
        json_decref(rules);
        return -1;
    }
    int64_t notice = 0;
    const char *until = "";
    size_t ni;
    json_t *nx;
    json_array_foreach(notices, ni,
                       nx) if (!strcmp(json_string_value(json_object_get(nx, "state")), "open"))
    {
        notice = json_integer_value(json_object_get(nx, "id"));
        until = json_string_value(json_object_get(nx, "proposals_until"));
    }
    req_label_each(r, notices, "state", "commons.notice_state", "state_label");
    req_date_texts(r, notices, "proposals_until");
    json_object_set_new(g, "notices", notices);
    bool taking = notice && strcmp(d, until) <= 0;
    if (taking) json_object_set_new(g, "notice_id", json_integer(notice));
    bool may_propose =
        ((offered && !notice) || taking) && rules && req_has_role(r, ROLE_RESIDENT | ROLE_ETS);
    bool officer = officer_city(r) == city;
    r->view = json_pack(
        "{s:o,s:o,s:b,s:b,s:b,s:b,s:o,s:o}", "good", g, "rules", rules ? rules : json_null(),
        "may_propose", may_propose, "is_body", req_has_role(r, ROLE_ETS), "is_officer", officer,
        "may_start_route", officer && offered && !notice, "route_kinds",
        req_choices(r, commons_route_kinds, "commons.route", NULL), "proposer_kinds",
        req_choices(r, commons_proposer_kinds, "commons.proposer", NULL));
    json_object_set_new(r->view, "may_publish_notice", json_boolean(officer && offered && !notice));
    if (officer) {
        /* The officer links the good to a space of the register, or to none. */
        json_t *spaces = good_space_choices(r->db, city);
        int64_t now_space = json_integer_value(json_object_get(g, "space_id"));
        size_t si;
        json_t *sx;
        json_array_foreach(spaces, si, sx) json_object_set_new(
            sx, "selected",
            json_boolean(json_integer_value(json_object_get(sx, "id")) == now_space));
        json_object_set_new(r->view, "space_choices", spaces ? spaces : json_array());
    }
    r->template = "commons/good";
    r->title_key = "commons.good";
    return 0;
}

/* "lo" or "lo-hi" under key, from the row's integers at lo_key and hi_key (basis points shown
 * as a percentage when percent). */
static void range_text(req *r, json_t *row, const char *lo_key, const char *hi_key, const char *key,
                       bool percent)
{
    int64_t lo = json_integer_value(json_object_get(row, lo_key));
    int64_t hi = json_integer_value(json_object_get(row, hi_key));
    json_t *pa = percent ? format_percent_bp(lo, r->lang) : NULL;
    json_t *pb = percent ? format_percent_bp(hi, r->lang) : NULL;
    const char *a = pa ? json_string_value(pa) : arena_printf(&r->mem, "%lld", (long long)lo);
    const char *b = pb ? json_string_value(pb) : arena_printf(&r->mem, "%lld", (long long)hi);
    json_object_set_new(row, key,
                        json_string(lo == hi ? a : arena_printf(&r->mem, "%s – %s", a, b)));
    json_decref(pa);
    json_decref(pb);
}

int commons_rules(req *r)
{
    json_t *all = pact_rules_all(r->db);
    json_t *calls = call_terms_all(r->db);
    if (!all || !calls) {
        json_decref(all);
        json_decref(calls);
        return -1;
    }
    size_t i;
    json_t *x;
    json_array_foreach(calls, i, x)
    {
        range_text(r, x, "cofinancing_min_bp", "cofinancing_max_bp", "cofinancing_text", true);
        range_text(r, x, "threshold_min", "threshold_max", "threshold_text", false);
        range_text(r, x, "months_min", "months_max", "months_text", false);
    }
    int64_t city = officer_city(r);
    json_t *mine = city ? pact_rules_get(r->db, city) : NULL;
    r->view = json_pack("{s:o,s:o,s:b,s:o}", "rules", all, "calls", calls, "is_officer", city != 0,
                        "mine", mine ? mine : json_object());
    r->template = "commons/rules";
    r->title_key = "commons.rules_title";
    return 0;
}

int commons_rules_save(req *r)
{
    pact_rules_in in = {.regulation = in_text(r, "regulation", 300, IN_REQUIRED),
                        .answer_days = in_int(r, "answer_days", 1, 365, IN_REQUIRED),
                        .comment_days = in_int(r, "comment_days", 0, 90, IN_REQUIRED),
                        .max_months = in_int(r, "max_months", 1, 120, IN_REQUIRED),
                        .max_renewals = in_int(r, "max_renewals", 0, 10, IN_REQUIRED),
                        .dispute_days = in_int(r, "dispute_days", 1, 180, IN_OPTIONAL)};
    if (req_has_errors(r)) return req_error(r, 422, "commons.rules_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r, pact_rules_set(r->db, officer_city(r), r->user->id, &in, clock_now_us()),
                        "/commons/rules", "commons.rules_saved");
}

int commons_pacts(req *r)
{
    int64_t city = cities_public(r);
    const char *state = in_choice(r, "state", commons_pact_states, IN_OPTIONAL);
    char d[11];
    today(d);
    json_t *pacts = pacts_list(r->db, city, state, d);
    if (!pacts) return -1;
    req_label_each(r, pacts, "state", "commons.pact_state", "state_label");
    req_label_each(r, pacts, "proposer_kind", "commons.proposer", "proposer_label");
    if (officer_city(r) != city) hide_residents(pacts);
    req_date_texts(r, pacts, "answer_due");
    req_date_texts(r, pacts, "ends_on");
    r->view = json_pack("{s:o,s:o,s:b,s:s%}", "pacts", pacts, "states",
                        req_choices(r, commons_pact_states, "commons.pact_state", state),
                        "is_officer", officer_city(r) == city, "month", d, (size_t)7);
    r->template = "commons/pacts";
    r->title_key = "commons.pacts_title";
    return 0;
}

int commons_pact_propose(req *r)
{
    bool body = req_has_role(r, ROLE_ETS);
    pact_in in = {.good_id = in_int(r, "good_id", 1, INT64_MAX, IN_REQUIRED),
                  .title = in_text(r, "title", 200, IN_REQUIRED),
                  .activities = in_text(r, "activities", 4000, IN_REQUIRED),
                  .proposer_kind =
                      in_choice(r, "proposer_kind", commons_proposer_kinds, IN_REQUIRED),
                  .months = in_int(r, "months", 1, 120, IN_REQUIRED),
                  .open = in_flag(r, "open"),
                  .notice_id = in_int(r, "notice_id", 1, INT64_MAX, IN_OPTIONAL)};
    const char *group = in_text(r, "group_name", 200, IN_OPTIONAL);
    /* Who proposes: the person, a group by its name, or the body the person represents. */
    if (in.proposer_kind && !strcmp(in.proposer_kind, "informal_group")) {
        if (!group || !*group) req_field_error(r, "group_name", "commons.group_required");
        in.proposer_name = group;
    } else if (in.proposer_kind && !strcmp(in.proposer_kind, "body")) {
        in.organisation_id = body ? req_org_for(r, ROLE_ETS) : 0;
        if (!in.organisation_id) req_field_error(r, "proposer_kind", "commons.body_only");
        in.proposer_name = NULL; /* the body's own name, from the register of bodies */
    } else {
        in.proposer_name = r->user->name;
    }
    if (req_has_errors(r)) return req_error(r, 422, "commons.pact_invalid");
    int64_t id = 0;
    char label[24] = "";
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = pact_propose(r->db, r->user->id, &in, clock_now_us(), &id, label);
    r->view = json_pack("{s:I,s:s}", "pact_id", (json_int_t)id, "protocol", label);
    return commons_done(r, rc, pact_path(r, id), "commons.proposed");
}

int commons_pact_show(req *r)
{
    char d[11];
    today(d);
    json_t *p = pact_get(r->db, req_param_id(r, "id"), d);
    if (!p) return req_error(r, 404, "error.not_found");
    int64_t id = json_integer_value(json_object_get(p, "id"));
    int64_t city = json_integer_value(json_object_get(p, "city_id"));
    const char *state = json_string_value(json_object_get(p, "state"));
    bool officer = officer_city(r) == city;
    bool member = r->user && pact_is_member(r->db, id, r->user->id);
    bool active = !strcmp(state, "active") && !json_integer_value(json_object_get(p, "is_expired"));
    json_t *one = json_array();
    json_array_append(one, p);
    req_label_each(r, one, "state", "commons.pact_state", "state_label");
    req_label_each(r, one, "proposer_kind", "commons.proposer", "proposer_label");
    for (const char *const *k = (const char *const[]){"answer_due", "comments_until", "starts_on",
                                                      "ends_on", "giunta_on", NULL};
         *k; k++)
        req_date_texts(r, one, *k);
    json_decref(one);
    req_label_each(r, json_object_get(p, "signatories"), "role", "commons.role", "role_label");
    req_label_each(r, json_object_get(p, "ledger"), "kind", "commons.ledger_kind", "kind_label");
    req_label_each(r, json_object_get(p, "ledger"), "side", "commons.side", "side_label");
    req_date_texts(r, json_object_get(p, "ledger"), "on_date");
    json_t *days = pact_days(r->db, id);
    if (!days) {
        json_decref(p);
        return -1;
    }
    req_date_texts(r, days, "day");
    json_object_set_new(p, "days", days);
    json_t *reports = pact_reports(r->db, id);
    if (!reports) {
        json_decref(p);
        return -1;
    }
    req_date_texts(r, reports, "period_from");
    req_date_texts(r, reports, "period_to");
    size_t ri;
    json_t *rx;
    json_array_foreach(reports, ri, rx) req_lines(r, rx, "text");
    json_object_set_new(p, "reports", reports);
    /* Names of the people who signed or took part are for those who work the pact; others see
     * how many. */
    if (!officer && !member) {
        size_t i;
        json_t *x;
        json_array_foreach(days, i, x) json_object_del(x, "people");
        json_t *people = json_object_get(p, "signatories");
        json_object_set_new(p, "signatory_count",
                            json_integer((json_int_t)json_array_size(people)));
        json_object_set_new(p, "signatories", json_array());
        json_t *self = json_array();
        json_array_append(self, p);
        hide_residents(self);
        json_decref(self);
    }
    /* Disputes are for those who work the pact. */
    bool may_raise = false;
    if (officer || member) {
        json_t *disputes = pact_disputes(r->db, id, d);
        if (!disputes) {
            json_decref(p);
            return -1;
        }
        req_label_each(r, disputes, "state", "commons.dispute_state", "state_label");
        req_label_each(r, disputes, "side", "commons.dispute_side", "side_label");
        req_date_texts(r, disputes, "due_on");
        size_t di;
        json_t *dx;
        may_raise = active;
        json_array_foreach(disputes, di, dx) if (json_is_true(json_object_get(dx, "is_raised")) ||
                                                 json_is_true(json_object_get(dx, "is_committee")))
            may_raise = false;
        json_object_set_new(p, "disputes", disputes);
    }
    bool open = json_integer_value(json_object_get(p, "is_open")) != 0;
    bool proposer =
        r->user && json_integer_value(json_object_get(p, "proposer_user_id")) == r->user->id;
    if (!officer) json_object_del(p, "proposer_user_id");
    r->view = json_pack(
        "{s:o,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:s,s:o,s:o}", "pact", p, "is_officer",
        officer, "may_report",
        (officer || member) && (active || json_integer_value(json_object_get(p, "is_expired"))),
        "may_record_day", active && (officer || member), "is_member", member, "may_join",
        active && open && !member && req_has_role(r, ROLE_RESIDENT | ROLE_ETS), "may_leave",
        active && member && !officer && !proposer, "may_comment",
        r->user && json_integer_value(json_object_get(p, "is_commenting")), "is_proposed",
        !strcmp(state, "proposed"), "is_published", !strcmp(state, "published"), "is_active",
        active, "today", d, "city_kinds",
        req_choices(r, commons_ledger_kinds, "commons.ledger_kind", NULL), "citizen_kinds",
        req_choices(r,
                    (const char *const[]){"volunteer_hours", "materials", "tools", "other", NULL},
                    "commons.ledger_kind", NULL));
    json_object_set_new(r->view, "may_raise_dispute", json_boolean(may_raise));
    /* A complex pact is published after the giunta's approval, recorded once the notice closed. */
    bool waits_giunta = json_integer_value(json_object_get(p, "is_complex")) != 0 &&
                        !json_is_string(json_object_get(p, "giunta_act"));
    json_object_set_new(r->view, "may_publish",
                        json_boolean(!strcmp(state, "proposed") && !waits_giunta));
    json_object_set_new(
        r->view, "may_giunta",
        json_boolean(json_integer_value(json_object_get(p, "is_awaiting_giunta")) != 0));
    r->template = "commons/pact";
    r->title_key = "commons.pact";
    return 0;
}

/* The officer steps: the pact must be of the officer's city. */
static int officer_step(req *r, cm_rc (*step)(db_conn *, int64_t, int64_t, int64_t, int64_t),
                        const char *flash)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r, step(r->db, officer_city(r), id, r->user->id, clock_now_us()),
                        pact_path(r, id), flash);
}

int commons_pact_publish(req *r)
{
    return officer_step(r, pact_publish, "commons.published");
}

int commons_pact_renew(req *r)
{
    return officer_step(r, pact_renew, "commons.renewed");
}

int commons_pact_sign(req *r)
{
    const char *starts = in_date(r, "starts_on", IN_REQUIRED);
    char d[11];
    today(d);
    if (starts && strcmp(starts, d) < 0) req_field_error(r, "starts_on", "commons.starts_past");
    if (req_has_errors(r)) return req_error(r, 422, "commons.starts_past");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r,
                        pact_sign(r->db, officer_city(r), id, r->user->id, starts, clock_now_us()),
                        pact_path(r, id), "commons.signed");
}

static int with_reason(req *r, bool revoke)
{
    const char *reason = in_text(r, "reason", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.reason_required");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = revoke
                   ? pact_revoke(r->db, officer_city(r), id, r->user->id, reason, clock_now_us())
                   : pact_reject(r->db, officer_city(r), id, r->user->id, reason, clock_now_us());
    return commons_done(r, rc, pact_path(r, id), revoke ? "commons.revoked" : "commons.rejected");
}

int commons_pact_reject(req *r)
{
    return with_reason(r, false);
}

int commons_pact_revoke(req *r)
{
    return with_reason(r, true);
}

int commons_pact_comment(req *r)
{
    const char *text = in_text(r, "text", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.comment_required");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r, pact_comment(r->db, id, r->user->id, text, clock_now_us()),
                        pact_path(r, id), "commons.commented");
}

int commons_pact_join(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r, pact_join(r->db, id, r->user->id, clock_now_us()), pact_path(r, id),
                        "commons.joined");
}

int commons_pact_leave(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r, pact_leave(r->db, id, r->user->id, clock_now_us()), pact_path(r, id),
                        "commons.left");
}

int commons_pact_ledger(req *r)
{
    int64_t id = req_param_id(r, "id");
    /* The city's side is its officers'; the citizens' side the signatories' own. */
    bool city_side = officer_city(r) && officer_city(r) == pact_city(r->db, id);
    static const char *const CITIZEN_KINDS[] = {"volunteer_hours", "materials", "tools", "other",
                                                NULL};
    ledger_in in = {
        .side = city_side ? "city" : "citizens",
        .kind = in_choice(r, "kind", city_side ? commons_ledger_kinds : CITIZEN_KINDS, IN_REQUIRED),
        .description = in_text(r, "description", 300, IN_REQUIRED),
        .on_date = in_date(r, "on_date", IN_REQUIRED),
        .hours_centi = in_int(r, "hours", 0, 100000, IN_OPTIONAL) * 100,
        .value_cents = in_money(r, "value", IN_OPTIONAL)};
    if (in.value_cents < 0) req_field_error(r, "value", "commons.value_negative");
    if (req_has_errors(r)) return req_error(r, 422, "commons.ledger_invalid");
    if (!city_side && !pact_is_member(r->db, id, r->user->id))
        return req_error(r, 403, "commons.not_member");
    if (db_begin(r->db) != DB_OK) return -1;
    return commons_done(r, pact_ledger_add(r->db, id, r->user->id, &in, clock_now_us()),
                        pact_path(r, id), "commons.ledger_added");
}

/* "Nome Cognome" or "Nome Cognome, 1980-01-31" (or ";"), one a line. The number read, or -1
 * after a field error. */
static int people_of(req *r, const char *text, pact_person *out, int max)
{
    int n = 0;
    char *copy = arena_strdup(&r->mem, text ? text : ""), *save = NULL;
    for (char *line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        while (*line == ' ' || *line == '\t') line++;
        size_t len = strlen(line);
        while (len && (line[len - 1] == ' ' || line[len - 1] == '\t')) line[--len] = '\0';
        if (!len) continue;
        if (n == max) {
            req_field_error(r, "people", "commons.too_many_people");
            return -1;
        }
        const char *born = NULL;
        char *sep = strrchr(line, ',');
        if (!sep) sep = strrchr(line, ';');
        if (sep) {
            const char *tail = sep + 1;
            while (*tail == ' ') tail++;
            if (date_parse(tail, NULL, NULL, NULL) == 0) {
                born = tail;
                *sep = '\0';
                for (size_t k = strlen(line); k && line[k - 1] == ' '; k--) line[k - 1] = '\0';
            } else {
                req_field_error(r, "people", "commons.person_bad");
                return -1;
            }
        }
        if (!*line || strlen(line) > 200) {
            req_field_error(r, "people", "commons.person_bad");
            return -1;
        }
        out[n++] = (pact_person){.full_name = line, .birth_date = born};
    }
    if (!n) req_field_error(r, "people", "commons.people_required");
    return n ? n : -1;
}

int commons_pact_day(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *day = in_date(r, "day", IN_REQUIRED);
    const char *activity = in_text(r, "activity", 300, IN_REQUIRED);
    pact_person people[PACT_DAY_MAX_PEOPLE];
    int n = people_of(r, in_text(r, "people", 30000, IN_REQUIRED), people, PACT_DAY_MAX_PEOPLE);
    if (req_has_errors(r) || n < 0) return req_error(r, 422, "commons.day_invalid");
    bool city_side = officer_city(r) && officer_city(r) == pact_city(r->db, id);
    if (!city_side && !pact_is_member(r->db, id, r->user->id))
        return req_error(r, 403, "commons.not_member");
    int64_t day_id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc =
        pact_day_add(r->db, id, r->user->id, day, activity, people, n, clock_now_us(), &day_id);
    if (rc == CM_OUTSIDE) {
        db_rollback(r->db);
        req_field_error(r, "day", "commons.day_outside");
        return req_error(r, 422, "commons.day_outside");
    }
    if (rc == CM_DAY_EXISTS) {
        db_rollback(r->db);
        return req_error(r, 409, "commons.day_exists");
    }
    r->view = json_pack("{s:I,s:i}", "day_id", (json_int_t)day_id, "people", n);
    return commons_done(r, rc, pact_path(r, id), "commons.day_added");
}

int commons_insurance_csv(req *r)
{
    const char *month = in_text(r, "month", 7, IN_REQUIRED);
    char probe[11];
    if (month && strlen(month) == 7) snprintf(probe, sizeof probe, "%s-01", month);
    if (!month || strlen(month) != 7 || date_parse(probe, NULL, NULL, NULL)) {
        req_field_error(r, "month", "commons.month_bad");
        return req_error(r, 422, "commons.month_bad");
    }
    buf b;
    buf_init(&b, REQ_EXPORT_MAX);
    int rc = pact_insurance_csv(r->db, officer_city(r), month, &b);
    if (rc == 0)
        rc = req_send_buf(r, &b, "text/csv; charset=utf-8",
                          arena_printf(&r->mem, "assicurazione-patti-%s.csv", month));
    buf_free(&b);
    return rc;
}

static int route_done(req *r, cm_rc rc, int64_t good, const char *flash)
{
    if (rc == CM_TOO_LONG) {
        db_rollback(r->db);
        req_field_error(r, "term_months", "commons.route_too_long");
        return req_error(r, 422, "commons.route_too_long");
    }
    if (rc == CM_WRONG_ROUTE) {
        db_rollback(r->db);
        return req_error(r, 409, "commons.wrong_route");
    }
    return commons_done(r, rc, arena_printf(&r->mem, "/commons/goods/%lld", (long long)good),
                        flash);
}

int commons_route_start(req *r)
{
    int64_t good = req_param_id(r, "id");
    const char *kind = in_choice(r, "kind", commons_route_kinds, IN_REQUIRED);
    const char *party = in_text(r, "party", 300, IN_REQUIRED);
    int64_t months = in_int(r, "term_months", 1, 360, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.route_invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = asset_route_start(r->db, officer_city(r), good, r->user->id, kind, party, months,
                                 clock_now_us(), &id);
    r->view = json_pack("{s:I}", "route_id", (json_int_t)id);
    return route_done(r, rc, good, "commons.route_started");
}

/* The good a route is on, for the way back. */
static int64_t route_good(req *r, int64_t id)
{
    return asset_route_good(r->db, id);
}

int commons_route_advance(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *note = in_text(r, "note", 1000, IN_OPTIONAL);
    int64_t step = in_int(r, "step", 1, 100, IN_REQUIRED);
    /* The step's document, when attached: a PDF, checked by its bytes. */
    const upload *doc = NULL;
    for (int i = 0; i < r->nuploads; i++)
        if (!strcmp(r->uploads[i].field, "document") && r->uploads[i].len) doc = &r->uploads[i];
    if (doc && doc->len > FILE_MAX_BYTES)
        req_field_error(r, "document", "proposals.file_too_large");
    else if (doc && (!filetype_of(doc->data, doc->len) ||
                     strcmp(filetype_of(doc->data, doc->len), "application/pdf") != 0))
        req_field_error(r, "document", "commons.document_pdf");
    if (req_has_errors(r)) return req_error(r, 422, "commons.route_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    int64_t now = clock_now_us();
    cm_rc rc = asset_route_advance(r->db, officer_city(r), id, r->user->id, step, note, now);
    if (rc == CM_OK && doc) {
        protocol_file f = {.name =
                               doc->filename && *doc->filename ? doc->filename : "documento.pdf",
                           .data = doc->data,
                           .len = doc->len,
                           .mime = "application/pdf"};
        rc = asset_route_step_document(r->db, officer_city(r), id, step, r->user->id, &f, now);
    }
    return route_done(r, rc, route_good(r, id), "commons.route_advanced");
}

int commons_route_refuse(req *r)
{
    const char *reason = in_text(r, "reason", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.reason_required");
    int64_t id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = asset_route_refuse(r->db, officer_city(r), id, r->user->id, reason, clock_now_us());
    return route_done(r, rc, route_good(r, id), "commons.route_refused");
}

int commons_pact_report(req *r)
{
    int64_t id = req_param_id(r, "id");
    pact_report_in in = {.from = in_date(r, "period_from", IN_REQUIRED),
                         .to = in_date(r, "period_to", IN_REQUIRED),
                         .text = in_text(r, "text", 8000, IN_REQUIRED),
                         .hours = in_int(r, "hours", 0, 100000, IN_OPTIONAL)};
    if (in.from && in.to && strcmp(in.from, in.to) > 0)
        req_field_error(r, "period_to", "commons.period_backwards");
    /* Photos only, checked by their bytes. */
    for (int i = 0; i < r->nuploads; i++) {
        const upload *u = &r->uploads[i];
        if (strcmp(u->field, "photos") != 0 || !u->len) continue;
        const char *mime = filetype_of(u->data, u->len);
        if (in.nphotos == PACT_REPORT_PHOTOS)
            req_field_error(r, "photos", "commons.too_many_photos");
        else if (u->len > FILE_MAX_BYTES)
            req_field_error(r, "photos", "proposals.file_too_large");
        else if (!mime || !strcmp(mime, "application/pdf"))
            req_field_error(r, "photos", "commons.photo_type");
        else
            in.photos[in.nphotos++] = (pact_photo){u->data, u->len, mime};
    }
    if (req_has_errors(r)) return req_error(r, 422, "commons.report_invalid");
    bool city_side = officer_city(r) && officer_city(r) == pact_city(r->db, id);
    if (!city_side && !pact_is_member(r->db, id, r->user->id))
        return req_error(r, pact_city(r->db, id) ? 403 : 404,
                         pact_city(r->db, id) ? "commons.not_member" : "error.not_found");
    int64_t rid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = pact_report_add(r->db, id, r->user->id, &in, clock_now_us(), &rid);
    if (rc == CM_OUTSIDE) {
        db_rollback(r->db);
        req_field_error(r, "period_from", "commons.period_outside");
        return req_error(r, 422, "commons.period_outside");
    }
    r->view = json_pack("{s:I,s:i}", "report_id", (json_int_t)rid, "photos", in.nphotos);
    return commons_done(r, rc, pact_path(r, id), "commons.report_added");
}

int commons_pact_photo(req *r)
{
    size_t len = 0;
    char mime[32];
    void *data = pact_report_photo(r->db, req_param_id(r, "id"), req_param_id(r, "photo"), &len,
                                   mime, sizeof mime);
    if (!data) return req_error(r, 404, "error.not_found");
    req_send_file(r, data, len, mime, NULL);
    free(data);
    return 0;
}

int commons_dispute_raise(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *subject = in_text(r, "subject", 4000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.dispute_invalid");
    bool city_side = officer_city(r) && officer_city(r) == pact_city(r->db, id);
    if (!city_side && !pact_is_member(r->db, id, r->user->id))
        return req_error(r, 403, "commons.not_member");
    int64_t dispute = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = dispute_raise(r->db, id, r->user->id, city_side, subject, clock_now_us(), &dispute);
    r->view = json_pack("{s:I}", "dispute_id", (json_int_t)dispute);
    return commons_done(r, rc, arena_printf(&r->mem, "/commons/pacts/%lld#disputes", (long long)id),
                        "commons.dispute_raised");
}

/* Back to the disputed pact's page. */
static const char *dispute_back(req *r, int64_t dispute)
{
    return arena_printf(&r->mem, "/commons/pacts/%lld#disputes",
                        (long long)dispute_pact(r->db, dispute));
}

int commons_dispute_committee(req *r)
{
    int64_t id = req_param_id(r, "id");
    dispute_committee_in in = {
        .member_signatories = in_text(r, "member_signatories", 200, IN_REQUIRED),
        .member_city = in_text(r, "member_city", 200, IN_REQUIRED),
        .chair = in_text(r, "chair", 200, IN_REQUIRED),
    };
    if (req_has_errors(r)) return req_error(r, 422, "commons.committee_invalid");
    char d[11];
    today(d);
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = dispute_committee(r->db, officer_city(r), id, r->user->id, &in, d, clock_now_us());
    return commons_done(r, rc, dispute_back(r, id), "commons.committee_formed");
}

int commons_dispute_close(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *outcome =
        in_choice(r, "outcome", (const char *const[]){"conciliated", "failed", NULL}, IN_REQUIRED);
    const char *proposal = in_text(r, "proposal", 4000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "commons.dispute_close_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    cm_rc rc = dispute_close(r->db, officer_city(r), id, r->user->id,
                             !strcmp(outcome, "conciliated"), proposal, clock_now_us());
    return commons_done(r, rc, dispute_back(r, id), "commons.dispute_closed");
}

/* HTTP handlers of taking charge: the pathway page (its opening logged like the record's), the
 * assessment, the plan's goals and actions, the person's acknowledgement, reviews, the closing,
 * referrals (sent by the social service, answered and completed by the body they went to) and
 * the by-name list. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/pathways/routes.h"
#include "modules/services/routes.h"
#include "modules/services/services.h"
#include "web/input.h"

/* Commits the change made since db_begin, then back to the pathway's section. */
static int finish(req *r, path_rc rc, int64_t person, const char *anchor, const char *flash)
{
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(
        r, arena_printf(&r->mem, "/people/%lld/pathway%s", (long long)person, anchor), flash);
}

/* What the pathway page offers the social worker for a home: the person's placements with what
 * each may do next, the free homes, the programmes and the ends. */
static void placement_view(req *r, int64_t city, int64_t id, int64_t now)
{
    json_t *homes = homes_free(r->db, city);
    req_label_each(r, homes, "kind", "pathways.home_kind", "kind_label");
    json_object_set_new(r->view, "homes_free", homes ? homes : json_array());
    json_object_set_new(r->view, "programmes",
                        req_choices(r, PROGRAMMES, "pathways.programme", NULL));
    json_object_set_new(r->view, "ends",
                        req_choices(r, PLACEMENT_ENDS, "pathways.placement_end", NULL));
    json_t *placements = placements_of(r->db, city, id);
    req_label_each(r, placements, "state", "pathways.placement_state", "state_label");
    req_label_each(r, placements, "kind", "pathways.home_kind", "kind_label");
    req_label_each(r, placements, "programme", "pathways.programme", "programme_label");
    req_label_each(r, placements, "end_reason", "pathways.placement_end", "end_label");
    size_t i;
    json_t *k;
    bool live = false;
    json_array_foreach(placements, i, k)
    {
        const char *state = json_string_value(json_object_get(k, "state"));
        json_object_set_new(k, "is_offered", json_boolean(!strcmp(state, "offered")));
        json_object_set_new(k, "is_lived_in", json_boolean(!strcmp(state, "moved_in")));
        live = live || !strcmp(state, "offered") || !strcmp(state, "moved_in");
    }
    json_object_set_new(r->view, "placements", placements ? placements : json_array());
    json_object_set_new(r->view, "may_place", json_boolean(!live));
    char today[11];
    date_rome(now, today);
    json_object_set_new(r->view, "today", json_string(today));
}

/* The network's meetings on the pathway page: those linked (needs and states as people read
 * them) and, with ?link=1, those of the last days that may still be. */
static void links_view(req *r, int64_t city, int64_t id, int64_t now)
{
    json_t *links = links_of(r->db, city, id);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(links, "contacts"), i, x)
    {
        const char *needs = json_string_value(json_object_get(x, "needs"));
        json_object_set_new(x, "needs_text",
                            json_string(services_code_labels(r, needs, "services.need")));
    }
    req_label_each(r, json_object_get(links, "stays"), "state", "services.hold_state",
                   "state_label");
    req_label_each(r, json_object_get(links, "alerts"), "state", "services.alert_state",
                   "state_label");
    json_object_set_new(r->view, "links", links ? links : json_null());
    /* Today's meeting written here, linked as it is written. */
    json_object_set_new(r->view, "contact_form",
                        json_pack("{s:s,s:o}", "client_key", services_contact_key(r), "needs",
                                  req_choices(r, CONTACT_NEEDS, "services.need", NULL)));
    /* The meetings that may still be linked only when asked: at a large city's size they are a
     * search through the last days' contacts and holds, not something every opening pays for. */
    if (in_flag(r, "link")) {
        json_t *open = links_open(r->db, city, now);
        json_object_set_new(r->view, "open", open ? open : json_null());
    }
}

int pathway_page(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id"), now = clock_now_us();
    person_access access;
    int rc = pathways_open_logged(r, &w, id, "record", &access);
    if (rc) return rc < 0 ? -1 : 0;
    json_t *who = person_names(r->db, &w, id);
    json_t *p = pathway_of(r->db, w.city_id, id, w.social ? 0 : w.organisation_id, now);
    if (!who || !p) {
        json_decref(who);
        json_decref(p);
        return -1;
    }
    json_t *one = json_pack("[O]", who);
    pathways_name_each(r, one, "id");
    json_decref(one);
    if (json_is_object(p)) {
        req_label_each(r, json_object_get(p, "needs"), "area", "pathways.area", "area_label");
        req_label_each(r, json_object_get(p, "needs"), "level", "pathways.level", "level_label");
        req_label_each(r, json_object_get(p, "goals"), "state", "pathways.goal_state",
                       "state_label");
        req_label_each(r, json_object_get(p, "referrals"), "state", "pathways.referral_state",
                       "state_label");
        const char *outcome = json_string_value(json_object_get(p, "outcome"));
        if (outcome)
            json_object_set_new(p, "outcome_label",
                                json_string(req_t_code(r, "pathways.outcome", outcome)));
        json_t *x = json_pack("[O]", p);
        req_date_texts(r, x, "next_review_on");
        json_decref(x);
        size_t i;
        json_t *g;
        json_array_foreach(json_object_get(p, "goals"), i, g)
            req_date_texts(r, json_object_get(g, "actions"), "due_on");
    }
    r->view = json_pack("{s:o,s:o,s:b,s:i}", "person", who, "pathway", p, "social", w.social,
                        "review_days", REVIEW_DAYS_DEFAULT);
    links_view(r, w.city_id, id, now);
    participation_view(r, &w, id, json_integer_value(json_object_get(who, "birth_year")));
    if (w.social) {
        json_t *areas = json_array();
        for (int i = 0; NEED_AREAS[i]; i++)
            json_array_append_new(areas,
                                  json_pack("{s:s,s:s,s:o}", "code", NEED_AREAS[i], "label",
                                            req_t_code(r, "pathways.area", NEED_AREAS[i]), "levels",
                                            req_choices(r, NEED_LEVELS, "pathways.level", "none")));
        json_object_set_new(r->view, "areas", areas);
        json_object_set_new(r->view, "outcomes",
                            req_choices(r, PATHWAY_OUTCOMES, "pathways.outcome", NULL));
        json_object_set_new(r->view, "bodies", consent_bodies(r->db, w.city_id));
        placement_view(r, w.city_id, id, now);
    }
    r->title_text = arena_strdup(&r->mem, json_string_value(json_object_get(who, "label")));
    r->template = "pathways/pathway";
    r->title_key = "pathways.pathway_title";
    return 0;
}

int pathway_start(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id"), pid = 0;
    int64_t days = in_int(r, "review_days", REVIEW_DAYS_MIN, REVIEW_DAYS_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.review_days_range");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = pathway_open(r->db, city, r->user->id, id, days ? (int)days : REVIEW_DAYS_DEFAULT,
                              clock_now_us(), &pid);
    if (rc == PATH_LIVE) {
        db_rollback(r->db);
        return req_error(r, 409, "pathways.pathway_open_already");
    }
    return finish(r, rc, id, "", "pathways.pathway_opened");
}

int pathway_needs(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    const char *levels[NEED_AREA_COUNT], *notes[NEED_AREA_COUNT];
    for (int i = 0; i < NEED_AREA_COUNT; i++) {
        char field[32];
        snprintf(field, sizeof field, "level_%s", NEED_AREAS[i]);
        levels[i] = in_choice(r, field, NEED_LEVELS, IN_REQUIRED);
        snprintf(field, sizeof field, "note_%s", NEED_AREAS[i]);
        notes[i] = in_text(r, field, 1000, IN_OPTIONAL);
    }
    if (req_has_errors(r)) return req_error(r, 422, "pathways.needs_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = needs_assess(r->db, city, r->user->id, id, levels, notes, clock_now_us());
    return finish(r, rc, id, "#needs", "pathways.needs_saved");
}

int pathway_goal(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id"), gid = 0;
    const char *goal = in_text(r, "goal", 500, IN_REQUIRED);
    const char *words = in_text(r, "person_words", 1000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.goal_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = goal_add(r->db, city, r->user->id, id, goal, words, clock_now_us(), &gid);
    return finish(r, rc, id, "#plan", "pathways.goal_added");
}

int pathway_goal_state(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    const char *state = in_choice(r, "state", GOAL_STATES, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.goal_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc =
        goal_set_state(r->db, city, r->user->id, id, req_param_id(r, "gid"), state, clock_now_us());
    return finish(r, rc, id, "#plan", "pathways.goal_updated");
}

int pathway_action(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    const char *action = in_text(r, "action", 500, IN_REQUIRED);
    const char *who = in_text(r, "who", 200, IN_REQUIRED);
    const char *due = in_date(r, "due_on", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.action_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = action_add(r->db, city, r->user->id, id, req_param_id(r, "gid"), action, who, due,
                            clock_now_us());
    return finish(r, rc, id, "#plan", "pathways.action_added");
}

int pathway_action_done(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = action_done(r->db, city, r->user->id, id, req_param_id(r, "aid"), clock_now_us());
    return finish(r, rc, id, "#plan", "pathways.action_done");
}

int pathway_acknowledge(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    const char *words = in_text(r, "words", 1000, IN_OPTIONAL);
    if (!in_flag(r, "read_with_person"))
        req_field_error(r, "read_with_person", "pathways.ack_read_first");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.ack_read_first");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = plan_acknowledge(r->db, city, r->user->id, id, words, clock_now_us());
    if (rc == PATH_BAD_STATE) {
        db_rollback(r->db);
        return req_error(r, 409, "pathways.ack_no_goal");
    }
    return finish(r, rc, id, "#plan", "pathways.plan_acknowledged");
}

int pathway_review_add(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    const char *note = in_text(r, "note", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.review_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = pathway_review(r->db, city, r->user->id, id, note, clock_now_us());
    return finish(r, rc, id, "#reviews", "pathways.review_saved");
}

int pathway_end(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    const char *outcome = in_choice(r, "outcome", PATHWAY_OUTCOMES, IN_REQUIRED);
    const char *note = in_text(r, "note", 2000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.close_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = pathway_close(r->db, city, r->user->id, id, outcome, note, clock_now_us());
    return finish(r, rc, id, "", "pathways.pathway_closed");
}

int pathway_referral(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id"), rid = 0;
    int64_t org = in_int(r, "organisation_id", 1, INT64_MAX, IN_REQUIRED);
    const char *reason = in_text(r, "reason", 1000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.referral_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = referral_send(r->db, city, r->user->id, id, org, reason, clock_now_us(), &rid);
    if (rc == PATH_OK) r->view = json_pack("{s:I}", "referral_id", (json_int_t)rid);
    return finish(r, rc, id, "#referrals", "pathways.referral_sent");
}

int referrals_page(req *r)
{
    person_reader w = pathways_reader(r);
    json_t *list = referrals_list(r->db, w.city_id, w.social ? 0 : w.organisation_id, w.user_id);
    if (!list) return -1;
    pathways_name_each(r, list, "person_id");
    req_label_each(r, list, "state", "pathways.referral_state", "state_label");
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        const char *state = json_string_value(json_object_get(x, "state"));
        json_object_set_new(x, "can_answer", json_boolean(!w.social && !strcmp(state, "sent")));
        json_object_set_new(x, "can_complete",
                            json_boolean(!w.social && !strcmp(state, "accepted")));
    }
    r->view = json_pack("{s:o,s:b}", "referrals", list, "social", w.social);
    r->template = "pathways/referrals";
    r->title_key = "pathways.referrals_title";
    return 0;
}

/* The body's step on a referral sent to it. */
static int referral_step_done(req *r, path_rc rc, const char *flash)
{
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(r, "/referrals", flash);
}

int referrals_answer(req *r)
{
    int64_t org = req_org_for(r, ROLE_ETS);
    static const char *const DECISIONS[] = {"accept", "decline", NULL};
    const char *decision = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    const char *reason = in_text(r, "reason", 1000, IN_OPTIONAL);
    bool accept = decision && strcmp(decision, "accept") == 0;
    if (decision && !accept && !*reason)
        req_field_error(r, "reason", "pathways.decline_needs_reason");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.answer_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = referral_answer(r->db, org, r->user->id, req_param_id(r, "id"), accept, reason,
                                 clock_now_us());
    return referral_step_done(r, rc,
                              accept ? "pathways.referral_accepted" : "pathways.referral_declined");
}

int referrals_complete(req *r)
{
    int64_t org = req_org_for(r, ROLE_ETS);
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = referral_complete(r->db, org, r->user->id, req_param_id(r, "id"), clock_now_us());
    return referral_step_done(r, rc, "pathways.referral_completed");
}

int by_name_page(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), now = clock_now_us();
    int64_t days = in_int(r, "inactive_days", 7, 730, IN_OPTIONAL);
    int64_t page = in_int(r, "page", 1, 1000000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.by_name_filter");
    priority_rule rule;
    if (priority_rule_get(r->db, city, &rule) != PATH_OK) return -1;
    if (!days) days = rule.inactive_days;
    if (!page) page = 1;
    int64_t total = 0, active = 0;
    json_t *list = by_name_list(r->db, city, r->user->id, now, &rule, (int)days, BY_NAME_PAGE,
                                (page - 1) * BY_NAME_PAGE, &total, &active);
    if (!list) return -1;
    pathways_name_each(r, list, "id");
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        int64_t seen = json_integer_value(json_object_get(x, "last_seen_at"));
        json_object_set_new(x, "days_since",
                            json_integer((now - seen) / (INT64_C(86400) * 1000000)));
    }
    r->view = json_pack("{s:o,s:I,s:I,s:I,s:I,s:b,s:o}", "people", list, "inactive_days",
                        (json_int_t)days, "total", (json_int_t)total, "active", (json_int_t)active,
                        "inactive", (json_int_t)(total - active), "past_end",
                        page > 1 && (page - 1) * BY_NAME_PAGE >= total, "rule",
                        priority_rule_json(&rule));
    req_pager(r->view, page, (total + BY_NAME_PAGE - 1) / BY_NAME_PAGE);
    r->template = "pathways/by_name";
    r->title_key = "pathways.by_name_title";
    return 0;
}

/* Links a meeting of the network (a street contact, a place held, a resident's alert) to the
 * record, by a worker who may read it: `field` names it, `linker` keeps it. */
static int link_meeting(req *r, const char *field,
                        path_rc (*linker)(db_conn *, const person_reader *, int64_t, int64_t,
                                          int64_t))
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id"), ref = in_int(r, field, 1, INT64_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.link_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    person_access access;
    path_rc rc = person_access_for(r->db, &w, id, &access);
    if (rc == PATH_OK) rc = linker(r->db, &w, id, ref, clock_now_us());
    if (rc == PATH_DUPLICATE) {
        db_rollback(r->db);
        return req_error(r, 409, "pathways.link_taken");
    }
    return finish(r, rc, id, "#meetings", "pathways.linked");
}

int pathway_link_contact(req *r)
{
    return link_meeting(r, "contact_id", link_contact);
}

/* A street contact with the person written from their pathway: recorded as the street page
 * records it (the form's key makes a second sending the same contact) and linked at once. The
 * contact names the person by the record's number only; the link holds who it was. */
int pathway_write_contact(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id"), now = clock_now_us();
    contact_in in = {
        .client_key = in_text(r, "client_key", CONTACT_KEY_MAX, IN_REQUIRED),
        .place = in_text(r, "place", 300, IN_REQUIRED),
        .offered = in_text(r, "offered", 1000, IN_OPTIONAL),
        .referral = in_text(r, "referral", 500, IN_OPTIONAL),
        .met_at = now,
    };
    if (in.client_key && *in.client_key && !contact_key_valid(in.client_key))
        req_field_error(r, "client_key", "services.contact_bad_key");
    in.needs = services_needs_input(r);
    if (req_has_errors(r)) return req_error(r, 422, "services.contact_incomplete");
    in.person = arena_printf(&r->mem, "#%lld", (long long)id);
    if (db_begin(r->db) != DB_OK) return -1;
    person_access access;
    path_rc rc = person_access_for(r->db, &w, id, &access);
    int64_t contact = 0;
    bool replayed = false;
    if (rc == PATH_OK &&
        contact_record(r->db, w.city_id, w.user_id, &in, now, &contact, &replayed) != SVC_OK)
        rc = PATH_ERROR;
    if (rc == PATH_OK) rc = link_contact(r->db, &w, id, contact, now);
    /* Sent twice: the contact and its link are the first sending's. */
    if (rc == PATH_DUPLICATE && replayed) rc = PATH_OK;
    if (rc == PATH_OK) r->view = json_pack("{s:I}", "contact_id", (json_int_t)contact);
    return finish(r, rc, id, "#meetings", "pathways.contact_written");
}

int pathway_link_hold(req *r)
{
    return link_meeting(r, "hold_id", link_hold);
}

int pathway_link_alert(req *r)
{
    return link_meeting(r, "alert_id", link_alert);
}

/* Each row's ETHOS Light category in words, or `none` for the rows with none. */
static void ethos_labels(req *r, json_t *rows, const char *none)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        const char *code = json_string_value(json_object_get(x, "ethos"));
        json_object_set_new(
            x, "ethos_label",
            json_string(code && *code ? req_t_code(r, "services.ethos", code) : req_t(r, none)));
    }
}

int people_report(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL | ROLE_OFFICER);
    const char *from, *to;
    if (!services_report_period(r, &from, &to)) return 0;
    char today[11];
    date_rome(clock_now_us(), today);
    json_t *v = pathways_report(r->db, city, today);
    if (!v) return -1;
    json_t *stays = stays_by_ethos(r->db, city, from, to);
    if (!stays) {
        json_decref(v);
        return -1;
    }
    json_object_set_new(v, "stays_by_ethos", stays);
    json_t *services = figures_by_service(r->db, city, from, to);
    json_t *bodies = referrals_by_body(r->db, city, from, to);
    if (!services || !bodies) {
        json_decref(v);
        json_decref(services);
        json_decref(bodies);
        return -1;
    }
    json_object_set_new(v, "referrals_by_body", bodies);
    req_label_each(r, services, "kind", "services.kind", "kind_label");
    json_object_set_new(v, "by_service", services);
    json_object_set_new(v, "from", json_string(from));
    json_object_set_new(v, "to", json_string(to));
    json_object_set_new(v, "from_text", json_string(req_date_text(r, from)));
    json_object_set_new(v, "to_text", json_string(req_date_text(r, to)));
    ethos_labels(r, json_object_get(v, "by_ethos"), "pathways.ethos_unknown");
    ethos_labels(r, stays, "pathways.stays_unlinked");
    req_label_each(r, json_object_get(v, "outcomes"), "outcome", "pathways.outcome",
                   "outcome_label");
    req_label_each(r, json_object_get(v, "referrals"), "state", "pathways.referral_state",
                   "state_label");
    req_label_each(r, json_object_get(v, "households"), "context", "pathways.household_context",
                   "context_label");
    r->view = v;
    r->template = "pathways/report";
    r->title_key = "pathways.report_title";
    return 0;
}

/* HTTP handlers of the records of the people the city's social service follows. Who may read a
 * record is person_access_for's answer alone; each opening of a record (page or JSON) and of its
 * special categories is logged in the same transaction before anything is shown, so that no
 * reading escapes the log the person sees. */
#include "modules/pathways/routes.h"

#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/pathways/pathways.h"
#include "modules/services/routes.h"
#include "modules/services/services.h"
#include "web/input.h"
#include "web/render.h"

enum { PEOPLE_SHOWN = 100 };

person_reader pathways_reader(req *r)
{
    person_reader w = {.user_id = r->user->id};
    w.city_id = req_city_for(r, ROLE_SOCIAL);
    w.social = w.city_id != 0;
    if (!w.social) {
        w.city_id = req_city_for(r, ROLE_ETS);
        w.organisation_id = req_org_for(r, ROLE_ETS);
    }
    return w;
}

int pathways_fail(req *r, path_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case PATH_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case PATH_DUPLICATE:
        req_field_error(r, "tax_code", "pathways.tax_code_taken");
        return req_error(r, 409, "pathways.tax_code_taken");
    case PATH_LIVE:
        return req_error(r, 409, "pathways.consent_live");
    case PATH_RESTRICTED:
        return req_error(r, 409, "pathways.consent_restricted");
    case PATH_REVOKED:
        return req_error(r, 409, "pathways.consent_revoked_already");
    case PATH_NO_CONSENT:
        req_field_error(r, "organisation_id", "pathways.referral_no_consent");
        return req_error(r, 409, "pathways.referral_no_consent");
    case PATH_BAD_STATE:
        return req_error(r, 409, "pathways.bad_state");
    default:
        return -1;
    }
}

/* How a record is called on a page: "Given Family «nickname»", or a restricted record's number. */
void pathways_name_each(req *r, json_t *rows, const char *id_key)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        const char *label;
        if (!json_is_true(json_object_get(x, "named"))) {
            /* A restricted record says so; another is a body's after the consent ended. */
            bool restricted = json_integer_value(json_object_get(x, "is_restricted")) != 0;
            label = arena_printf(
                &r->mem, "%s %lld%s",
                req_t(r, restricted ? "pathways.restricted_label" : "pathways.unnamed_label"),
                (long long)json_integer_value(json_object_get(x, id_key)),
                restricted ? "" : req_t(r, "pathways.unnamed_why"));
        } else {
            const char *g = json_string_value(json_object_get(x, "given_name"));
            const char *f = json_string_value(json_object_get(x, "family_name"));
            const char *n = json_string_value(json_object_get(x, "nickname"));
            const char *cf = json_string_value(json_object_get(x, "tax_code"));
            label = arena_printf(&r->mem, "%s%s%s", g ? g : "", g && *g && f && *f ? " " : "",
                                 f ? f : "");
            if (n && *n)
                label = *label ? arena_printf(&r->mem, "%s «%s»", label, n)
                               : arena_printf(&r->mem, "«%s»", n);
            if (!*label && cf) label = cf;
        }
        json_object_set_new(x, "label", json_string(label ? label : ""));
    }
    req_label_each(r, rows, "ethos", "services.ethos", "ethos_label");
}

int people_index(req *r)
{
    person_reader w = pathways_reader(r);
    const char *q = in_text(r, "q", PEOPLE_QUERY_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.bad_search");
    json_t *people = people_list(r->db, &w, q, PEOPLE_SHOWN);
    if (!people) return -1;
    pathways_name_each(r, people, "id");
    r->view = json_pack("{s:o,s:s,s:b,s:i}", "people", people, "q", q ? q : "", "social", w.social,
                        "shown_max", PEOPLE_SHOWN);
    if (w.social) {
        json_object_set_new(r->view, "ethos_choices",
                            req_choices(r, ETHOS_LIGHT, "services.ethos", NULL));
        json_object_set_new(r->view, "genders",
                            req_choices(r, COUNT_GENDERS, "services.gender", "unknown"));
    }
    r->template = "pathways/people";
    r->title_key = "pathways.people_title";
    return 0;
}

int people_create(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), now = clock_now_us();
    person_in in = {
        .tax_code = in_checked(r, "tax_code", check_cf_person, IN_OPTIONAL),
        .given_name = in_text(r, "given_name", 120, IN_OPTIONAL),
        .family_name = in_text(r, "family_name", 120, IN_OPTIONAL),
        .nickname = in_text(r, "nickname", 120, IN_OPTIONAL),
        .birth_date = in_date(r, "birth_date", IN_OPTIONAL),
        .origin = in_text(r, "origin", 200, IN_OPTIONAL),
        .gender = in_choice(r, "gender", COUNT_GENDERS, IN_OPTIONAL),
        .ethos = in_choice(r, "ethos", ETHOS_LIGHT, IN_OPTIONAL),
        .restricted = in_flag(r, "restricted"),
    };
    char today[11];
    date_rome(now, today);
    int year = DATE_MAX_YEAR;
    date_parse(today, &year, NULL, NULL);
    in.birth_year = in_int(r, "birth_year", DATE_MIN_YEAR, year, IN_OPTIONAL);
    if (in.birth_date && strcmp(in.birth_date, today) > 0)
        req_field_error(r, "birth_date", "pathways.birth_future");
    if (!req_has_errors(r) && !(in.tax_code && *in.tax_code) && !*in.given_name &&
        !*in.family_name && !*in.nickname)
        req_field_error(r, "family_name", "pathways.identify_someone");
    if (req_has_errors(r)) return req_error(r, 422, "pathways.person_incomplete");
    if (!in.gender) in.gender = "unknown";
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = person_create(r->db, city, r->user->id, &in, now, &id);
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    r->view = json_pack("{s:I}", "person_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/people/%lld", (long long)id),
                        "pathways.person_created");
}

int pathways_open_logged(req *r, const person_reader *w, int64_t id, const char *part,
                         person_access *access)
{
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = person_access_for(r->db, w, id, access);
    if (rc == PATH_OK) rc = person_read_log(r->db, w, id, part, access->purpose, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) {
        pathways_fail(r, rc ? rc : PATH_ERROR);
        return rc == PATH_NOT_FOUND ? 1 : -1;
    }
    return 0;
}

static void label_record(req *r, json_t *p)
{
    json_t *one = json_pack("[O]", p);
    pathways_name_each(r, one, "id");
    req_date_texts(r, one, "birth_date");
    json_decref(one);
    req_label_each(r, json_object_get(p, "ethos_history"), "ethos", "services.ethos",
                   "ethos_label");
    req_label_each(r, json_object_get(p, "consents"), "purpose", "pathways.purpose",
                   "purpose_label");
    req_label_each(r, json_object_get(p, "reads"), "purpose", "pathways.purpose", "purpose_label");
    req_label_each(r, json_object_get(p, "reads"), "part", "pathways.part", "part_label");
    json_t *d = json_object_get(p, "duplicates");
    if (d) pathways_name_each(r, d, "id");
    const char *g = json_string_value(json_object_get(p, "gender"));
    if (g) json_object_set_new(p, "gender_label", json_string(req_t_code(r, "services.gender", g)));
}

int people_show(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id");
    person_access access;
    /* A merged record's number leads to the record it became, for those who may read that. */
    int64_t into = id > 0 ? person_merged_into(r->db, w.city_id, id) : 0;
    if (into && person_access_for(r->db, &w, into, &access) == PATH_OK)
        return req_redirect(r, arena_printf(&r->mem, "/people/%lld", (long long)into),
                            "pathways.merged_moved");
    int rc = pathways_open_logged(r, &w, id, "record", &access);
    if (rc) return rc < 0 ? -1 : 0;
    json_t *p = person_get(r->db, &w, id, &access);
    if (!p) return -1;
    label_record(r, p);
    r->view = json_pack("{s:o,s:b}", "person", p, "social", w.social);
    if (w.social) {
        const char *ethos = json_string_value(json_object_get(p, "ethos"));
        json_object_set_new(r->view, "ethos_choices",
                            req_choices(r, ETHOS_LIGHT, "services.ethos", ethos));
        json_object_set_new(r->view, "bodies", consent_bodies(r->db, w.city_id));
        json_object_set_new(r->view, "purposes",
                            req_choices(r, CONSENT_PURPOSES, "pathways.purpose", NULL));
        json_object_set_new(r->view, "categories",
                            req_choices(r, SPECIAL_CATEGORIES, "pathways.special", NULL));
        if (json_integer_value(json_object_get(p, "is_restricted")) && access.name)
            json_object_set_new(r->view, "workers", social_workers(r->db, w.city_id));
        json_t *address = address_of(r->db, w.city_id, id);
        const char *state = json_string_value(json_object_get(address, "state"));
        if (state)
            json_object_set_new(address, "state_label",
                                json_string(req_t_code(r, "pathways.address_state", state)));
        json_object_set_new(r->view, "address", address ? address : json_null());
        json_object_set_new(
            r->view, "may_request_address",
            json_boolean(!state || !strcmp(state, "refused") || !strcmp(state, "ended")));
        json_object_set_new(r->view, "is_registered",
                            json_boolean(state && !strcmp(state, "granted")));
        json_t *mail = mail_of(r->db, id);
        req_label_each(r, mail, "kind", "pathways.mail_kind", "kind_label");
        json_object_set_new(r->view, "mail", mail ? mail : json_array());
        json_object_set_new(r->view, "mail_kinds",
                            req_choices(r, MAIL_KINDS, "pathways.mail_kind", NULL));
        json_t *merges = person_merges_of(r->db, id);
        json_object_set_new(r->view, "merges", merges ? merges : json_array());
        json_t *household = household_of(r->db, id);
        if (json_is_object(household))
            json_object_set_new(
                household, "relation_label",
                json_string(req_t_code(r, "pathways.household_relation",
                                       json_string_value(json_object_get(household, "relation")))));
        json_object_set_new(r->view, "household", household ? household : json_null());
        json_object_set_new(r->view, "household_contexts",
                            req_choices(r, HOUSEHOLD_CONTEXTS, "pathways.household_context", NULL));
    }
    r->title_text = arena_strdup(&r->mem, json_string_value(json_object_get(p, "label")));
    r->template = "pathways/person";
    r->title_key = "pathways.people_title";
    return 0;
}

/* The record of the path's {id} in the social worker's city, checked to exist there. */
static int64_t social_record(req *r, int64_t *city)
{
    *city = req_city_for(r, ROLE_SOCIAL);
    return req_param_id(r, "id");
}

static int back_to(req *r, int64_t id, const char *anchor, const char *flash)
{
    return req_redirect(r, arena_printf(&r->mem, "/people/%lld%s", (long long)id, anchor), flash);
}

int people_ethos(req *r)
{
    int64_t city, id = social_record(r, &city);
    const char *ethos = in_choice(r, "ethos", ETHOS_LIGHT, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.ethos_missing");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = person_set_ethos(r->db, city, r->user->id, id, ethos, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return back_to(r, id, "#ethos", "pathways.ethos_set");
}

int people_consent(req *r)
{
    int64_t city, id = social_record(r, &city);
    int64_t org = in_int(r, "organisation_id", 1, INT64_MAX, IN_REQUIRED);
    const char *purpose = in_choice(r, "purpose", CONSENT_PURPOSES, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.consent_incomplete");
    int64_t cid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = consent_give(r->db, city, r->user->id, id, org, purpose, clock_now_us(), &cid);
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    r->view = json_pack("{s:I}", "consent_id", (json_int_t)cid);
    return back_to(r, id, "#consents", "pathways.consent_given");
}

int people_consent_revoke(req *r)
{
    int64_t city, id = social_record(r, &city), cid = req_param_id(r, "cid");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = consent_revoke(r->db, city, id, cid, r->user->id, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return back_to(r, id, "#consents", "pathways.consent_revoked");
}

int people_special(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id");
    person_access access;
    int rc = pathways_open_logged(r, &w, id, "special", &access);
    if (rc) return rc < 0 ? -1 : 0;
    json_t *items = special_list(r->db, w.city_id, id);
    if (!items) return -1;
    req_label_each(r, items, "category", "pathways.special", "category_label");
    r->view = json_pack("{s:I,s:o,s:o}", "person_id", (json_int_t)id, "special", items,
                        "categories", req_choices(r, SPECIAL_CATEGORIES, "pathways.special", NULL));
    r->template = "pathways/special";
    r->title_key = "pathways.special_title";
    return 0;
}

int people_special_add(req *r)
{
    int64_t city, id = social_record(r, &city);
    const char *category = in_choice(r, "category", SPECIAL_CATEGORIES, IN_REQUIRED);
    const char *note = in_text(r, "note", 2000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.special_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = special_add(r->db, city, r->user->id, id, category, note, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/people/%lld/special", (long long)id),
                        "pathways.special_added");
}

int people_grant(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id");
    int64_t to = in_int(r, "user_id", 1, INT64_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.grant_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    person_access access;
    path_rc rc = person_access_for(r->db, &w, id, &access);
    /* Only a worker who has the name may pass it on. */
    if (rc == PATH_OK && !access.name) {
        db_rollback(r->db);
        return req_error(r, 403, "pathways.grant_needs_name");
    }
    if (rc == PATH_OK) rc = grant_name(r->db, w.city_id, r->user->id, id, to, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return back_to(r, id, "#grants", "pathways.name_granted");
}

/* Both records as this social worker may name them: a merge or a judgement needs both names. */
static int both_named(req *r, int64_t a, int64_t b)
{
    person_reader w = pathways_reader(r);
    person_access x, y;
    path_rc ra = person_access_for(r->db, &w, a, &x), rb = person_access_for(r->db, &w, b, &y);
    if (ra != PATH_OK || rb != PATH_OK) return req_error(r, 404, "error.not_found");
    if (!x.name || !y.name) return req_error(r, 403, "pathways.grant_needs_name");
    return 0;
}

int people_merge(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), into = req_param_id(r, "id");
    int64_t other = in_int(r, "other_id", 1, INT64_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.merge_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    if (both_named(r, into, other) || r->status >= 400) {
        db_rollback(r->db);
        return 0;
    }
    path_rc rc = person_merge(r->db, city, r->user->id, into, other, clock_now_us());
    if (rc == PATH_BAD_STATE) {
        db_rollback(r->db);
        return req_error(r, 409, "pathways.merge_conflict");
    }
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return back_to(r, into, "", "pathways.merged");
}

int people_merge_undo(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), into = req_param_id(r, "id");
    const char *reason = in_text(r, "reason", 1000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.merge_undo_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    if (both_named(r, into, into) || r->status >= 400) {
        db_rollback(r->db);
        return 0;
    }
    path_rc rc = person_merge_undo(r->db, city, r->user->id, into, req_param_id(r, "mid"), reason,
                                   clock_now_us());
    if (rc == PATH_BAD_STATE) {
        db_rollback(r->db);
        return req_error(r, 409, "pathways.merge_undo_conflict");
    }
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return back_to(r, into, "", "pathways.merge_undone");
}

int people_distinct(req *r)
{
    int64_t city = req_city_for(r, ROLE_SOCIAL), id = req_param_id(r, "id");
    int64_t other = in_int(r, "other_id", 1, INT64_MAX, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.merge_incomplete");
    if (db_begin(r->db) != DB_OK) return -1;
    if (both_named(r, id, other) || r->status >= 400) {
        db_rollback(r->db);
        return 0;
    }
    path_rc rc = person_distinct(r->db, city, r->user->id, id, other, clock_now_us());
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    return back_to(r, id, "#duplicates", "pathways.distinct_saved");
}

#include "modules/housing/routes.h"

#include <stdlib.h>
#include <string.h>

#include "web/app.h"
#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/cities/cities.h"
#include "modules/housing/housing.h"
#include "web/input.h"

int housing_index(req *r)
{
    const char *q = in_text(r, "q", 100, IN_OPTIONAL);
    json_t *v = housing_overview(r->db, req_city_for(r, ROLE_OFFICER | ROLE_HOUSING), q);
    req_label_each(r, json_object_get(v, "states"), "state", "housing.state", "state_label");
    json_object_set_new(v, "q", json_string(q));
    json_t *cols = json_array();
    for (int k = 0; k < 8; k++) json_array_append_new(cols, json_string(IMPORT_COLUMNS[k]));
    json_object_set_new(v, "columns", cols);
    r->view = v;
    r->template = "housing/index";
    r->title_key = "housing.title";
    return 0;
}

/* The invitation codes as a CSV download, for the housing office to hand out. */
static int codes_csv(req *r, json_t *codes)
{
    buf_init(&r->body, 64u << 20);
    if (housing_codes_csv(&r->body, codes)) return -1;
    if (r->body.overflow) return -1;
    r->content_type = "text/csv; charset=utf-8";
    req_add_header(r, "Content-Disposition", "attachment; filename=\"codici-invito.csv\"");
    return 0;
}

int housing_import_file(req *r)
{
    const upload *file = NULL;
    for (int i = 0; i < r->nuploads; i++)
        if (strcmp(r->uploads[i].field, "file") == 0 && r->uploads[i].len) file = &r->uploads[i];
    if (!file) {
        req_field_error(r, "file", "housing.file_required");
        return req_error(r, 422, "housing.file_required");
    }
    /* The reader decodes in place and writes a NUL after the data. */
    char *copy = malloc(file->len + 1);
    if (!copy) return -1;
    memcpy(copy, file->data, file->len);
    json_t *report = NULL;
    if (db_begin(r->db) != DB_OK) {
        free(copy);
        return -1;
    }
    housing_rc rc = housing_import(r->db, req_city_for(r, ROLE_OFFICER | ROLE_HOUSING), copy,
                                   file->len, clock_now_us(), &report);
    free(copy);
    if (rc != HOUSING_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc != HOUSING_REJECTED) {
            json_decref(report);
            return -1;
        }
        /* Every rejected row, with its line, field and reason; nothing was imported. */
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(report, "rejected"), i, x)
        {
            json_object_set_new(
                x, "reason",
                json_string(req_t(r, json_string_value(json_object_get(x, "message")))));
        }
        r->status = 422;
        r->view = json_pack("{s:o,s:{s:i,s:s,s:s}}", "report", report, "error", "status", 422,
                            "code", "housing.rejected", "message", req_t(r, "housing.rejected"));
        r->template = "housing/import";
        r->title_key = "housing.import_title";
        return 0;
    }
    if (req_field(r, "codes_csv") && strcmp(req_field(r, "codes_csv"), "1") == 0) {
        int out = codes_csv(r, json_object_get(report, "codes"));
        json_decref(report);
        return out;
    }
    /* The page shows the first codes; the full list is the CSV download. */
    json_t *codes = json_object_get(report, "codes");
    json_object_set_new(report, "codes_total", json_integer((json_int_t)json_array_size(codes)));
    if (!r->want_json)
        while (json_array_size(codes) > 200) json_array_remove(codes, json_array_size(codes) - 1);
    r->view = json_pack("{s:o}", "report", report);
    r->template = "housing/import";
    r->title_key = "housing.import_title";
    return 0;
}

int housing_verify(req *r)
{
    static const char *const DECISIONS[] = {"approve", "refuse", NULL};
    const char *d = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "housing.decision_required");
    if (db_begin(r->db) != DB_OK) return -1;
    housing_rc rc =
        resident_verify(r->db, req_city_for(r, ROLE_OFFICER | ROLE_HOUSING), req_param_id(r, "id"),
                        strcmp(d, "approve") == 0, r->user->id, clock_now_us());
    if (rc == HOUSING_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, "/housing",
                            strcmp(d, "approve") == 0 ? "housing.verified" : "housing.refused");
    db_rollback(r->db);
    if (rc == HOUSING_NOT_FOUND) return req_error(r, 404, "error.not_found");
    if (rc == HOUSING_WRONG_STATE) return req_error(r, 409, "housing.wrong_state");
    return -1;
}

static int account_error(req *r, housing_rc rc)
{
    switch (rc) {
    case HOUSING_BAD_CODE:
        req_field_error(r, "code", "housing.bad_code");
        return req_error(r, 422, "housing.bad_code");
    case HOUSING_EMAIL_TAKEN:
        req_field_error(r, "email", "housing.email_taken");
        return req_error(r, 409, "housing.email_taken");
    case HOUSING_BAD_EMAIL:
        req_field_error(r, "email", "input.bad_email");
        return req_error(r, 422, "input.bad_email");
    case HOUSING_BAD_NAME:
        req_field_error(r, "name", "input.hidden_chars");
        return req_error(r, 422, "input.hidden_chars");
    case HOUSING_WEAK_PASSWORD:
        req_field_error(r, "password", "password.too_short");
        return req_error(r, 422, "password.too_short");
    case HOUSING_NOT_FOUND:
        req_field_error(r, "unit_code", "housing.no_unit");
        return req_error(r, 422, "housing.no_unit");
    default:
        return -1;
    }
}

static int form_view(req *r, const char *template, const char *title)
{
    if (!r->view) r->view = json_object();
    json_object_set_new(r->view, "cities", cities_names(r->db));
    r->template = template;
    r->title_key = title;
    return 0;
}

int housing_join_form(req *r)
{
    return form_view(r, "housing/join", "housing.join_title");
}

int housing_join(req *r)
{
    const char *code = in_text(r, "code", 40, IN_REQUIRED);
    const char *email = in_text(r, "email", 254, IN_REQUIRED);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    const char *pw = req_field(r, "password");
    if (!pw || !*pw) req_field_error(r, "password", "login.password_required");
    if (req_has_errors(r)) return req_error(r, 422, "housing.join_invalid");
    /* Guessing codes is slowed down like guessing passwords: tries per client address. */
    int64_t claim = 0;
    int wait =
        attempt_claim(r->db, arena_printf(&r->mem, "join:%s", r->client_ip),
                      r->app->lim.login_per_account * 4, false, r->app->lim.login_window_s, &claim);
    if (wait) return req_limited(r, wait);
    int64_t uid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    housing_rc rc = resident_join(r->db, code, email, name, pw, clock_now_us(), &uid);
    if (rc == HOUSING_OK && db_commit(r->db) == DB_OK) {
        attempt_release(r->db, claim);
        return req_redirect(r, "/login", "housing.joined");
    }
    db_rollback(r->db);
    if (rc != HOUSING_BAD_CODE) attempt_release(r->db, claim); /* only a wrong code counts */
    return account_error(r, rc);
}

int housing_signup_form(req *r)
{
    return form_view(r, "housing/signup", "housing.signup_title");
}

int housing_signup(req *r)
{
    const char *city = in_text(r, "city", 6, IN_REQUIRED);
    const char *email = in_text(r, "email", 254, IN_REQUIRED);
    const char *name = in_text(r, "name", 200, IN_REQUIRED);
    const char *building = in_text(r, "building_code", 60, IN_REQUIRED);
    const char *unit = in_text(r, "unit_code", 60, IN_REQUIRED);
    const char *pw = req_field(r, "password");
    if (!pw || !*pw) req_field_error(r, "password", "login.password_required");
    if (req_has_errors(r)) return req_error(r, 422, "housing.signup_invalid");
    int64_t city_id = city_by_istat(r->db, city), rid = 0;
    if (!city_id) {
        req_field_error(r, "city", "housing.no_city");
        return req_error(r, 422, "housing.no_city");
    }
    /* Every sign-up counts against its address, so that nobody can walk a list of e-mails. */
    int64_t claim = 0;
    int wait =
        attempt_claim(r->db, arena_printf(&r->mem, "signup:%s", r->client_ip),
                      r->app->lim.login_per_account * 2, false, r->app->lim.login_window_s, &claim);
    if (wait) return req_limited(r, wait);
    if (db_begin(r->db) != DB_OK) return -1;
    housing_rc rc =
        resident_signup(r->db, city_id, email, name, pw, building, unit, clock_now_us(), &rid);
    if (rc == HOUSING_OK && db_commit(r->db) == DB_OK)
        return req_redirect(r, "/login", "housing.signed_up");
    db_rollback(r->db);
    /* An address already registered gets the very answer a new one gets, after as long: the
     * form must not tell who has an account here. */
    if (rc == HOUSING_EMAIL_TAKEN) {
        account_hash_delay();
        return req_redirect(r, "/login", "housing.signed_up");
    }
    return account_error(r, rc);
}

int housing_my_home(req *r)
{
    json_t *me = resident_of_user(r->db, r->user->id);
    if (!me) return req_error(r, 404, "housing.not_resident");
    r->view = json_pack("{s:o}", "home", me);
    r->template = "housing/home";
    r->title_key = "housing.home_title";
    return 0;
}

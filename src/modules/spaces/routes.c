#include "modules/spaces/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/filetype.h"
#include "modules/audit/audit.h"
#include "modules/spaces/spaces.h"
#include "web/input.h"

static const char *const STATES[] = {"to_refurbish", "in_works", "ready", "assigned", NULL};

/* The registry by municipio, then neighbourhood: the public's way to look for a place. */
int spaces_index(req *r)
{
    json_t *all = spaces_list(r->db, 0), *groups = json_array(), *cur = NULL;
    const char *mf = req_field(r, "municipio"), *nf = req_field(r, "neighbourhood");
    char last[256] = "";
    size_t i;
    json_t *x;
    json_array_foreach(all, i, x)
    {
        json_object_set_new(
            x, "state_label",
            json_string(req_t_code(r, "spaces.state",
                                   json_string_value(json_object_get(x, "works_state")))));
        json_int_t mun = json_integer_value(json_object_get(x, "municipio"));
        const char *nb = json_string_value(json_object_get(x, "neighbourhood"));
        if (mf && *mf && atoll(mf) != mun) continue;
        if (nf && *nf && strcmp(nf, nb ? nb : "") != 0) continue;
        char group[256];
        snprintf(group, sizeof group, "%lld|%s", (long long)mun, nb ? nb : "");
        if (!cur || strcmp(group, last) != 0) {
            cur = json_pack("{s:I,s:s,s:[]}", "municipio", mun, "neighbourhood", nb ? nb : "",
                            "spaces");
            json_array_append_new(groups, cur);
            snprintf(last, sizeof last, "%s", group);
        }
        json_array_append(json_object_get(cur, "spaces"), x);
    }
    r->view = json_pack("{s:o,s:o,s:b}", "spaces", all, "groups", groups, "can_edit",
                        req_has_role(r, ROLE_OFFICER));
    r->template = "spaces/index";
    r->title_key = "spaces.title";
    return 0;
}

int spaces_show(req *r)
{
    json_t *s = space_get(r->db, req_param_id(r, "id"));
    if (!s) return req_error(r, 404, "error.not_found");
    bool mine = json_integer_value(json_object_get(s, "city_id")) == req_city_for(r, ROLE_OFFICER);
    r->view = json_pack("{s:o,s:b}", "space", s, "can_edit", mine);
    r->template = "spaces/show";
    r->title_key = "spaces.space";
    return 0;
}

static int show_form(req *r, json_t *values)
{
    if (!r->view) r->view = json_object();
    const char *state = json_string_value(json_object_get(values, "works_state"));
    json_t *states = json_array();
    for (int k = 0; STATES[k]; k++) {
        json_array_append_new(states,
                              json_pack("{s:s,s:s,s:b}", "value", STATES[k], "label",
                                        req_t_code(r, "spaces.state", STATES[k]), "selected",
                                        state && strcmp(state, STATES[k]) == 0));
    }
    json_object_set_new(r->view, "states", states);
    json_object_set_new(r->view, "space", values);
    r->template = "spaces/form";
    r->title_key = "spaces.form_title";
    return 0;
}

int spaces_form(req *r)
{
    if (!req_param(r, "id")) return show_form(r, json_object());
    json_t *s = space_get(r->db, req_param_id(r, "id"));
    if (!s || json_integer_value(json_object_get(s, "city_id")) != req_city_for(r, ROLE_OFFICER)) {
        json_decref(s);
        return req_error(r, 404, "error.not_found");
    }
    return show_form(r, s);
}

static int save(req *r, int64_t id)
{
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (!city) return req_error(r, 403, "error.forbidden");
    space_in in = {
        .name = in_text(r, "name", 200, IN_REQUIRED),
        .address = in_text(r, "address", 300, IN_REQUIRED),
        .municipio = in_int(r, "municipio", 1, 99, IN_OPTIONAL),
        .neighbourhood = in_text(r, "neighbourhood", 200, IN_OPTIONAL),
        .area_m2 = in_int(r, "area_m2", 1, 1000000, IN_OPTIONAL),
        .works_state = in_choice(r, "works_state", STATES, IN_REQUIRED),
        .notes = in_text(r, "notes", 5000, IN_OPTIONAL),
        .works_started_on = in_date(r, "works_started_on", IN_OPTIONAL),
        .works_ready_on = in_date(r, "works_ready_on", IN_OPTIONAL),
    };
    if (in.works_started_on && in.works_ready_on &&
        strcmp(in.works_ready_on, in.works_started_on) < 0)
        req_field_error(r, "works_ready_on", "plan.end_before_start");
    int64_t out = 0;
    if (!req_has_errors(r)) {
        if (db_begin(r->db) != DB_OK) return -1;
        int rc = space_save(r->db, city, id, &in, &out);
        if (rc == 0 &&
            audit_append(r->db, city, r->user->id, id ? "space_update" : "space_create", "space",
                         out, NULL) == 0 &&
            db_commit(r->db) == DB_OK)
            return req_redirect(r, arena_printf(&r->mem, "/spaces/%lld", (long long)out),
                                "spaces.saved");
        db_rollback(r->db);
        return rc == -3 ? req_error(r, 404, "error.not_found") : -1;
    }
    r->status = 422;
    json_t *values = json_pack("{s:s,s:s,s:s?,s:s,s:s?,s:s?,s:s}", "name", in.name, "address",
                               in.address, "municipio", req_field(r, "municipio"), "neighbourhood",
                               in.neighbourhood, "area_m2", req_field(r, "area_m2"), "works_state",
                               in.works_state, "notes", in.notes);
    json_object_set_new(values, "works_started_on",
                        json_string(in.works_started_on ? in.works_started_on : ""));
    json_object_set_new(values, "works_ready_on",
                        json_string(in.works_ready_on ? in.works_ready_on : ""));
    if (id) json_object_set_new(values, "id", json_integer(id));
    return show_form(r, values);
}

int spaces_photo_add(req *r)
{
    int64_t id = req_param_id(r, "id"), city = req_city_for(r, ROLE_OFFICER);
    const char *caption = in_text(r, "caption", 500, IN_REQUIRED);
    const upload *u = NULL;
    for (int i = 0; i < r->nuploads; i++)
        if (strcmp(r->uploads[i].field, "photo") == 0) u = &r->uploads[i];
    const char *mime = u ? filetype_of(u->data, u->len) : NULL;
    if (!u || !u->len)
        req_field_error(r, "photo", "input.required");
    else if (u->len > FILE_MAX_BYTES)
        req_field_error(r, "photo", "proposals.file_too_large");
    else if (!mime || strcmp(mime, "application/pdf") == 0)
        req_field_error(r, "photo", "spaces.photo_type");
    if (req_has_errors(r) || !u) {
        return req_error(r, 422, "spaces.photo_type");
    }
    int64_t pid = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    int rc = space_photo_add(r->db, city, id, u->data, u->len, mime, caption, &pid);
    if (rc == 0 && audit_append(r->db, city, r->user->id, "space_photo", "space", id, NULL) == 0 &&
        db_commit(r->db) == DB_OK)
        return req_redirect(r, arena_printf(&r->mem, "/spaces/%lld", (long long)id),
                            "spaces.saved");
    db_rollback(r->db);
    return rc == -3 ? req_error(r, 404, "error.not_found") : -1;
}

int spaces_photo(req *r)
{
    size_t len = 0;
    char mime[64];
    void *data =
        space_photo(r->db, req_param_id(r, "id"), req_param_id(r, "pid"), &len, mime, sizeof mime);
    if (!data) return req_error(r, 404, "error.not_found");
    req_send_file(r, data, len, mime, NULL);
    free(data);
    return 0;
}

int spaces_create(req *r)
{
    return save(r, 0);
}

int spaces_update(req *r)
{
    int64_t id = req_param_id(r, "id");
    return id ? save(r, id) : req_error(r, 404, "error.not_found");
}

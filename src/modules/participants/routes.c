#include "modules/participants/routes.h"

#include <string.h>

#include "base/clock.h"
#include "modules/agreements/access.h"
#include "modules/participants/participants.h"
#include "web/input.h"

void participants_label_counts(req *r, json_t *counts)
{
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(counts, "traits"), i, t)
    {
        json_object_set_new(
            t, "label",
            json_string(req_t_code(r, "participants.trait",
                                   json_string_value(json_object_get(t, "trait")))));
        req_label_each(r, json_object_get(t, "answers"), "answer", "participants.answer", "label");
    }
}

json_t *participants_trait_fields(req *r, unsigned known)
{
    json_t *fields = json_array();
    for (int t = 0; t < PART_NTRAITS; t++) {
        if (known & (1u << t)) continue;
        json_t *opts = json_array();
        for (const char *const *v = PART_TRAIT_VALUES[t]; *v; v++)
            json_array_append_new(opts, json_pack("{s:s,s:s}", "value", *v, "label",
                                                  req_t_code(r, "participants.answer", *v)));
        json_array_append_new(fields, json_pack("{s:s,s:s,s:o}", "name", PART_TRAITS[t], "label",
                                                req_t_code(r, "participants.trait", PART_TRAITS[t]),
                                                "options", opts));
    }
    return fields;
}

int participants_page(req *r)
{
    int64_t id = req_param_id(r, "id");
    agreement_access x = agreement_access_for(r, id);
    bool running = x.agreement && agreement_access_running(&x);
    json_decref(x.agreement);
    if (!running) return req_error(r, 404, "error.not_found");
    /* The public sees counts with the small ones withheld; the records (pseudonymous) are for
     * the body that holds them and for the city's controllers. */
    json_t *counts = participants_counts(r->db, id, 0, !agreement_access_inside(&x));
    if (!counts) return -1;
    participants_label_counts(r, counts);
    json_t *view = json_pack("{s:I,s:o,s:b,s:b}", "agreement_id", (json_int_t)id, "counts", counts,
                             "is_holder", x.holder, "can_open", x.holder || x.controller);
    if (x.holder || x.controller) {
        json_t *list = participants_list(r->db, id);
        size_t i;
        json_t *p;
        json_array_foreach(list, i, p)
        {
            for (int t = 0; t < PART_NTRAITS; t++) {
                const char *v = json_string_value(json_object_get(p, PART_TRAITS[t]));
                if (v && strcmp(v, "refused") == 0)
                    json_object_set_new(p, "has_refusals", json_true());
            }
        }
        json_object_set_new(view, "participants", list);
        json_object_set_new(view, "openings", participants_openings(r->db, id));
    }
    if (x.holder) json_object_set_new(view, "trait_fields", participants_trait_fields(r, 0));
    r->view = view;
    r->template = "participants/index";
    r->title_key = "participants.title";
    return 0;
}

static int fail(req *r, part_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case PART_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case PART_DUPLICATE:
        return req_error(r, 409, "participants.duplicate");
    case PART_BAD_DATES:
        return req_error(r, 422, "participants.bad_dates");
    case PART_NOT_ACTIVE:
        return req_error(r, 409, "participants.not_active");
    default:
        return -1;
    }
}

/* The holder of the agreement only: 404 without the agreement, 403 for anyone else. */
static bool holder_only(req *r, int64_t agreement_id)
{
    agreement_access x = agreement_access_for(r, agreement_id);
    bool ok = x.agreement && x.holder;
    if (!x.agreement)
        req_error(r, 404, "error.not_found");
    else if (!ok)
        req_error(r, 403, "participants.holder_only");
    json_decref(x.agreement);
    return ok;
}

int participants_create(req *r)
{
    int64_t id = req_param_id(r, "id");
    if (!holder_only(r, id)) return 0;
    participant_in in = {0};
    in.full_name = in_text(r, "full_name", 200, IN_REQUIRED);
    in.tax_code = in_checked(r, "tax_code", check_cf_person, IN_OPTIONAL);
    in.entry_date = in_date(r, "entry_date", IN_REQUIRED);
    in.exit_date = in_date(r, "exit_date", IN_OPTIONAL);
    for (int t = 0; t < PART_NTRAITS; t++)
        in.traits[t] = in_choice(r, PART_TRAITS[t], PART_TRAIT_VALUES[t], IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "participants.invalid");
    int64_t pid = 0;
    char pseudonym[16];
    if (db_begin(r->db) != DB_OK) return -1;
    part_rc rc = participant_add(r->db, id, &in, clock_now_us(), &pid, pseudonym);
    if (rc != PART_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : PART_ERROR);
    r->view = json_pack("{s:I,s:s}", "participant_id", (json_int_t)pid, "pseudonym", pseudonym);
    return req_redirect(r, arena_printf(&r->mem, "/agreements/%lld/participants", (long long)id),
                        "participants.saved");
}

int participants_exit(req *r)
{
    int64_t pid = req_param_id(r, "id"), agreement = participant_agreement_of(r->db, pid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    if (!holder_only(r, agreement)) return 0;
    const char *exit_date = in_date(r, "exit_date", IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "participants.bad_dates");
    if (db_begin(r->db) != DB_OK) return -1;
    part_rc rc = participant_exit(r->db, pid, exit_date);
    if (rc != PART_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : PART_ERROR);
    return req_redirect(
        r, arena_printf(&r->mem, "/agreements/%lld/participants", (long long)agreement),
        "participants.saved");
}

int participants_identity(req *r)
{
    int64_t pid = req_param_id(r, "id"), agreement = participant_agreement_of(r->db, pid);
    if (!agreement) return req_error(r, 404, "error.not_found");
    agreement_access x = agreement_access_for(r, agreement);
    int64_t city = json_integer_value(json_object_get(x.agreement, "city_id"));
    json_decref(x.agreement);
    if (!x.holder && !x.controller) return req_error(r, 403, "participants.identity_denied");
    if (db_begin(r->db) != DB_OK) return -1;
    json_t *who = participant_identity(r->db, city, pid, r->user->id,
                                       x.holder ? "ets" : "controller", clock_now_us());
    if (!who || db_commit(r->db) != DB_OK) {
        json_decref(who);
        db_rollback(r->db);
        return -1;
    }
    r->view = json_pack("{s:I,s:o}", "agreement_id", (json_int_t)agreement, "identity", who);
    r->template = "participants/identity";
    r->title_key = "participants.identity_title";
    return 0;
}

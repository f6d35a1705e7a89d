/* HTTP handler enrolling the person of a pathway as a participant of the body's ESF operation,
 * and the pathway page's part of it (docs/pathways.md). */
#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/participants/routes.h"
#include "modules/pathways/routes.h"
#include "web/input.h"

enum { AGE_BAND = 1, HOMELESS = 5 }; /* indexes in PART_TRAITS */

void participation_view(req *r, const person_reader *w, int64_t person_id, int64_t birth_year)
{
    json_t *mine = participations_of(r->db, person_id, w->social ? 0 : w->organisation_id);
    json_object_set_new(r->view, "participations", mine ? mine : json_array());
    json_object_set_new(r->view, "has_esf", json_boolean(json_array_size(mine) > 0));
    if (w->social) return;
    json_t *agreements = enrol_agreements(r->db, w->city_id, w->organisation_id);
    if (!json_array_size(agreements)) {
        json_decref(agreements);
        return;
    }
    /* What the record knows is not asked: housing exclusion always, the age with a birth year. */
    unsigned known = 1u << HOMELESS | (birth_year ? 1u << AGE_BAND : 0u);
    json_object_set_new(r->view, "has_esf", json_true());
    json_object_set_new(r->view, "enrol",
                        json_pack("{s:o,s:o}", "agreements", agreements, "fields",
                                  participants_trait_fields(r, known)));
}

int pathway_enrol(req *r)
{
    person_reader w = pathways_reader(r);
    int64_t id = req_param_id(r, "id"), pid = 0;
    int64_t agreement = in_int(r, "agreement_id", 1, INT64_MAX, IN_REQUIRED);
    const char *traits[PART_NTRAITS] = {0};
    for (int t = 0; t < PART_NTRAITS; t++)
        if (t != HOMELESS)
            traits[t] = in_choice(r, PART_TRAITS[t], PART_TRAIT_VALUES[t],
                                  t == AGE_BAND ? IN_OPTIONAL : IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "pathways.enrol_incomplete");
    char today[11];
    date_rome(clock_now_us(), today);
    person_access access;
    if (db_begin(r->db) != DB_OK) return -1;
    path_rc rc = person_access_for(r->db, &w, id, &access);
    if (rc == PATH_OK)
        rc = person_enrol(r->db, &w, id, agreement, traits, today, clock_now_us(), &pid);
    static const struct {
        path_rc rc;
        int status;
        const char *field, *key;
    } REFUSED[] = {
        {PATH_BAD_STATE, 409, "agreement_id", "pathways.enrol_not_active"},
        {PATH_LIVE, 409, "agreement_id", "pathways.enrolled_already"},
        {PATH_DUPLICATE, 409, "agreement_id", "pathways.enrol_tax_code_taken"},
        {PATH_AGE_NEEDED, 422, "age_band", "pathways.enrol_age_needed"},
    };
    for (size_t i = 0; i < sizeof REFUSED / sizeof REFUSED[0]; i++)
        if (rc == REFUSED[i].rc) {
            db_rollback(r->db);
            req_field_error(r, REFUSED[i].field, REFUSED[i].key);
            return req_error(r, REFUSED[i].status, REFUSED[i].key);
        }
    if (rc != PATH_OK || db_commit(r->db) != DB_OK) return pathways_fail(r, rc ? rc : PATH_ERROR);
    r->view = json_pack("{s:I}", "participant_id", (json_int_t)pid);
    return req_redirect(r, arena_printf(&r->mem, "/people/%lld/pathway#esf", (long long)id),
                        "pathways.enrolled");
}

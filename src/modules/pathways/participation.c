/* Participants of ESF operations taken from the pathway (docs/pathways.md): what the record
 * knows is not typed again. A body enrols the person in its own active agreement; the
 * participant record stays pseudonymous, its identity apart (modules/participants). */
#include <stdio.h>
#include <string.h>

#include "modules/pathways/pathways.h"

/* The ESF age band at entry (YYYY-MM-DD) of someone born in birth_year. */
static const char *age_band(int64_t birth_year, const char *entry)
{
    int year = 0;
    for (int i = 0; i < 4 && entry[i]; i++) year = year * 10 + (entry[i] - '0');
    int64_t age = year - birth_year;
    return age < 25 ? "under_25" : age <= 54 ? "from_25_to_54" : "over_54";
}

path_rc person_enrol(db_conn *c, const person_reader *w, int64_t person_id, int64_t agreement_id,
                     const char *traits[PART_NTRAITS], const char *entry, int64_t now,
                     int64_t *participant_id)
{
    int64_t ours = 0, taken = 0;
    if (db_query_int(c,
                     "SELECT CASE WHEN state = 'active' THEN 2 ELSE 1 END FROM agreements WHERE "
                     "id = ? AND city_id = ? AND organisation_id = ?",
                     DB_ARGS(DB_INT(agreement_id), DB_INT(w->city_id), DB_INT(w->organisation_id)),
                     &ours) != DB_OK ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM person_participants WHERE person_id = ? AND "
                     "agreement_id = ?",
                     DB_ARGS(DB_INT(person_id), DB_INT(agreement_id)), &taken) != DB_OK)
        return PATH_ERROR;
    if (!ours) return PATH_NOT_FOUND;
    if (ours == 1) return PATH_BAD_STATE;
    if (taken) return PATH_LIVE;
    /* What the record knows. */
    char name[512] = "", cf[17] = "";
    int64_t birth_year = 0;
    bool excluded = false;
    db_rows *q = db_query(c,
                          "SELECT given_name, family_name, nickname, tax_code, birth_year, ethos "
                          "FROM people WHERE id = ? AND city_id = ?",
                          DB_ARGS(DB_INT(person_id), DB_INT(w->city_id)));
    if (!q) return PATH_ERROR;
    bool found = db_next(q);
    if (found) {
        const char *given = db_text(q, 0), *family = db_text(q, 1);
        snprintf(name, sizeof name, "%s%s%s", given, *given && *family ? " " : "", family);
        if (!*name) snprintf(name, sizeof name, "%s", db_text(q, 2));
        if (!db_isnull(q, 3)) snprintf(cf, sizeof cf, "%s", db_text(q, 3));
        birth_year = db_isnull(q, 4) ? 0 : db_int(q, 4);
        excluded = !db_isnull(q, 5);
    }
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (!found) return PATH_NOT_FOUND;
    participant_in in = {.full_name = name, .tax_code = *cf ? cf : NULL, .entry_date = entry};
    for (int t = 0; t < PART_NTRAITS; t++) in.traits[t] = traits[t];
    /* PART_TRAITS: employment, age_band, education, disability, migrant, homeless, other. */
    if (birth_year) in.traits[1] = age_band(birth_year, entry);
    if (!in.traits[1]) return PATH_AGE_NEEDED;
    in.traits[5] = excluded ? "yes" : "no";
    char pseudonym[16];
    part_rc rc = participant_add(c, agreement_id, &in, now, participant_id, pseudonym);
    if (rc == PART_DUPLICATE) return PATH_DUPLICATE;
    if (rc == PART_NOT_ACTIVE) return PATH_BAD_STATE;
    if (rc != PART_OK) return PATH_ERROR;
    if (db_exec(c,
                "INSERT INTO person_participants (participant_id, person_id, city_id, "
                "agreement_id, enrolled_by, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(*participant_id), DB_INT(person_id), DB_INT(w->city_id),
                        DB_INT(agreement_id), DB_INT(w->user_id), DB_INT(now)),
                NULL) != DB_OK ||
        person_read_log(c, w, person_id, "export", PURPOSE_ESF, now) != PATH_OK)
        return PATH_ERROR;
    return pathways_audit(c, w->city_id, w->user_id, "person_enrolled", "participants",
                          *participant_id,
                          json_pack("{s:I,s:I}", "person", (json_int_t)person_id, "agreement",
                                    (json_int_t)agreement_id));
}

json_t *participations_of(db_conn *c, int64_t person_id, int64_t organisation_id)
{
    return db_query_json(
        c,
        "SELECT k.participant_id, k.agreement_id, t.pseudonym, t.entry_date, "
        "t.exit_date, o.name AS body FROM person_participants k JOIN "
        "participants t ON t.id = k.participant_id JOIN agreements a ON a.id = "
        "k.agreement_id JOIN organisations o ON o.id = a.organisation_id WHERE "
        "k.person_id = ? AND (? = 0 OR a.organisation_id = ?) ORDER BY "
        "t.entry_date DESC, k.participant_id DESC",
        DB_ARGS(DB_INT(person_id), DB_INT(organisation_id), DB_INT(organisation_id)));
}

json_t *enrol_agreements(db_conn *c, int64_t city_id, int64_t organisation_id)
{
    return db_query_json(c,
                         "SELECT a.id, k.title FROM agreements a JOIN codesign_tables t ON t.id "
                         "= a.table_id JOIN calls k ON k.id = t.call_id WHERE a.city_id = ? AND "
                         "a.organisation_id = ? AND a.state = 'active' ORDER BY a.id",
                         DB_ARGS(DB_INT(city_id), DB_INT(organisation_id)));
}

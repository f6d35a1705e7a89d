/* What the person holds over their record: consents per body and purpose (given at the desk,
 * revoked at the desk or with the card), the special categories kept apart, the names of
 * restricted records granted worker by worker, and the personal access card with which the
 * person reads the log of every reading. The card's code is kept as its SHA-256 only. */
#include <sodium.h>
#include <string.h>

#include "base/hex.h"
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

/* No 0/O, 1/I: a code read aloud at the desk or typed on a phone is not mistaken. */
static const char CARD_ALPHABET[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/* The record's restricted flag: 0 or 1, PATH_NOT_FOUND when not of the city. */
static int restricted_of(db_conn *c, int64_t city_id, int64_t person_id)
{
    int64_t r = -1;
    if (db_query_int(c, "SELECT restricted FROM people WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(person_id), DB_INT(city_id)), &r) != DB_OK)
        return PATH_ERROR;
    return r < 0 ? PATH_NOT_FOUND : (int)r;
}

path_rc consent_give(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                     int64_t organisation_id, const char *purpose, int64_t now, int64_t *id)
{
    int restricted = restricted_of(c, city_id, person_id);
    if (restricted < 0) return (path_rc)restricted;
    if (restricted) return PATH_RESTRICTED;
    int64_t ok = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM organisations WHERE id = ? AND city_id = ? AND kind IN "
                     "('ets', 'other')",
                     DB_ARGS(DB_INT(organisation_id), DB_INT(city_id)), &ok) != DB_OK)
        return PATH_ERROR;
    if (!ok) return PATH_NOT_FOUND;
    db_rc rc =
        db_query_int(c,
                     "INSERT INTO person_consents (person_id, city_id, organisation_id, "
                     "purpose, given_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_INT(organisation_id),
                             DB_TEXT(purpose), DB_INT(now), DB_INT(user_id)),
                     id);
    if (rc == DB_CONSTRAINT) return PATH_LIVE;
    if (rc != DB_OK) return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "consent_given", "people", person_id,
                          json_pack("{s:I,s:I,s:s}", "consent", (json_int_t)*id, "organisation",
                                    (json_int_t)organisation_id, "purpose", purpose));
}

path_rc consent_revoke(db_conn *c, int64_t city_id, int64_t person_id, int64_t consent_id,
                       int64_t user_id, int64_t now)
{
    int64_t n = 0;
    if (db_exec(c,
                "UPDATE person_consents SET revoked_at = ?, revoked_by = ? WHERE id = ? AND "
                "person_id = ? AND city_id = ? AND revoked_at IS NULL",
                DB_ARGS(DB_INT(now), user_id ? DB_INT(user_id) : DB_NULL, DB_INT(consent_id),
                        DB_INT(person_id), DB_INT(city_id)),
                &n) != DB_OK)
        return PATH_ERROR;
    if (!n) {
        int64_t there = 0;
        if (db_query_int(c,
                         "SELECT COUNT(*) FROM person_consents WHERE id = ? AND person_id = ? AND "
                         "city_id = ?",
                         DB_ARGS(DB_INT(consent_id), DB_INT(person_id), DB_INT(city_id)),
                         &there) != DB_OK)
            return PATH_ERROR;
        return there ? PATH_REVOKED : PATH_NOT_FOUND;
    }
    return pathways_audit(
        c, city_id, user_id, "consent_revoked", "people", person_id,
        json_pack("{s:I,s:s}", "consent", (json_int_t)consent_id, "by", user_id ? "desk" : "card"));
}

path_rc special_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                    const char *category, const char *note, int64_t now)
{
    int restricted = restricted_of(c, city_id, person_id);
    if (restricted < 0) return (path_rc)restricted;
    if (db_exec(c,
                "INSERT INTO person_special (person_id, city_id, category, note, recorded_by, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_TEXT(category), DB_TEXT(note),
                        DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK)
        return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "special_added", "people", person_id,
                          json_pack("{s:s}", "category", category));
}

json_t *special_list(db_conn *c, int64_t city_id, int64_t person_id)
{
    return db_query_json(c,
                         "SELECT s.category, s.note, s.recorded_at, u.name AS recorded_by FROM "
                         "person_special s JOIN users u ON u.id = s.recorded_by WHERE "
                         "s.person_id = ? AND s.city_id = ? ORDER BY s.category, s.recorded_at "
                         "DESC, s.id DESC",
                         DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
}

path_rc grant_name(db_conn *c, int64_t city_id, int64_t by, int64_t person_id, int64_t user_id,
                   int64_t now)
{
    int64_t ok = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN "
                     "people p ON p.city_id = m.city_id WHERE m.user_id = ? AND m.role = 'social' "
                     "AND u.active = 1 AND p.id = ? AND p.city_id = ?",
                     DB_ARGS(DB_INT(user_id), DB_INT(person_id), DB_INT(city_id)), &ok) != DB_OK)
        return PATH_ERROR;
    if (!ok) return PATH_NOT_FOUND;
    if (db_exec(
            c,
            "INSERT INTO person_grants (person_id, city_id, user_id, granted_by, granted_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, user_id) DO NOTHING",
            DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_INT(user_id), DB_INT(by), DB_INT(now)),
            NULL) != DB_OK)
        return PATH_ERROR;
    return pathways_audit(c, city_id, by, "name_granted", "people", person_id,
                          json_pack("{s:I}", "user", (json_int_t)user_id));
}

path_rc card_issue(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t now,
                   char code[CARD_CODE_LEN + 1])
{
    for (int i = 0; i < CARD_CODE_LEN; i++)
        code[i] = CARD_ALPHABET[randombytes_uniform(sizeof CARD_ALPHABET - 1)];
    code[CARD_CODE_LEN] = '\0';
    char hash[65];
    sha256_hex(code, CARD_CODE_LEN, hash);
    int64_t n = 0;
    db_rc rc = db_exec(c,
                       "UPDATE people SET card_hash = ?, card_issued_at = ? WHERE id = ? AND "
                       "city_id = ? AND merged_into IS NULL",
                       DB_ARGS(DB_TEXT(hash), DB_INT(now), DB_INT(person_id), DB_INT(city_id)), &n);
    if (rc != DB_OK) return PATH_ERROR; /* 60 random bits: a clash is not to be expected */
    if (!n) return PATH_NOT_FOUND;
    return pathways_audit(c, city_id, user_id, "card_issued", "people", person_id, NULL);
}

bool card_code_normalise(const char *typed, char code[CARD_CODE_LEN + 1])
{
    int k = 0;
    for (const char *s = typed ? typed : ""; *s; s++) {
        if (*s == ' ' || *s == '-') continue;
        char ch = (*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s;
        if (k == CARD_CODE_LEN || !strchr(CARD_ALPHABET, ch) || !ch) return false;
        code[k++] = ch;
    }
    code[k] = '\0';
    return k == CARD_CODE_LEN;
}

int64_t card_person(db_conn *c, const char *code, int64_t *city_id)
{
    if (!code || strlen(code) != CARD_CODE_LEN) return 0;
    char hash[65];
    sha256_hex(code, CARD_CODE_LEN, hash);
    db_rows *q =
        db_query(c, "SELECT id, city_id FROM people WHERE card_hash = ?", DB_ARGS(DB_TEXT(hash)));
    if (!q) return 0;
    int64_t id = 0;
    if (db_next(q)) {
        id = db_int(q, 0);
        *city_id = db_int(q, 1);
    }
    return db_rows_close(q) == DB_OK ? id : 0;
}

json_t *card_view(db_conn *c, int64_t person_id)
{
    /* A lost card shows little: the first name and an initial, never the codice fiscale. */
    json_t *v = db_query_object(c,
                                "SELECT id, given_name, substr(family_name, 1, 1) AS "
                                "family_initial, nickname, ethos, card_issued_at FROM people "
                                "WHERE id = ?",
                                DB_ARGS(DB_INT(person_id)));
    if (!v) return NULL;
    json_object_set_new(
        v, "consents",
        db_query_json(c,
                      "SELECT k.id, k.purpose, k.given_at, k.revoked_at, o.name AS body, CASE WHEN "
                      "k.revoked_at IS NULL THEN 1 ELSE 0 END AS is_live FROM person_consents k "
                      "JOIN organisations o ON o.id = k.organisation_id WHERE k.person_id = ? "
                      "ORDER BY is_live DESC, k.given_at DESC, k.id DESC",
                      DB_ARGS(DB_INT(person_id))));
    json_object_set_new(v, "mail",
                        db_query_json(c,
                                      "SELECT kind, sender, arrived_at FROM mail_items WHERE "
                                      "person_id = ? AND handed_at IS NULL ORDER BY arrived_at",
                                      DB_ARGS(DB_INT(person_id))));
    json_object_set_new(v, "reads", person_reads_of(c, person_id, INT64_MAX));
    return v;
}

json_t *consent_bodies(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT id, name FROM organisations WHERE city_id = ? AND kind IN "
                         "('ets', 'other') ORDER BY name",
                         DB_ARGS(DB_INT(city_id)));
}

json_t *social_workers(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON "
                         "m.user_id = u.id WHERE m.role = 'social' AND m.city_id = ? AND u.active "
                         "= 1 ORDER BY u.name",
                         DB_ARGS(DB_INT(city_id)));
}

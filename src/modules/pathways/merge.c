/* Two records of one person merged by hand, in one transaction, or judged two people. Nothing
 * is merged by itself: the duplicate finder only proposes. */
#include <stdio.h>
#include <stdlib.h>

#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

/* Whether the two records both have something that exists once per person: an open pathway, a
 * live registered address, a live placement, a household. */
static const char *const ONCE[] = {
    "SELECT COUNT(DISTINCT person_id) FROM pathways WHERE person_id IN (?, ?) AND state = 'open'",
    "SELECT COUNT(DISTINCT person_id) FROM registered_addresses WHERE person_id IN (?, ?) AND "
    "state IN ('requested', 'granted')",
    "SELECT COUNT(DISTINCT person_id) FROM placements WHERE person_id IN (?, ?) AND state IN "
    "('offered', 'moved_in')",
    "SELECT COUNT(DISTINCT person_id) FROM household_members WHERE person_id IN (?, ?) AND "
    "left_at IS NULL",
};

/* What moves from other to into as it is: rows whose only tie is the person. Each row moved is
 * recorded under the merge (person_merge_moves), and moved back by the same list. */
typedef struct moved {
    const char *record, *move, *back;
} moved;
/* clang-format off */
#define MOVED(t)                                                                                   \
    {"INSERT INTO person_merge_moves (merge_id, kind, row_id) SELECT ?, '" t "', id FROM " t       \
     " WHERE person_id = ?",                                                                       \
     "UPDATE " t " SET person_id = ? WHERE person_id = ?",                                         \
     "UPDATE " t " SET person_id = ? WHERE id IN (SELECT row_id FROM person_merge_moves WHERE "    \
     "merge_id = ? AND kind = '" t "')"}
/* clang-format on */
static const moved MOVE[] = {
    MOVED("person_ethos"),       MOVED("person_special"),       MOVED("person_reads"),
    MOVED("pathways"),           MOVED("registered_addresses"), MOVED("mail_items"),
    MOVED("placements"),         MOVED("person_links"),         MOVED("person_consents"),
    MOVED("person_alert_links"), MOVED("household_members"),
};

/* The fields of a record a merge may change, each with its own statement to set it back. */
/* clang-format off */
#define FIELD(col) {col, "UPDATE people SET " col " = ? WHERE id = ?"}
/* clang-format on */
static const struct {
    const char *name, *set;
} FIELDS[] = {
    FIELD("tax_code"),        FIELD("card_hash"), FIELD("card_issued_at"), FIELD("given_name"),
    FIELD("family_name"),     FIELD("nickname"),  FIELD("birth_date"),     FIELD("birth_year"),
    FIELD("origin"),          FIELD("ethos"),     FIELD("restricted"),     FIELD("homeless_since"),
    FIELD("last_contact_at"),
#undef FIELD
};
#define FIELDS_SQL                                                                                 \
    "SELECT tax_code, card_hash, card_issued_at, given_name, family_name, nickname, birth_date, "  \
    "birth_year, origin, ethos, restricted, homeless_since, last_contact_at FROM people WHERE id " \
    "= ?"

/* The record's fields as an object, or NULL. */
static json_t *fields_of(db_conn *c, int64_t id)
{
    json_t *rows = db_query_json(c, FIELDS_SQL, DB_ARGS(DB_INT(id)));
    json_t *one = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return one;
}

/* The user ids granted the record's name, as an array. */
static json_t *grants_of(db_conn *c, int64_t id)
{
    json_t *rows = db_query_json(c, "SELECT user_id FROM person_grants WHERE person_id = ?",
                                 DB_ARGS(DB_INT(id)));
    json_t *ids = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) json_array_append(ids, json_object_get(x, "user_id"));
    json_decref(rows);
    return ids;
}

static bool has_int(json_t *list, json_t *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) if (json_equal(x, v)) return true;
    return false;
}

/* The grants, the codice fiscale and card, and what into does not know, from other; then the
 * by-name list's values of into. */
static path_rc merge_fields(db_conn *c, int64_t user_id, int64_t into, int64_t other, int64_t now)
{
    /* Who had the other's name has the merged one's. */
    if (db_exec(c,
                "INSERT INTO person_grants (person_id, city_id, user_id, granted_by, granted_at) "
                "SELECT ?, city_id, user_id, ?, ? FROM person_grants WHERE person_id = ? ON "
                "CONFLICT (person_id, user_id) DO NOTHING",
                DB_ARGS(DB_INT(into), DB_INT(user_id), DB_INT(now), DB_INT(other)),
                NULL) != DB_OK ||
        db_exec(c, "DELETE FROM person_grants WHERE person_id = ?", DB_ARGS(DB_INT(other)), NULL) !=
            DB_OK)
        return PATH_ERROR;
    /* A restricted other makes the merged record restricted. The codice fiscale and the card are
     * unique, so the other's are read, cleared, then given to into when it has none. */
    char cf[17] = "", card[65] = "";
    int64_t card_at = 0;
    db_rows *q = db_query(c, "SELECT tax_code, card_hash, card_issued_at FROM people WHERE id = ?",
                          DB_ARGS(DB_INT(other)));
    if (!q) return PATH_ERROR;
    if (db_next(q)) {
        if (!db_isnull(q, 0)) snprintf(cf, sizeof cf, "%s", db_text(q, 0));
        if (!db_isnull(q, 1)) snprintf(card, sizeof card, "%s", db_text(q, 1));
        card_at = db_isnull(q, 2) ? 0 : db_int(q, 2);
    }
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (db_exec(c,
                "UPDATE people SET tax_code = NULL, card_hash = NULL, merged_into = ? WHERE id = ?",
                DB_ARGS(DB_INT(into), DB_INT(other)), NULL) != DB_OK ||
        db_exec(c,
                "UPDATE people SET tax_code = COALESCE(tax_code, ?), card_issued_at = CASE WHEN "
                "card_hash IS NULL THEN ? ELSE card_issued_at END, card_hash = COALESCE(card_hash, "
                "?) WHERE id = ?",
                DB_ARGS(*cf ? DB_TEXT(cf) : DB_NULL, card_at ? DB_INT(card_at) : DB_NULL,
                        *card ? DB_TEXT(card) : DB_NULL, DB_INT(into)),
                NULL) != DB_OK)
        return PATH_ERROR;
    if (db_exec(c,
                "UPDATE people SET given_name = CASE WHEN people.given_name = '' THEN "
                "o.given_name ELSE people.given_name END, family_name = CASE WHEN "
                "people.family_name = '' THEN o.family_name ELSE people.family_name END, nickname "
                "= CASE WHEN people.nickname = '' THEN o.nickname ELSE people.nickname END, "
                "birth_date = COALESCE(people.birth_date, o.birth_date), birth_year = "
                "COALESCE(people.birth_year, o.birth_year), origin = CASE WHEN people.origin = '' "
                "THEN o.origin ELSE people.origin END, ethos = COALESCE(people.ethos, o.ethos), "
                "restricted = CASE WHEN o.restricted = 1 THEN 1 ELSE people.restricted END, "
                "homeless_since = CASE WHEN people.homeless_since IS NULL OR o.homeless_since < "
                "people.homeless_since THEN o.homeless_since ELSE people.homeless_since END, "
                "last_contact_at = CASE WHEN people.last_contact_at IS NULL OR "
                "people.last_contact_at < o.last_contact_at THEN o.last_contact_at ELSE "
                "people.last_contact_at END FROM people o WHERE o.id = ? AND people.id = ?",
                DB_ARGS(DB_INT(other), DB_INT(into)), NULL) != DB_OK ||
        person_list_refresh(c, into) != PATH_OK)
        return PATH_ERROR;
    return PATH_OK;
}

path_rc person_merge(db_conn *c, int64_t city_id, int64_t user_id, int64_t into, int64_t other,
                     int64_t now)
{
    int64_t both = 0, mid = 0;
    if (into == other ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM people WHERE id IN (?, ?) AND city_id = ? AND "
                     "merged_into IS NULL",
                     DB_ARGS(DB_INT(into), DB_INT(other), DB_INT(city_id)), &both) != DB_OK)
        return into == other ? PATH_NOT_FOUND : PATH_ERROR;
    if (both != 2) return PATH_NOT_FOUND;
    for (size_t i = 0; i < sizeof ONCE / sizeof ONCE[0]; i++) {
        int64_t n = 0;
        if (db_query_int(c, ONCE[i], DB_ARGS(DB_INT(into), DB_INT(other)), &n) != DB_OK)
            return PATH_ERROR;
        if (n == 2) return PATH_BAD_STATE;
    }
    /* What undoing it needs: both records' fields and names granted before. */
    json_t *detail =
        json_pack("{s:o*,s:o*,s:o,s:o}", "before", fields_of(c, into), "other", fields_of(c, other),
                  "grants_into", grants_of(c, into), "grants_other", grants_of(c, other));
    if (!detail || !json_object_get(detail, "before") || !json_object_get(detail, "other") ||
        db_query_int(
            c,
            "INSERT INTO person_merges (city_id, into_id, other_id, merged_by, "
            "merged_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            DB_ARGS(DB_INT(city_id), DB_INT(into), DB_INT(other), DB_INT(user_id), DB_INT(now)),
            &mid) != DB_OK) {
        json_decref(detail);
        return PATH_ERROR;
    }
    /* A consent both records hold stays once: the other's copy is kept as withdrawn. */
    if (db_exec(c,
                "INSERT INTO person_merge_moves (merge_id, kind, row_id) SELECT ?, "
                "'consent_withdrawn', id FROM person_consents WHERE person_id = ? AND "
                "revoked_at IS NULL AND EXISTS (SELECT 1 FROM person_consents k WHERE k.person_id "
                "= ? AND k.organisation_id = person_consents.organisation_id AND k.purpose = "
                "person_consents.purpose AND k.revoked_at IS NULL)",
                DB_ARGS(DB_INT(mid), DB_INT(other), DB_INT(into)), NULL) != DB_OK ||
        db_exec(c,
                "UPDATE person_consents SET revoked_at = ?, revoked_by = ? WHERE id IN (SELECT "
                "row_id FROM person_merge_moves WHERE merge_id = ? AND kind = "
                "'consent_withdrawn')",
                DB_ARGS(DB_INT(now), DB_INT(user_id), DB_INT(mid)), NULL) != DB_OK) {
        json_decref(detail);
        return PATH_ERROR;
    }
    for (size_t i = 0; i < sizeof MOVE / sizeof MOVE[0]; i++)
        if (db_exec(c, MOVE[i].record, DB_ARGS(DB_INT(mid), DB_INT(other)), NULL) != DB_OK ||
            db_exec(c, MOVE[i].move, DB_ARGS(DB_INT(into), DB_INT(other)), NULL) != DB_OK) {
            json_decref(detail);
            return PATH_ERROR;
        }
    path_rc rc = merge_fields(c, user_id, into, other, now);
    json_t *after = rc == PATH_OK ? fields_of(c, into) : NULL;
    if (!after) {
        json_decref(detail);
        return PATH_ERROR;
    }
    json_object_set_new(detail, "after", after);
    char *text = json_dumps(detail, JSON_COMPACT);
    json_decref(detail);
    db_rc saved = text ? db_exec(c, "UPDATE person_merges SET detail = ? WHERE id = ?",
                                 DB_ARGS(DB_TEXT(text), DB_INT(mid)), NULL)
                       : DB_ERROR;
    free(text);
    if (saved != DB_OK) return PATH_ERROR;
    return pathways_audit(
        c, city_id, user_id, "person_merged", "people", into,
        json_pack("{s:I,s:I}", "merged", (json_int_t)other, "merge", (json_int_t)mid));
}

int64_t person_merged_into(db_conn *c, int64_t city_id, int64_t id)
{
    int64_t into = 0;
    db_rows *q = db_query(c, "SELECT merged_into FROM people WHERE id = ? AND city_id = ?",
                          DB_ARGS(DB_INT(id), DB_INT(city_id)));
    if (!q) return 0;
    if (db_next(q) && !db_isnull(q, 0)) into = db_int(q, 0);
    db_rows_close(q);
    return into;
}

path_rc person_distinct(db_conn *c, int64_t city_id, int64_t user_id, int64_t a, int64_t b,
                        int64_t now)
{
    int64_t both = 0;
    if (a == b) return PATH_NOT_FOUND;
    if (db_query_int(c, "SELECT COUNT(*) FROM people WHERE id IN (?, ?) AND city_id = ?",
                     DB_ARGS(DB_INT(a), DB_INT(b), DB_INT(city_id)), &both) != DB_OK)
        return PATH_ERROR;
    if (both != 2) return PATH_NOT_FOUND;
    if (db_exec(c,
                "INSERT INTO person_distinct (person_a, person_b, city_id, decided_by, "
                "decided_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_a, person_b) DO NOTHING",
                DB_ARGS(DB_INT(a < b ? a : b), DB_INT(a < b ? b : a), DB_INT(city_id),
                        DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK)
        return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "person_distinct", "people", a,
                          json_pack("{s:I}", "other", (json_int_t)b));
}

/* A field back to its value in `to` (text, integer or null). */
static db_rc set_field(db_conn *c, const char *sql, json_t *to, int64_t id)
{
    if (json_is_string(to))
        return db_exec(c, sql, DB_ARGS(DB_TEXT(json_string_value(to)), DB_INT(id)), NULL);
    if (json_is_integer(to))
        return db_exec(c, sql, DB_ARGS(DB_INT(json_integer_value(to)), DB_INT(id)), NULL);
    return db_exec(c, sql, DB_ARGS(DB_NULL, DB_INT(id)), NULL);
}

/* into's fields the merge filled and nobody changed since go back; the other record gets back
 * its codice fiscale and card (into's first, as both are unique). */
static path_rc fields_back(db_conn *c, int64_t into, int64_t other, json_t *detail)
{
    json_t *now = fields_of(c, into), *before = json_object_get(detail, "before");
    json_t *after = json_object_get(detail, "after"), *theirs = json_object_get(detail, "other");
    if (!now || !before || !after || !theirs) {
        json_decref(now);
        return PATH_ERROR;
    }
    path_rc rc = PATH_OK;
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0] && rc == PATH_OK; i++) {
        json_t *b = json_object_get(before, FIELDS[i].name);
        json_t *a = json_object_get(after, FIELDS[i].name);
        if (json_equal(json_object_get(now, FIELDS[i].name), a) && !json_equal(a, b) &&
            set_field(c, FIELDS[i].set, b, into) != DB_OK)
            rc = PATH_ERROR;
    }
    json_decref(now);
    for (size_t i = 0; i < 3 && rc == PATH_OK; i++) /* tax_code, card_hash, card_issued_at */
        if (set_field(c, FIELDS[i].set, json_object_get(theirs, FIELDS[i].name), other) != DB_OK)
            rc = PATH_ERROR;
    return rc;
}

/* The names granted: those the merge added to into are taken back, the other's given back. */
static path_rc grants_back(db_conn *c, int64_t into, int64_t other, json_t *detail, int64_t by,
                           int64_t now)
{
    json_t *mine = json_object_get(detail, "grants_into"), *x;
    size_t i;
    json_array_foreach(json_object_get(detail, "grants_other"), i, x)
    {
        int64_t uid = json_integer_value(x);
        if ((!has_int(mine, x) &&
             db_exec(c, "DELETE FROM person_grants WHERE person_id = ? AND user_id = ?",
                     DB_ARGS(DB_INT(into), DB_INT(uid)), NULL) != DB_OK) ||
            db_exec(c,
                    "INSERT INTO person_grants (person_id, city_id, user_id, granted_by, "
                    "granted_at) SELECT id, city_id, ?, ?, ? FROM people WHERE id = ? ON "
                    "CONFLICT (person_id, user_id) DO NOTHING",
                    DB_ARGS(DB_INT(uid), DB_INT(by), DB_INT(now), DB_INT(other)), NULL) != DB_OK)
            return PATH_ERROR;
    }
    return PATH_OK;
}

path_rc person_merge_undo(db_conn *c, int64_t city_id, int64_t user_id, int64_t into,
                          int64_t merge_id, const char *reason, int64_t now)
{
    int64_t other = 0, undone = 0, later = 0;
    json_t *detail = NULL;
    db_rows *q = db_query(c,
                          "SELECT m.other_id, m.detail, CASE WHEN m.undone_at IS NULL THEN 0 "
                          "ELSE 1 END, CASE WHEN i.merged_into IS NULL AND o.merged_into = "
                          "m.into_id THEN 0 ELSE 1 END FROM person_merges m JOIN people i ON "
                          "i.id = m.into_id JOIN people o ON o.id = m.other_id WHERE m.id = ? "
                          "AND m.into_id = ? AND m.city_id = ?",
                          DB_ARGS(DB_INT(merge_id), DB_INT(into), DB_INT(city_id)));
    if (!q) return PATH_ERROR;
    if (db_next(q)) {
        other = db_int(q, 0);
        detail = json_loads(db_text(q, 1), 0, NULL);
        undone = db_int(q, 2);
        later = db_int(q, 3);
    }
    if (db_rows_close(q) != DB_OK) {
        json_decref(detail);
        return PATH_ERROR;
    }
    if (!other) return PATH_NOT_FOUND;
    /* Undone once; and after the record was merged again, that later merge is undone first; and
     * not after retention erased what it kept. */
    if (undone || later || !json_object_get(detail, "after")) {
        json_decref(detail);
        return detail ? PATH_BAD_STATE : PATH_ERROR;
    }
    path_rc rc = PATH_OK;
    for (size_t i = 0; i < sizeof MOVE / sizeof MOVE[0] && rc == PATH_OK; i++)
        if (db_exec(c, MOVE[i].back, DB_ARGS(DB_INT(other), DB_INT(merge_id)), NULL) != DB_OK)
            rc = PATH_ERROR;
    if (rc == PATH_OK &&
        (db_exec(c,
                 "UPDATE person_consents SET revoked_at = NULL, revoked_by = NULL WHERE id IN "
                 "(SELECT row_id FROM person_merge_moves WHERE merge_id = ? AND kind = "
                 "'consent_withdrawn')",
                 DB_ARGS(DB_INT(merge_id)), NULL) != DB_OK ||
         db_exec(c, "UPDATE people SET merged_into = NULL WHERE id = ?", DB_ARGS(DB_INT(other)),
                 NULL) != DB_OK))
        rc = PATH_ERROR;
    if (rc == PATH_OK) rc = fields_back(c, into, other, detail);
    if (rc == PATH_OK) rc = grants_back(c, into, other, detail, user_id, now);
    json_decref(detail);
    if (rc != PATH_OK || person_list_refresh(c, into) != PATH_OK ||
        person_list_refresh(c, other) != PATH_OK ||
        db_exec(c,
                "UPDATE person_merges SET undone_by = ?, undone_at = ?, undo_reason = ? WHERE id "
                "= ?",
                DB_ARGS(DB_INT(user_id), DB_INT(now), DB_TEXT(reason), DB_INT(merge_id)),
                NULL) != DB_OK)
        return PATH_ERROR;
    /* Two people: never proposed as one again. */
    if (person_distinct(c, city_id, user_id, into, other, now) != PATH_OK) return PATH_ERROR;
    return pathways_audit(
        c, city_id, user_id, "person_merge_undone", "people", into,
        json_pack("{s:I,s:I}", "merge", (json_int_t)merge_id, "other", (json_int_t)other));
}

json_t *person_merges_of(db_conn *c, int64_t into)
{
    return db_query_json(c,
                         "SELECT m.id, m.other_id, m.merged_at, u.name AS merged_by FROM "
                         "person_merges m JOIN users u ON u.id = m.merged_by WHERE m.into_id = ? "
                         "AND m.undone_at IS NULL ORDER BY m.merged_at DESC, m.id DESC",
                         DB_ARGS(DB_INT(into)));
}

/* Two records of one person merged by hand, in one transaction, or judged two people. Nothing
 * is merged by itself: the duplicate finder only proposes. */
#include <stdio.h>

#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

/* Whether the two records both have something that exists once per person: an open pathway, a
 * live registered address, a live placement. */
static const char *const ONCE[] = {
    "SELECT COUNT(DISTINCT person_id) FROM pathways WHERE person_id IN (?, ?) AND state = 'open'",
    "SELECT COUNT(DISTINCT person_id) FROM registered_addresses WHERE person_id IN (?, ?) AND "
    "state IN ('requested', 'granted')",
    "SELECT COUNT(DISTINCT person_id) FROM placements WHERE person_id IN (?, ?) AND state IN "
    "('offered', 'moved_in')",
};

/* What moves from other to into as it is: rows whose only tie is the person. */
static const char *const MOVE[] = {
    "UPDATE person_ethos SET person_id = ? WHERE person_id = ?",
    "UPDATE person_special SET person_id = ? WHERE person_id = ?",
    "UPDATE person_reads SET person_id = ? WHERE person_id = ?",
    "UPDATE pathways SET person_id = ? WHERE person_id = ?",
    "UPDATE registered_addresses SET person_id = ? WHERE person_id = ?",
    "UPDATE mail_items SET person_id = ? WHERE person_id = ?",
    "UPDATE placements SET person_id = ? WHERE person_id = ?",
    "UPDATE person_links SET person_id = ? WHERE person_id = ?",
};

path_rc person_merge(db_conn *c, int64_t city_id, int64_t user_id, int64_t into, int64_t other,
                     int64_t now)
{
    int64_t both = 0;
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
    for (size_t i = 0; i < sizeof MOVE / sizeof MOVE[0]; i++)
        if (db_exec(c, MOVE[i], DB_ARGS(DB_INT(into), DB_INT(other)), NULL) != DB_OK)
            return PATH_ERROR;
    /* A consent both records hold stays once: the other's copy is kept as withdrawn. */
    if (db_exec(c,
                "UPDATE person_consents SET revoked_at = ?, revoked_by = ? WHERE person_id = ? AND "
                "revoked_at IS NULL AND EXISTS (SELECT 1 FROM person_consents k WHERE k.person_id "
                "= ? AND k.organisation_id = person_consents.organisation_id AND k.purpose = "
                "person_consents.purpose AND k.revoked_at IS NULL)",
                DB_ARGS(DB_INT(now), DB_INT(user_id), DB_INT(other), DB_INT(into)),
                NULL) != DB_OK ||
        db_exec(c, "UPDATE person_consents SET person_id = ? WHERE person_id = ?",
                DB_ARGS(DB_INT(into), DB_INT(other)), NULL) != DB_OK)
        return PATH_ERROR;
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
    /* What into does not know comes from other, and a restricted other makes the merged record
     * restricted. The codice fiscale and the card are unique, so the other's are read, cleared,
     * then given to into when it has none. */
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
    return pathways_audit(c, city_id, user_id, "person_merged", "people", into,
                          json_pack("{s:I}", "merged", (json_int_t)other));
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

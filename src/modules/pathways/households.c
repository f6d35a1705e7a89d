/* Households followed as one (docs/pathways.md, "Family pathways"): the members, one of them the
 * reference whose pathway, plan and placement are the household's. Rules and SQL only. */
#include <string.h>

#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

const char *const HOUSEHOLD_CONTEXTS[] = {"camp_exit", "eviction", "street", "other", NULL};
const char *const HOUSEHOLD_RELATIONS[] = {"partner",  "child", "parent", "sibling",
                                           "relative", "other", NULL};

/* Whether the record is one of the city's, not merged into another: 1, 0, or -1. */
static int person_here(db_conn *c, int64_t city_id, int64_t person_id)
{
    int64_t n = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM people WHERE id = ? AND city_id = ? AND merged_into IS "
                     "NULL",
                     DB_ARGS(DB_INT(person_id), DB_INT(city_id)), &n) != DB_OK)
        return -1;
    return n > 0;
}

/* Adds the member; PATH_LIVE when the person is in a household already (the key says so too,
 * whichever instance writes). */
static path_rc member_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t household_id,
                          int64_t person_id, const char *relation, int64_t now)
{
    int64_t in_one = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM household_members WHERE person_id = ? AND left_at IS "
                     "NULL",
                     DB_ARGS(DB_INT(person_id)), &in_one) != DB_OK)
        return PATH_ERROR;
    if (in_one) return PATH_LIVE;
    db_rc rc = db_exec(c,
                       "INSERT INTO household_members (household_id, city_id, person_id, relation, "
                       "joined_by, joined_at) VALUES (?, ?, ?, ?, ?, ?)",
                       DB_ARGS(DB_INT(household_id), DB_INT(city_id), DB_INT(person_id),
                               DB_TEXT(relation), DB_INT(user_id), DB_INT(now)),
                       NULL);
    if (rc == DB_CONSTRAINT) return PATH_LIVE;
    if (rc != DB_OK) return PATH_ERROR;
    return person_contact(
        c, city_id, user_id, person_id, "household_joined",
        json_pack("{s:I,s:s}", "household", (json_int_t)household_id, "relation", relation), now);
}

path_rc household_create(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                         const char *context, const char *place, int64_t now, int64_t *id)
{
    int here = person_here(c, city_id, person_id);
    if (here < 0) return PATH_ERROR;
    if (!here) return PATH_NOT_FOUND;
    if (db_query_int(c,
                     "INSERT INTO households (city_id, context, place, created_by, created_at) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(context), DB_TEXT(place), DB_INT(user_id),
                             DB_INT(now)),
                     id) != DB_OK)
        return PATH_ERROR;
    return member_add(c, city_id, user_id, *id, person_id, "reference", now);
}

path_rc household_join(db_conn *c, int64_t city_id, int64_t user_id, int64_t household_id,
                       int64_t person_id, const char *relation, int64_t now)
{
    int64_t there = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM households WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(household_id), DB_INT(city_id)), &there) != DB_OK)
        return PATH_ERROR;
    int here = there ? person_here(c, city_id, person_id) : 0;
    if (here < 0) return PATH_ERROR;
    if (!here) return PATH_NOT_FOUND;
    return member_add(c, city_id, user_id, household_id, person_id, relation, now);
}

path_rc household_leave(db_conn *c, int64_t city_id, int64_t user_id, int64_t household_id,
                        int64_t person_id, int64_t now)
{
    db_rows *q = db_query(c,
                          "SELECT m.relation, (SELECT COUNT(*) FROM household_members o WHERE "
                          "o.household_id = m.household_id AND o.left_at IS NULL) FROM "
                          "household_members m WHERE m.household_id = ? AND m.city_id = ? AND "
                          "m.person_id = ? AND m.left_at IS NULL",
                          DB_ARGS(DB_INT(household_id), DB_INT(city_id), DB_INT(person_id)));
    if (!q) return PATH_ERROR;
    int found = 0, reference = 0;
    int64_t live = 0;
    if (db_next(q)) {
        found = 1;
        reference = !strcmp(db_text(q, 0), "reference");
        live = db_int(q, 1);
    }
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (!found) return PATH_NOT_FOUND;
    /* The household's pathway is its reference's: they leave last. */
    if (reference && live > 1) return PATH_BAD_STATE;
    if (db_exec(c,
                "UPDATE household_members SET left_at = ? WHERE household_id = ? AND person_id = "
                "? AND left_at IS NULL",
                DB_ARGS(DB_INT(now), DB_INT(household_id), DB_INT(person_id)), NULL) != DB_OK)
        return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "household_left",
                          json_pack("{s:I}", "household", (json_int_t)household_id), now);
}

/* The household's columns and its reference's names, pathway and placement, for one household
 * (bind id) or all of the city's; binds the reader, then city. */
#define HOUSEHOLD_SQL                                                                              \
    "SELECT h.id, h.context, h.place, h.created_at, p.id AS person_id, p.given_name, "             \
    "p.family_name, p.nickname, p.tax_code, p.ethos, p.restricted AS is_restricted, " NAMED_SQL    \
    ", " HOUSEHOLD_SIZE_SQL " AS size, w.id AS pathway_id, w.next_review_on, x.state AS "          \
    "placement_state, x.moved_in_on, o.address AS home_address, o.rooms AS home_rooms FROM "       \
    "households h JOIN household_members r ON r.household_id = h.id AND r.relation = "             \
    "'reference' AND r.left_at IS NULL JOIN people p ON p.id = r.person_id LEFT JOIN pathways w "  \
    "ON w.person_id = p.id AND w.state = 'open' LEFT JOIN placements x ON x.person_id = p.id AND " \
    "x.state IN ('offered', 'moved_in') LEFT JOIN hf_homes o ON o.id = x.home_id WHERE "           \
    "h.city_id = ?"

json_t *households_list(db_conn *c, int64_t city_id, int64_t user_id, int limit)
{
    return unname_rows(db_query_json(c,
                                     HOUSEHOLD_SQL " ORDER BY h.created_at DESC, h.id DESC LIMIT ?",
                                     DB_ARGS(DB_INT(user_id), DB_INT(city_id), DB_INT(limit))));
}

json_t *household_get(db_conn *c, int64_t city_id, int64_t user_id, int64_t id)
{
    json_t *h = first_row(unname_rows(db_query_json(
        c, HOUSEHOLD_SQL " AND h.id = ?", DB_ARGS(DB_INT(user_id), DB_INT(city_id), DB_INT(id)))));
    if (!json_is_object(h)) return h;
    json_t *members = unname_rows(db_query_json(
        c,
        "SELECT p.id, p.given_name, p.family_name, p.nickname, p.tax_code, p.ethos, "
        "p.birth_year, p.restricted AS is_restricted, " NAMED_SQL
        ", m.relation, m.joined_at, CASE WHEN m.relation = 'reference' THEN 1 ELSE 0 END AS "
        "is_reference FROM household_members m JOIN people p ON p.id = m.person_id WHERE "
        "m.household_id = ? AND m.left_at IS NULL ORDER BY is_reference DESC, p.birth_year, p.id",
        DB_ARGS(DB_INT(user_id), DB_INT(id))));
    if (!members) {
        json_decref(h);
        return NULL;
    }
    json_object_set_new(h, "members", members);
    return h;
}

json_t *household_of(db_conn *c, int64_t person_id)
{
    return first_row(db_query_json(
        c,
        "SELECT m.household_id AS id, m.relation, CASE WHEN m.relation = 'reference' THEN 1 ELSE "
        "0 END AS is_reference, " HOUSEHOLD_SIZE_SQL
        " AS size FROM household_members m JOIN people p ON p.id = m.person_id WHERE "
        "m.person_id = ? AND m.left_at IS NULL",
        DB_ARGS(DB_INT(person_id))));
}

#include "modules/ideas/ideas.h"

#include <stdio.h>

#include "modules/housing/housing.h"
#include "modules/notify/notify.h"

idea_rc idea_add(db_conn *c, int64_t user_id, const char *kind, const char *title, const char *text,
                 int64_t now, int64_t *id)
{
    resident_place at;
    if (!resident_place_of(c, user_id, &at)) return IDEA_NOT_RESIDENT;
    return db_query_int(c,
                        "INSERT INTO ideas (city_id, neighbourhood, user_id, kind, title, text, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(at.city_id), DB_TEXT(at.neighbourhood), DB_INT(user_id),
                                DB_TEXT(kind), DB_TEXT(title), DB_TEXT(text), DB_INT(now)),
                        id) == DB_OK
               ? IDEA_OK
               : IDEA_ERROR;
}

idea_rc idea_support(db_conn *c, int64_t idea_id, int64_t user_id, int64_t now)
{
    int64_t exists = 0;
    db_query_int(c, "SELECT COUNT(*) FROM ideas WHERE id = ?", DB_ARGS(DB_INT(idea_id)), &exists);
    if (!exists) return IDEA_NOT_FOUND;
    /* The key refuses a second support, whoever asks twice at once. */
    db_rc d =
        db_exec(c, "INSERT INTO idea_supports (idea_id, user_id, created_at) VALUES (?, ?, ?)",
                DB_ARGS(DB_INT(idea_id), DB_INT(user_id), DB_INT(now)), NULL);
    if (d == DB_CONSTRAINT) return IDEA_SUPPORTED;
    if (d != DB_OK || db_exec(c, "UPDATE ideas SET supports = supports + 1 WHERE id = ?",
                              DB_ARGS(DB_INT(idea_id)), NULL) != DB_OK)
        return IDEA_ERROR;
    return IDEA_OK;
}

idea_rc idea_comment(db_conn *c, int64_t idea_id, int64_t user_id, const char *text, int64_t now)
{
    db_rc d = db_exec(c,
                      "INSERT INTO idea_comments (idea_id, user_id, text, created_at) "
                      "SELECT id, ?, ?, ? FROM ideas WHERE id = ?",
                      DB_ARGS(DB_INT(user_id), DB_TEXT(text), DB_INT(now), DB_INT(idea_id)), NULL);
    if (d != DB_OK) return IDEA_ERROR;
    int64_t exists = 0;
    db_query_int(c, "SELECT COUNT(*) FROM ideas WHERE id = ?", DB_ARGS(DB_INT(idea_id)), &exists);
    return exists ? IDEA_OK : IDEA_NOT_FOUND;
}

idea_rc idea_answer(db_conn *c, int64_t city_id, int64_t idea_id, const char *state,
                    const char *answer, int64_t call_id, int64_t officer, int64_t now)
{
    if (call_id) {
        int64_t ok = 0;
        db_query_int(c, "SELECT COUNT(*) FROM calls WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(call_id), DB_INT(city_id)), &ok);
        if (!ok) return IDEA_BAD_CALL;
    }
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE ideas SET state = ?, answer = ?, answered_by = ?, call_id = ? "
                "WHERE id = ? AND city_id = ?",
                DB_ARGS(DB_TEXT(state), DB_TEXT(answer), DB_INT(officer),
                        call_id ? DB_INT(call_id) : DB_NULL, DB_INT(idea_id), DB_INT(city_id)),
                &changed) != DB_OK)
        return IDEA_ERROR;
    if (!changed) return IDEA_NOT_FOUND;
    int64_t author = 0;
    db_query_int(c, "SELECT user_id FROM ideas WHERE id = ?", DB_ARGS(DB_INT(idea_id)), &author);
    return notify(c, author, "idea", idea_id, "ideas.notify_answered", "", now) ? IDEA_ERROR
                                                                                : IDEA_OK;
}

#define IDEA_COLUMNS                                                                               \
    "i.id, i.neighbourhood, i.kind, CASE WHEN i.hidden = 1 THEN '' ELSE i.title END AS title, "    \
    "CASE WHEN i.hidden = 1 THEN '' ELSE i.text END AS text, i.hidden, 'idea' AS flag_entity, "    \
    "i.state, i.answer, i.call_id, k.title AS call_title, i.supports, i.created_at "
#define IDEA_FROM "FROM ideas i LEFT JOIN calls k ON k.id = i.call_id "

json_t *ideas_list(db_conn *c, const char *neighbourhood)
{
    return db_query_json(c,
                         "SELECT " IDEA_COLUMNS IDEA_FROM
                         "WHERE (? = '' OR i.neighbourhood = ?) ORDER BY i.supports DESC, i.id "
                         "DESC LIMIT 200",
                         DB_ARGS(DB_TEXT(neighbourhood ? neighbourhood : ""),
                                 DB_TEXT(neighbourhood ? neighbourhood : "")));
}

json_t *idea_get(db_conn *c, int64_t id)
{
    json_t *idea =
        db_query_object(c, "SELECT " IDEA_COLUMNS IDEA_FROM "WHERE i.id = ?", DB_ARGS(DB_INT(id)));
    if (!idea) return NULL;
    json_object_set_new(idea, "comments",
                        db_query_json(c,
                                      "SELECT id, CASE WHEN hidden = 1 THEN '' ELSE text END AS "
                                      "text, hidden, 'idea_comment' AS flag_entity, created_at "
                                      "FROM idea_comments WHERE idea_id = ? ORDER BY id",
                                      DB_ARGS(DB_INT(id))));
    return idea;
}

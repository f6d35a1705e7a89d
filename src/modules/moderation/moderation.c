#include "modules/moderation/moderation.h"

#include <stdio.h>
#include <string.h>

const char *const moderation_entities[] = {"idea", "idea_comment", "help_post", "ticket_comment",
                                           NULL};

/* Per kind of content: its city, its text, and how to set its hidden flag. Constant SQL. */
typedef struct kind {
    const char *entity, *city_sql, *text_sql, *hide_sql, *link_sql;
} kind;

static const kind KINDS[] = {
    {"idea", "SELECT city_id FROM ideas WHERE id = ?",
     "SELECT title || ': ' || text FROM ideas WHERE id = ?",
     "UPDATE ideas SET hidden = ? WHERE id = ?", "SELECT '/ideas/' || id FROM ideas WHERE id = ?"},
    {"idea_comment",
     "SELECT i.city_id FROM idea_comments m JOIN ideas i ON i.id = m.idea_id WHERE m.id = ?",
     "SELECT text FROM idea_comments WHERE id = ?",
     "UPDATE idea_comments SET hidden = ? WHERE id = ?",
     "SELECT '/ideas/' || idea_id FROM idea_comments WHERE id = ?"},
    {"help_post", "SELECT city_id FROM help_posts WHERE id = ?",
     "SELECT text FROM help_posts WHERE id = ?", "UPDATE help_posts SET hidden = ? WHERE id = ?",
     "SELECT '/timebank' FROM help_posts WHERE id = ?"},
    {"ticket_comment",
     "SELECT t.city_id FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.id = ? "
     "AND e.kind = 'comment'",
     "SELECT text FROM ticket_events WHERE id = ?",
     "UPDATE ticket_events SET hidden = ? WHERE id = ? AND kind = 'comment'",
     "SELECT '/tickets/' || ticket_id FROM ticket_events WHERE id = ?"},
};

static const kind *kind_of(const char *entity)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (entity && strcmp(KINDS[i].entity, entity) == 0) return &KINDS[i];
    return NULL;
}

int64_t moderation_city_of(db_conn *c, const char *entity, int64_t id)
{
    const kind *k = kind_of(entity);
    int64_t city = 0;
    if (k) db_query_int(c, k->city_sql, DB_ARGS(DB_INT(id)), &city);
    return city;
}

static int set_hidden(db_conn *c, const kind *k, int64_t id, bool hidden)
{
    return db_exec(c, k->hide_sql, DB_ARGS(DB_INT(hidden ? 1 : 0), DB_INT(id)), NULL) == DB_OK ? 0
                                                                                               : -1;
}

mod_rc moderation_flag(db_conn *c, const char *entity, int64_t id, int64_t user_id,
                       const char *reason, int64_t now, bool *hidden)
{
    *hidden = false;
    const kind *k = kind_of(entity);
    int64_t city = moderation_city_of(c, entity, id);
    if (!k || !city) return MOD_NOT_FOUND;
    db_rc rc = db_exec(c,
                       "INSERT INTO moderation_flags (city_id, entity, entity_id, user_id, "
                       "reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       DB_ARGS(DB_INT(city), DB_TEXT(entity), DB_INT(id), DB_INT(user_id),
                               DB_TEXT(reason), DB_INT(now)),
                       NULL);
    if (rc == DB_CONSTRAINT) return MOD_ALREADY;
    if (rc != DB_OK) return MOD_ERROR;
    /* Once an officer has decided, flags no longer hide it by themselves. */
    int64_t flags = 0, decided = 0;
    db_query_int(c, "SELECT COUNT(*) FROM moderation_flags WHERE entity = ? AND entity_id = ?",
                 DB_ARGS(DB_TEXT(entity), DB_INT(id)), &flags);
    db_query_int(c, "SELECT COUNT(*) FROM moderation_decisions WHERE entity = ? AND entity_id = ?",
                 DB_ARGS(DB_TEXT(entity), DB_INT(id)), &decided);
    if (flags == MODERATION_HIDE_AT && !decided) {
        if (set_hidden(c, k, id, true)) return MOD_ERROR;
        *hidden = true;
    }
    return MOD_OK;
}

mod_rc moderation_decide(db_conn *c, int64_t city_id, const char *entity, int64_t id,
                         const char *decision, const char *note, int64_t by, int64_t now)
{
    const kind *k = kind_of(entity);
    if (!k || moderation_city_of(c, entity, id) != city_id) return MOD_NOT_FOUND;
    if (set_hidden(c, k, id, strcmp(decision, "removed") == 0) ||
        db_exec(c,
                "INSERT INTO moderation_decisions (entity, entity_id, decision, note, decided_by, "
                "decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_TEXT(entity), DB_INT(id), DB_TEXT(decision), DB_TEXT(note), DB_INT(by),
                        DB_INT(now)),
                NULL) != DB_OK)
        return MOD_ERROR;
    return MOD_OK;
}

static json_t *text_of(db_conn *c, const char *sql, int64_t id)
{
    db_rows *r = db_query(c, sql, DB_ARGS(DB_INT(id)));
    json_t *v = r && db_next(r) ? json_string(db_text(r, 0)) : json_string("");
    db_rows_close(r);
    return v;
}

json_t *moderation_queue(db_conn *c, int64_t city_id)
{
    json_t *list = db_query_json(
        c,
        "SELECT f.entity, f.entity_id, COUNT(*) AS flags, MAX(f.created_at) AS last_flag_at, "
        "(SELECT d.decision FROM moderation_decisions d WHERE d.entity = f.entity AND "
        "d.entity_id = f.entity_id ORDER BY d.id DESC LIMIT 1) AS decision "
        "FROM moderation_flags f WHERE f.city_id = ? GROUP BY f.entity, f.entity_id "
        "ORDER BY CASE WHEN (SELECT COUNT(*) FROM moderation_decisions d WHERE d.entity = "
        "f.entity AND d.entity_id = f.entity_id) = 0 THEN 0 ELSE 1 END, COUNT(*) DESC, "
        "MAX(f.created_at) DESC LIMIT 200",
        DB_ARGS(DB_INT(city_id)));
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        const kind *k = kind_of(json_string_value(json_object_get(x, "entity")));
        int64_t id = json_integer_value(json_object_get(x, "entity_id"));
        if (!k) continue;
        json_object_set_new(x, "text", text_of(c, k->text_sql, id));
        json_object_set_new(x, "link", text_of(c, k->link_sql, id));
        json_object_set_new(x, "reasons",
                            db_query_json(c,
                                          "SELECT reason FROM moderation_flags WHERE entity = ? "
                                          "AND entity_id = ? AND reason <> '' ORDER BY id",
                                          DB_ARGS(DB_TEXT(k->entity), DB_INT(id))));
    }
    return list ? list : json_array();
}

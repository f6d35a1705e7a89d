#include "modules/plan/plan.h"

#include "base/clock.h"

json_t *plan_actions(db_conn *c)
{
    return db_query_json(c,
                         "SELECT a.id, a.code, a.name, a.fund, p.code AS programme_code, "
                         "p.name AS programme_name FROM actions a "
                         "JOIN programmes p ON p.id = a.programme_id ORDER BY p.code, a.code",
                         DB_NOARGS);
}

#define OPERATION_COLUMNS                                                                          \
    "SELECT o.id, o.city_id, ci.name AS city, o.local_code, o.cup, o.title, o.summary, "           \
    "o.fund, o.budget_cents, o.start_date, o.end_date, o.status, o.action_id, "                    \
    "a.code AS action_code, a.name AS action_name, p.name AS programme, o.updated_at "             \
    "FROM operations o JOIN actions a ON a.id = o.action_id "                                      \
    "JOIN programmes p ON p.id = a.programme_id JOIN cities ci ON ci.id = o.city_id "

json_t *plan_operations(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         OPERATION_COLUMNS "WHERE (? = 0 OR o.city_id = ?) "
                                           "ORDER BY ci.name, o.local_code",
                         DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
}

json_t *plan_operation(db_conn *c, int64_t id)
{
    return db_query_object(c, OPERATION_COLUMNS "WHERE o.id = ?", DB_ARGS(DB_INT(id)));
}

plan_rc plan_operation_save(db_conn *c, int64_t city_id, int64_t id, const operation_in *in,
                            int64_t *out_id)
{
    int64_t now = clock_now_us();
    db_rc rc;
    if (id == 0) {
        rc = db_query_int(c,
                          "INSERT INTO operations (city_id, action_id, local_code, cup, title, "
                          "summary, fund, budget_cents, start_date, end_date, status, created_at, "
                          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_ARGS(DB_INT(city_id), DB_INT(in->action_id), DB_TEXT(in->local_code),
                                  DB_TEXT(in->cup), DB_TEXT(in->title), DB_TEXT(in->summary),
                                  DB_TEXT(in->fund), DB_INT(in->budget_cents),
                                  DB_TEXT(in->start_date), DB_TEXT(in->end_date),
                                  DB_TEXT(in->status), DB_INT(now), DB_INT(now)),
                          out_id);
    } else {
        int64_t changed = 0;
        rc = db_exec(c,
                     "UPDATE operations SET action_id = ?, local_code = ?, cup = ?, title = ?, "
                     "summary = ?, fund = ?, budget_cents = ?, start_date = ?, end_date = ?, "
                     "status = ?, updated_at = ? WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(in->action_id), DB_TEXT(in->local_code), DB_TEXT(in->cup),
                             DB_TEXT(in->title), DB_TEXT(in->summary), DB_TEXT(in->fund),
                             DB_INT(in->budget_cents), DB_TEXT(in->start_date),
                             DB_TEXT(in->end_date), DB_TEXT(in->status), DB_INT(now), DB_INT(id),
                             DB_INT(city_id)),
                     &changed);
        if (rc == DB_OK && !changed) return PLAN_NOT_FOUND;
        *out_id = id;
    }
    return rc == DB_CONSTRAINT ? PLAN_DUPLICATE : rc == DB_OK ? PLAN_OK : PLAN_ERROR;
}

int64_t plan_ensure_action(db_conn *c, const char *programme_code, const char *programme_name,
                           const char *period, const char *action_code, const char *action_name,
                           const char *fund)
{
    int64_t pid = 0, aid = 0;
    db_query_int(c, "SELECT id FROM programmes WHERE code = ?", DB_ARGS(DB_TEXT(programme_code)),
                 &pid);
    if (!pid &&
        db_query_int(c, "INSERT INTO programmes (code, name, period) VALUES (?, ?, ?) RETURNING id",
                     DB_ARGS(DB_TEXT(programme_code), DB_TEXT(programme_name), DB_TEXT(period)),
                     &pid) != DB_OK)
        return 0;
    db_query_int(c, "SELECT id FROM actions WHERE programme_id = ? AND code = ?",
                 DB_ARGS(DB_INT(pid), DB_TEXT(action_code)), &aid);
    if (!aid && db_query_int(
                    c,
                    "INSERT INTO actions (programme_id, code, name, fund) VALUES (?, ?, ?, ?) "
                    "RETURNING id",
                    DB_ARGS(DB_INT(pid), DB_TEXT(action_code), DB_TEXT(action_name), DB_TEXT(fund)),
                    &aid) != DB_OK)
        return 0;
    return aid;
}

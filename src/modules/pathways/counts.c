/* The by-name list's totals, kept per city and day of last contact (migration 0058): triggers
 * on people append moves, the ticker folds them into the days, a reader adds both. Reading
 * costs a row per day with someone last seen on it, whatever the number of people. */
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

#define DAY_US INT64_C(86400000000)

int by_name_fold(db_conn *c)
{
    int64_t moves = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM by_name_moves", DB_NOARGS, &moves) != DB_OK)
        return -1;
    if (!moves) return 0;
    int64_t days = 0;
    if (db_conn_engine(c) == DB_POSTGRES) {
        /* Each instance's ticker may fold at once: a move is added by whoever deleted it, and
         * the days are locked in one order. */
        if (db_exec(c,
                    "WITH gone AS (DELETE FROM by_name_moves RETURNING city_id, day, n) INSERT "
                    "INTO by_name_days (city_id, day, n) SELECT city_id, day, SUM(n) FROM gone "
                    "GROUP BY city_id, day ORDER BY city_id, day ON CONFLICT (city_id, day) DO "
                    "UPDATE SET n = by_name_days.n + EXCLUDED.n",
                    DB_NOARGS, &days) != DB_OK)
            return -1;
        return (int)days;
    }
    if (db_begin(c) != DB_OK) return -1;
    if (db_exec(c,
                "INSERT INTO by_name_days (city_id, day, n) SELECT city_id, day, SUM(n) FROM "
                "by_name_moves WHERE 1 GROUP BY city_id, day ON CONFLICT (city_id, day) DO "
                "UPDATE SET n = by_name_days.n + excluded.n",
                DB_NOARGS, &days) != DB_OK ||
        db_exec(c, "DELETE FROM by_name_moves", DB_NOARGS, NULL) != DB_OK ||
        db_commit(c) != DB_OK) {
        db_rollback(c);
        return -1;
    }
    return (int)days;
}

bool by_name_counts(db_conn *c, int64_t city_id, int64_t since, int64_t *total, int64_t *active)
{
    /* Whole days after the one `since` falls in, plus that day's people seen since then. */
    int64_t day = since / DAY_US;
    db_rows *q = db_query(
        c,
        "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(CASE WHEN day > ? THEN n ELSE 0 END), 0) + "
        "(SELECT COUNT(*) FROM people WHERE " BY_NAME_WHERE
        " AND COALESCE(last_contact_at, created_at) >= ? AND COALESCE(last_contact_at, "
        "created_at) < ?) FROM (SELECT day, n FROM by_name_days WHERE city_id = ? UNION ALL "
        "SELECT day, n FROM by_name_moves WHERE city_id = ?) d",
        DB_ARGS(DB_INT(day), DB_INT(city_id), DB_INT(since), DB_INT((day + 1) * DAY_US),
                DB_INT(city_id), DB_INT(city_id)));
    if (!q) return false;
    *total = *active = 0;
    if (db_next(q)) {
        *total = db_int(q, 0);
        *active = db_int(q, 1);
    }
    return db_rows_close(q) == DB_OK;
}

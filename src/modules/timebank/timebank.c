#include "modules/timebank/timebank.h"

#include <stdio.h>
#include <string.h>

#include "modules/housing/housing.h"
#include "modules/notify/notify.h"

const char *const HELP_CATEGORIES[8] = {"company", "errands", "repairs", "lessons",
                                        "care",    "digital", "other",   NULL};

/* The city and neighbourhood where the user lives as an active resident. */
static bool area_of(db_conn *c, int64_t user_id, int64_t *city, char hood[128])
{
    resident_place at;
    if (!resident_place_of(c, user_id, &at)) return false;
    *city = at.city_id;
    snprintf(hood, 128, "%s", at.neighbourhood);
    return true;
}

tb_rc help_post(db_conn *c, int64_t user_id, const char *kind, const char *category,
                const char *text, int64_t now, int64_t *id)
{
    int64_t city = 0;
    char hood[128];
    if (!area_of(c, user_id, &city, hood)) return TB_NOT_RESIDENT;
    return db_query_int(c,
                        "INSERT INTO help_posts (city_id, neighbourhood, user_id, kind, category, "
                        "text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(city), DB_TEXT(hood), DB_INT(user_id), DB_TEXT(kind),
                                DB_TEXT(category), DB_TEXT(text), DB_INT(now)),
                        id) == DB_OK
               ? TB_OK
               : TB_ERROR;
}

tb_rc help_close(db_conn *c, int64_t post_id, int64_t user_id)
{
    int64_t changed = 0;
    if (db_exec(c, "UPDATE help_posts SET is_open = 0 WHERE id = ? AND user_id = ?",
                DB_ARGS(DB_INT(post_id), DB_INT(user_id)), &changed) != DB_OK)
        return TB_ERROR;
    return changed ? TB_OK : TB_NOT_FOUND;
}

tb_rc exchange_propose(db_conn *c, int64_t post_id, int64_t proposer, int64_t minutes,
                       const char *done_on, const char *note, int64_t now, int64_t *id)
{
    int64_t author = 0, city = 0, my_city = 0;
    char kind[16] = "", category[16] = "", hood[128] = "", my_hood[128];
    db_rows *r = db_query(c,
                          "SELECT user_id, kind, category, city_id, neighbourhood FROM help_posts "
                          "WHERE id = ? AND is_open = 1",
                          DB_ARGS(DB_INT(post_id)));
    if (r && db_next(r)) {
        author = db_int(r, 0);
        snprintf(kind, sizeof kind, "%s", db_text(r, 1));
        snprintf(category, sizeof category, "%s", db_text(r, 2));
        city = db_int(r, 3);
        snprintf(hood, sizeof hood, "%s", db_text(r, 4));
    }
    db_rows_close(r);
    if (!author) return TB_NOT_FOUND;
    if (author == proposer) return TB_SELF;
    if (!area_of(c, proposer, &my_city, my_hood) || my_city != city || strcmp(my_hood, hood) != 0)
        return TB_NOT_RESIDENT;
    bool request = strcmp(kind, "request") == 0;
    if (notify(c, author, "exchange", post_id, "timebank.notify_proposed", "", now))
        return TB_ERROR;
    return db_query_int(c,
                        "INSERT INTO exchanges (city_id, neighbourhood, helper_id, helped_id, "
                        "proposed_by, post_id, category, minutes, note, done_on, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_ARGS(DB_INT(city), DB_TEXT(hood), DB_INT(request ? proposer : author),
                                DB_INT(request ? author : proposer), DB_INT(proposer),
                                DB_INT(post_id), DB_TEXT(category), DB_INT(minutes), DB_TEXT(note),
                                DB_TEXT(done_on), DB_INT(now)),
                        id) == DB_OK
               ? TB_OK
               : TB_ERROR;
}

tb_rc exchange_decide(db_conn *c, int64_t id, int64_t user_id, bool confirm, int64_t now)
{
    int64_t changed = 0;
    /* Only the side that did not propose answers, and only once. */
    if (db_exec(c,
                "UPDATE exchanges SET state = ? WHERE id = ? AND state = 'proposed' AND "
                "proposed_by <> ? AND (helper_id = ? OR helped_id = ?)",
                DB_ARGS(DB_TEXT(confirm ? "confirmed" : "refused"), DB_INT(id), DB_INT(user_id),
                        DB_INT(user_id), DB_INT(user_id)),
                &changed) != DB_OK)
        return TB_ERROR;
    if (changed) {
        int64_t proposer = 0;
        db_query_int(c, "SELECT proposed_by FROM exchanges WHERE id = ?", DB_ARGS(DB_INT(id)),
                     &proposer);
        return notify(c, proposer, "exchange", id,
                      confirm ? "timebank.notify_confirmed" : "timebank.notify_refused", "", now)
                   ? TB_ERROR
                   : TB_OK;
    }
    int64_t mine = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM exchanges WHERE id = ? AND (helper_id = ? OR helped_id = ?)",
                 DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(user_id)), &mine);
    return mine ? TB_WRONG_STATE : TB_NOT_FOUND;
}

json_t *timebank_home(db_conn *c, int64_t user_id)
{
    int64_t city = 0;
    char hood[128];
    if (!area_of(c, user_id, &city, hood)) return NULL;
    json_t *posts = db_query_json(c,
                                  "SELECT p.id, p.kind, p.category, CASE WHEN p.hidden = 1 THEN "
                                  "'' ELSE p.text END AS text, p.hidden, 'help_post' AS "
                                  "flag_entity, p.created_at, u.name "
                                  "AS author, CASE WHEN p.user_id = ? THEN 1 ELSE 0 END AS "
                                  "is_mine FROM help_posts p JOIN users u ON u.id = p.user_id "
                                  "WHERE p.city_id = ? AND p.neighbourhood = ? AND p.is_open = 1 "
                                  "ORDER BY p.id DESC LIMIT 100",
                                  DB_ARGS(DB_INT(user_id), DB_INT(city), DB_TEXT(hood)));
    int64_t given = 0, received = 0;
    timebank_minutes(c, user_id, &given, &received);
    json_t *waiting = db_query_json(
        c,
        "SELECT e.id, e.minutes, e.category, e.done_on, e.note, u.name AS proposer, CASE WHEN "
        "e.helper_id = ? THEN 1 ELSE 0 END AS is_helper FROM exchanges e JOIN users u ON u.id = "
        "e.proposed_by WHERE e.state = 'proposed' AND e.proposed_by <> ? AND (e.helper_id = ? "
        "OR e.helped_id = ?) ORDER BY e.id",
        DB_ARGS(DB_INT(user_id), DB_INT(user_id), DB_INT(user_id), DB_INT(user_id)));
    return json_pack("{s:s,s:o,s:I,s:I,s:I,s:o}", "neighbourhood", hood, "posts",
                     posts ? posts : json_array(), "given_minutes", (json_int_t)given,
                     "received_minutes", (json_int_t)received, "balance_minutes",
                     (json_int_t)(given - received), "waiting", waiting ? waiting : json_array());
}

json_t *timebank_report(db_conn *c)
{
    json_t *by_category = db_query_json(
        c,
        "SELECT ci.name AS city, e.neighbourhood, e.category, COUNT(*) AS exchanges, "
        "SUM(e.minutes) AS minutes FROM exchanges e JOIN cities ci ON ci.id = e.city_id "
        "WHERE e.state = 'confirmed' GROUP BY ci.name, e.neighbourhood, e.category "
        "ORDER BY ci.name, e.neighbourhood, e.category",
        DB_NOARGS);
    /* Each confirmed exchange adds its minutes to one balance and takes them from another:
     * the per-area sum of balances is computed from both sides, so a wrong ledger shows. */
    json_t *areas = db_query_json(
        c,
        "SELECT ci.name AS city, x.neighbourhood, SUM(x.delta) AS balance_sum, "
        "COUNT(DISTINCT x.user_id) AS people FROM (SELECT city_id, neighbourhood, helper_id AS "
        "user_id, minutes AS delta FROM exchanges WHERE state = 'confirmed' UNION ALL SELECT "
        "city_id, neighbourhood, helped_id, -minutes FROM exchanges WHERE state = 'confirmed') "
        "x JOIN cities ci ON ci.id = x.city_id GROUP BY ci.name, x.neighbourhood ORDER BY "
        "ci.name, x.neighbourhood",
        DB_NOARGS);
    return json_pack("{s:o,s:o}", "by_category", by_category ? by_category : json_array(), "areas",
                     areas ? areas : json_array());
}

void timebank_minutes(db_conn *c, int64_t user_id, int64_t *given, int64_t *received)
{
    *given = *received = 0;
    db_rows *r =
        db_query(c,
                 "SELECT COALESCE(SUM(CASE WHEN helper_id = ? THEN minutes ELSE 0 END), "
                 "0), COALESCE(SUM(CASE WHEN helped_id = ? THEN minutes ELSE 0 END), 0) "
                 "FROM exchanges WHERE state = 'confirmed' AND (helper_id = ? "
                 "OR helped_id = ?)",
                 DB_ARGS(DB_INT(user_id), DB_INT(user_id), DB_INT(user_id), DB_INT(user_id)));
    if (r && db_next(r)) {
        *given = db_int(r, 0);
        *received = db_int(r, 1);
    }
    db_rows_close(r);
}

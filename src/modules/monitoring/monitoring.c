#include "modules/monitoring/monitoring.h"

#include <stdio.h>
#include <string.h>

#include "modules/agreements/agreements.h"
#include "modules/audit/audit.h"

mon_rc monitoring_period_add(db_conn *c, int64_t agreement_id, const char *label,
                             const char *starts_on, const char *ends_on, int64_t now,
                             int64_t *period_id)
{
    if (!starts_on || !ends_on || strcmp(ends_on, starts_on) < 0) return MON_BAD_DATES;
    ag_rc ensured = agreement_indicators_ensure(c, agreement_id);
    if (ensured != AG_OK)
        return ensured == AG_NOT_FOUND     ? MON_NOT_FOUND
               : ensured == AG_WRONG_STATE ? MON_WRONG_STATE
                                           : MON_ERROR;
    db_rc d = db_query_int(
        c,
        "INSERT INTO indicator_periods (agreement_id, label, starts_on, ends_on, created_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(agreement_id), DB_TEXT(label), DB_TEXT(starts_on), DB_TEXT(ends_on),
                DB_INT(now)),
        period_id);
    return d == DB_CONSTRAINT ? MON_EXISTS : d == DB_OK ? MON_OK : MON_ERROR;
}

static const char *period_state(db_conn *c, int64_t period_id, char *out, size_t n)
{
    out[0] = '\0';
    db_rows *r =
        db_query(c, "SELECT state FROM indicator_periods WHERE id = ?", DB_ARGS(DB_INT(period_id)));
    if (r && db_next(r)) snprintf(out, n, "%s", db_text(r, 0));
    db_rows_close(r);
    return out;
}

mon_rc monitoring_values(db_conn *c, int64_t period_id, const int64_t *indicator_ids,
                         const int64_t *values, int n)
{
    char st[16];
    period_state(c, period_id, st, sizeof st);
    if (!*st) return MON_NOT_FOUND;
    if (strcmp(st, "draft") != 0 && strcmp(st, "returned") != 0) return MON_WRONG_STATE;
    for (int i = 0; i < n; i++) {
        /* Only the indicators of the period's own agreement. */
        if (db_exec(
                c,
                "INSERT INTO indicator_values (period_id, indicator_id, achieved) "
                "SELECT ?, i.id, ? FROM agreement_indicators i JOIN indicator_periods p "
                "ON p.agreement_id = i.agreement_id WHERE p.id = ? AND i.id = ? "
                "AND i.code <> '" MON_FROM_RECORDS "' "
                "ON CONFLICT (period_id, indicator_id) DO UPDATE SET achieved = excluded.achieved",
                DB_ARGS(DB_INT(period_id), DB_INT(values[i]), DB_INT(period_id),
                        DB_INT(indicator_ids[i])),
                NULL) != DB_OK)
            return MON_ERROR;
    }
    return MON_OK;
}

mon_rc monitoring_submit(db_conn *c, int64_t period_id, int64_t user_id)
{
    int64_t changed = 0;
    /* Participants are counted from the records of the people who entered in the period. */
    if (db_exec(c,
                "INSERT INTO indicator_values (period_id, indicator_id, achieved) "
                "SELECT p.id, i.id, (SELECT COUNT(*) FROM participants x WHERE x.agreement_id = "
                "p.agreement_id AND x.entry_date >= p.starts_on AND x.entry_date <= p.ends_on) "
                "FROM indicator_periods p JOIN agreement_indicators i ON i.agreement_id = "
                "p.agreement_id AND i.code = '" MON_FROM_RECORDS "' "
                "WHERE p.id = ? AND p.state IN ('draft', 'returned') "
                "ON CONFLICT (period_id, indicator_id) DO UPDATE SET achieved = excluded.achieved",
                DB_ARGS(DB_INT(period_id)), NULL) != DB_OK)
        return MON_ERROR;
    if (db_exec(c,
                "UPDATE indicator_periods SET state = 'submitted' WHERE id = ? "
                "AND state IN ('draft', 'returned')",
                DB_ARGS(DB_INT(period_id)), &changed) != DB_OK)
        return MON_ERROR;
    if (!changed) return MON_WRONG_STATE;
    return audit_append(c, 0, user_id, "indicators_submit", "indicator_period", period_id, NULL)
               ? MON_ERROR
               : MON_OK;
}

mon_rc monitoring_decide(db_conn *c, int64_t city_id, int64_t period_id, bool approve,
                         const char *note, int64_t user_id, int64_t now)
{
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE indicator_periods SET state = ?, note = ?, decided_by = ?, decided_at = ? "
                "WHERE id = ? AND state = 'submitted' AND agreement_id IN "
                "(SELECT id FROM agreements WHERE city_id = ?)",
                DB_ARGS(DB_TEXT(approve ? "approved" : "returned"), DB_TEXT(note ? note : ""),
                        DB_INT(user_id), DB_INT(now), DB_INT(period_id), DB_INT(city_id)),
                &changed) != DB_OK)
        return MON_ERROR;
    if (!changed) return monitoring_agreement_of(c, period_id) ? MON_WRONG_STATE : MON_NOT_FOUND;
    return audit_append(c, city_id, user_id, approve ? "indicators_approve" : "indicators_return",
                        "indicator_period", period_id, NULL)
               ? MON_ERROR
               : MON_OK;
}

int64_t monitoring_agreement_of(db_conn *c, int64_t period_id)
{
    int64_t a = 0;
    db_query_int(c, "SELECT agreement_id FROM indicator_periods WHERE id = ?",
                 DB_ARGS(DB_INT(period_id)), &a);
    return a;
}

json_t *monitoring_progress(db_conn *c, int64_t agreement_id, bool with_drafts)
{
    json_t *ind = db_query_json(
        c,
        "SELECT i.id, i.code, i.name, i.unit, i.planned, i.is_common, "
        "COALESCE((SELECT SUM(v.achieved) FROM indicator_values v JOIN indicator_periods p "
        "ON p.id = v.period_id WHERE v.indicator_id = i.id AND (p.state = 'approved' OR ? = 1)), "
        "0) "
        "AS achieved FROM agreement_indicators i WHERE i.agreement_id = ? ORDER BY i.position",
        DB_ARGS(DB_INT(with_drafts), DB_INT(agreement_id)));
    json_t *periods = db_query_json(c,
                                    "SELECT id, label, starts_on, ends_on, state, note, decided_at "
                                    "FROM indicator_periods WHERE agreement_id = ? "
                                    "AND (state = 'approved' OR ? = 1) ORDER BY starts_on, id",
                                    DB_ARGS(DB_INT(agreement_id), DB_INT(with_drafts)));
    json_t *values =
        db_query_json(c,
                      "SELECT v.period_id, v.indicator_id, v.achieved FROM indicator_values v "
                      "JOIN indicator_periods p ON p.id = v.period_id WHERE p.agreement_id = ?",
                      DB_ARGS(DB_INT(agreement_id)));
    size_t i, j, k;
    json_t *p, *x, *v;
    json_array_foreach(periods, i, p)
    {
        json_t *rows = json_array();
        json_array_foreach(ind, j, x)
        {
            json_int_t achieved = 0;
            bool set = false;
            json_array_foreach(values, k, v)
            {
                if (json_integer_value(json_object_get(v, "period_id")) ==
                        json_integer_value(json_object_get(p, "id")) &&
                    json_integer_value(json_object_get(v, "indicator_id")) ==
                        json_integer_value(json_object_get(x, "id"))) {
                    achieved = json_integer_value(json_object_get(v, "achieved"));
                    set = true;
                }
            }
            json_array_append_new(
                rows,
                json_pack("{s:O,s:O,s:O,s:I,s:b,s:I,s:b}", "indicator_id", json_object_get(x, "id"),
                          "code", json_object_get(x, "code"), "name", json_object_get(x, "name"),
                          "achieved", achieved, "is_set", set, "period_id",
                          (json_int_t)json_integer_value(json_object_get(p, "id")), "is_recorded",
                          strcmp(json_string_value(json_object_get(x, "code")), MON_FROM_RECORDS) ==
                              0));
        }
        json_object_set_new(p, "values", rows);
    }
    json_decref(values);
    return json_pack("{s:o,s:o}", "indicators", ind, "periods", periods);
}

/* Planned and approved-achieved sums of the three common indicators, grouped by the given
 * columns: the two SQL texts differ only in their grouping. */
#define SUMMARY_SUMS                                                                               \
    "SUM(CASE WHEN i.code = 'CO-PART' THEN i.planned ELSE 0 END) AS participants_planned, "        \
    "SUM(CASE WHEN i.code = 'CO-PART' THEN COALESCE(ach.v, 0) ELSE 0 END) AS "                     \
    "participants_achieved, "                                                                      \
    "SUM(CASE WHEN i.code = 'CO-SERV' THEN i.planned ELSE 0 END) AS services_planned, "            \
    "SUM(CASE WHEN i.code = 'CO-SERV' THEN COALESCE(ach.v, 0) ELSE 0 END) AS services_achieved, "  \
    "SUM(CASE WHEN i.code = 'CO-SPAZ' THEN i.planned ELSE 0 END) AS m2_planned, "                  \
    "SUM(CASE WHEN i.code = 'CO-SPAZ' THEN COALESCE(ach.v, 0) ELSE 0 END) AS m2_achieved, "        \
    "COUNT(DISTINCT g.id) AS agreements "
#define SUMMARY_FROM                                                                               \
    "FROM agreement_indicators i JOIN agreements g ON g.id = i.agreement_id "                      \
    "JOIN cities ci ON ci.id = g.city_id JOIN codesign_tables t ON t.id = g.table_id "             \
    "JOIN calls k ON k.id = t.call_id LEFT JOIN (SELECT v.indicator_id, SUM(v.achieved) AS v "     \
    "FROM indicator_values v JOIN indicator_periods p ON p.id = v.period_id "                      \
    "WHERE p.state = 'approved' GROUP BY v.indicator_id) ach ON ach.indicator_id = i.id "          \
    "WHERE i.is_common = 1 AND g.state IN ('active', 'closed') "

json_t *monitoring_summary(db_conn *c)
{
    json_t *cities = db_query_json(c,
                                   "SELECT ci.id, ci.name, " SUMMARY_SUMS SUMMARY_FROM
                                   "GROUP BY ci.id, ci.name ORDER BY ci.name",
                                   DB_NOARGS);
    json_t *calls =
        db_query_json(c,
                      "SELECT k.id, k.title, ci.name AS city, " SUMMARY_SUMS SUMMARY_FROM
                      "GROUP BY k.id, k.title, ci.name ORDER BY ci.name, k.id",
                      DB_NOARGS);
    return json_pack("{s:o,s:o}", "cities", cities ? cities : json_array(), "calls",
                     calls ? calls : json_array());
}

/* The agreements of an operation that have been running. */
#define OP_RUNNING                                                                                 \
    "SELECT g.id FROM agreements g JOIN codesign_tables t ON t.id = g.table_id "                   \
    "JOIN calls k ON k.id = t.call_id WHERE k.operation_id = ? AND g.state IN ('active', "         \
    "'closed')"

json_t *monitoring_operation(db_conn *c, int64_t operation_id)
{
    json_t *ind = db_query_json(
        c,
        "SELECT i.code, i.name, i.unit, SUM(i.planned) AS planned, "
        "SUM(COALESCE((SELECT SUM(v.achieved) FROM indicator_values v JOIN indicator_periods p "
        "ON p.id = v.period_id WHERE v.indicator_id = i.id AND p.state = 'approved'), 0)) AS "
        "achieved, MAX(i.is_common) AS is_common FROM agreement_indicators i "
        "WHERE i.agreement_id IN (" OP_RUNNING ") GROUP BY i.code, i.name, i.unit "
        "ORDER BY MAX(i.is_common), i.code",
        DB_ARGS(DB_INT(operation_id)));
    json_t *agreements = db_query_json(
        c,
        "SELECT g.id, g.state, o.name AS organisation, o.tax_code, k.title AS call_title, "
        "g.document FROM agreements g JOIN organisations o ON o.id = g.organisation_id "
        "JOIN codesign_tables t ON t.id = g.table_id JOIN calls k ON k.id = t.call_id "
        "WHERE g.id IN (" OP_RUNNING ") ORDER BY g.id",
        DB_ARGS(DB_INT(operation_id)));
    size_t i;
    json_t *x;
    json_array_foreach(agreements, i, x)
    {
        /* The amounts of the signed document, as columns. */
        json_t *doc = json_loads(json_string_value(json_object_get(x, "document")), 0, NULL);
        const char *keys[] = {"funding_cents", "cofinancing_cents", "total_cents"};
        for (int k = 0; k < 3; k++)
            json_object_set_new(x, keys[k],
                                json_integer(json_integer_value(json_object_get(doc, keys[k]))));
        json_decref(doc);
        json_object_del(x, "document");
    }
    return json_pack("{s:o,s:o}", "indicators", ind ? ind : json_array(), "agreements",
                     agreements ? agreements : json_array());
}

json_t *monitoring_indicator_ids(db_conn *c, int64_t agreement_id)
{
    return db_query_json(c, "SELECT id FROM agreement_indicators WHERE agreement_id = ?",
                         DB_ARGS(DB_INT(agreement_id)));
}

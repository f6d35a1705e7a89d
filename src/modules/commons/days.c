/* A pact's activity days and the people taking part, for the city's insurance. */
#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"

cm_rc pact_day_add(db_conn *c, int64_t id, int64_t user_id, const char *day, const char *activity,
                   const pact_person *people, int npeople, int64_t now, int64_t *day_id)
{
    *day_id = 0;
    /* A day within the pact's term, on a pact under way. */
    int64_t inside = -1;
    if (db_query_int(c,
                     "SELECT CASE WHEN state = 'active' AND starts_on <= ? AND ends_on >= ? THEN "
                     "1 ELSE 0 END FROM pacts WHERE id = ?",
                     DB_ARGS(DB_TEXT(day), DB_TEXT(day), DB_INT(id)), &inside) != DB_OK)
        return CM_ERROR;
    if (inside < 0) return CM_NOT_FOUND;
    if (!inside) return CM_OUTSIDE;
    db_rc rc = db_query_int(
        c,
        "INSERT INTO pact_days (pact_id, day, activity, recorded_by, "
        "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (pact_id, day, "
        "activity) DO NOTHING RETURNING id",
        DB_ARGS(DB_INT(id), DB_TEXT(day), DB_TEXT(activity), DB_INT(user_id), DB_INT(now)), day_id);
    if (rc != DB_OK) return CM_ERROR;
    if (!*day_id) return CM_DAY_EXISTS;
    for (int i = 0; i < npeople; i++) {
        const char *born = people[i].birth_date;
        if (db_exec(c,
                    "INSERT INTO pact_day_people (day_id, full_name, birth_date) VALUES (?, ?, ?) "
                    "ON CONFLICT (day_id, full_name) DO NOTHING",
                    DB_ARGS(DB_INT(*day_id), DB_TEXT(people[i].full_name),
                            born && *born ? DB_TEXT(born) : DB_NULL),
                    NULL) != DB_OK)
            return CM_ERROR;
    }
    json_t *d = json_pack("{s:s,s:i}", "day", day, "people", npeople);
    int bad = audit_append(c, pact_city(c, id), user_id, "pact_day_add", "pact", id, d);
    json_decref(d);
    return bad ? CM_ERROR : CM_OK;
}

json_t *pact_days(db_conn *c, int64_t id)
{
    json_t *days = db_query_json(c,
                                 "SELECT id, day, activity FROM pact_days WHERE pact_id = ? ORDER "
                                 "BY day DESC, id DESC",
                                 DB_ARGS(DB_INT(id)));
    json_t *people = db_query_json(c,
                                   "SELECT p.day_id, p.full_name, p.birth_date FROM "
                                   "pact_day_people p JOIN pact_days d ON d.id = p.day_id WHERE "
                                   "d.pact_id = ? ORDER BY p.day_id, p.full_name",
                                   DB_ARGS(DB_INT(id)));
    if (!days || !people) {
        json_decref(days);
        json_decref(people);
        return NULL;
    }
    size_t i, j;
    json_t *d, *p;
    json_array_foreach(days, i, d)
    {
        json_t *who = json_array();
        json_array_foreach(people, j, p) if (json_integer_value(json_object_get(p, "day_id")) ==
                                             json_integer_value(json_object_get(d, "id")))
            json_array_append(who, p);
        json_object_set_new(d, "people", who);
        json_object_set_new(d, "count", json_integer((json_int_t)json_array_size(who)));
    }
    json_decref(people);
    return days;
}

int pact_insurance_csv(db_conn *c, int64_t city_id, const char *month, buf *out)
{
    /* One line per person per day: what the insurer asks for the month. */
    db_rows *r = db_query(c,
                          "SELECT d.day, p.id, p.title, g.name, g.address, d.activity, "
                          "x.full_name, x.birth_date FROM pact_days d JOIN pacts p ON p.id = "
                          "d.pact_id JOIN commons_goods g ON g.id = p.good_id JOIN pact_day_people "
                          "x ON x.day_id = d.id WHERE p.city_id = ? AND substr(d.day, 1, 7) = ? "
                          "ORDER BY d.day, p.id, x.full_name",
                          DB_ARGS(DB_INT(city_id), DB_TEXT(month)));
    if (!r) return -1;
    static const char *const HEAD[] = {"giorno",    "patto",    "titolo",     "bene",
                                       "indirizzo", "attivita", "nominativo", "data_nascita"};
    for (size_t i = 0; i < sizeof HEAD / sizeof *HEAD; i++) {
        if (i) buf_append(out, ",", 1);
        csv_put_text(out, HEAD[i], ',');
    }
    buf_append(out, "\r\n", 2);
    while (db_next(r)) {
        for (int i = 0; i < 8; i++) {
            if (i) buf_append(out, ",", 1);
            if (i == 1) {
                char num[24];
                snprintf(num, sizeof num, "%lld", (long long)db_int(r, 1));
                csv_put_number(out, num, ',');
            } else {
                const char *t = db_text(r, i);
                csv_put_text(out, t ? t : "", ',');
            }
        }
        buf_append(out, "\r\n", 2);
    }
    return db_rows_close(r) == DB_OK ? 0 : -1;
}

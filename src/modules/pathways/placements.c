/* Housing First and housing-led placements: the programme's homes, a placement per home and per
 * person at a time (the database's partial unique keys, so two workers placing two people in one
 * home at once get one placement), its steps, the support team's visits, and tenancy
 * sustainment at 6, 12 and 24 months, the figure each city reports. */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

const char *const HOME_KINDS[] = {"public_housing", "agency", "private_lease", NULL};
const char *const PROGRAMMES[] = {"housing_first", "housing_led", NULL};
const char *const PLACEMENT_ENDS[] = {"moved_on",    "left",     "evicted",
                                      "institution", "deceased", NULL};

path_rc home_add(db_conn *c, int64_t city_id, int64_t user_id, const home_in *in, int64_t now,
                 int64_t *id)
{
    int64_t unit = 0;
    char address[512];
    snprintf(address, sizeof address, "%s", in->address ? in->address : "");
    if (strcmp(in->kind, "public_housing") == 0) {
        db_rows *q =
            db_query(c,
                     "SELECT u.id, b.address, u.code FROM units u JOIN buildings b ON "
                     "b.id = u.building_id WHERE b.city_id = ? AND b.code = ? AND u.code "
                     "= ?",
                     DB_ARGS(DB_INT(city_id), DB_TEXT(in->building_code), DB_TEXT(in->unit_code)));
        if (!q) return PATH_ERROR;
        if (db_next(q)) {
            unit = db_int(q, 0);
            snprintf(address, sizeof address, "%s (%s)", db_text(q, 1), db_text(q, 2));
        }
        if (db_rows_close(q) != DB_OK) return PATH_ERROR;
        if (!unit) return PATH_NOT_FOUND;
    }
    db_rc rc = db_query_int(
        c,
        "INSERT INTO hf_homes (city_id, kind, unit_id, address, rooms, step_free, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(city_id), DB_TEXT(in->kind), unit ? DB_INT(unit) : DB_NULL, DB_TEXT(address),
                DB_INT(in->rooms), DB_INT(in->step_free), DB_INT(user_id), DB_INT(now)),
        id);
    if (rc == DB_CONSTRAINT) return PATH_DUPLICATE;
    if (rc != DB_OK) return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "hf_home_added", "hf_homes", *id,
                          json_pack("{s:s}", "kind", in->kind));
}

path_rc placement_offer(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                        int64_t home_id, const char *programme, const char *skip_reason,
                        int64_t now, int64_t *id)
{
    int64_t ok = 0;
    if (db_query_int(c,
                     "SELECT (SELECT COUNT(*) FROM people WHERE id = ? AND city_id = ?) * (SELECT "
                     "COUNT(*) FROM hf_homes WHERE id = ? AND city_id = ?)",
                     DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_INT(home_id), DB_INT(city_id)),
                     &ok) != DB_OK)
        return PATH_ERROR;
    if (!ok) return PATH_NOT_FOUND;
    /* Which key would refuse it is asked first: after a refusal PostgreSQL answers nothing more
     * in the transaction. Two offers at once both pass here; the keys then keep one, and the
     * other is told by the message of the key that refused it. */
    int64_t home_taken = 0, person_placed = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM placements WHERE home_id = ? AND state IN ('offered', "
                     "'moved_in')",
                     DB_ARGS(DB_INT(home_id)), &home_taken) != DB_OK ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM placements WHERE person_id = ? AND state IN "
                     "('offered', 'moved_in')",
                     DB_ARGS(DB_INT(person_id)), &person_placed) != DB_OK)
        return PATH_ERROR;
    if (home_taken) return PATH_DUPLICATE;
    if (person_placed) return PATH_LIVE;
    /* The city's order decides; passing over eligible people is said and kept. */
    int64_t ahead = 0;
    path_rc fit = placement_eligibility(c, city_id, person_id, home_id, programme, now, &ahead);
    if (fit != PATH_OK) return fit;
    if (!skip_reason) skip_reason = "";
    if (ahead && !*skip_reason) return PATH_SKIP_REASON;
    /* A household's reference is offered the home for the household, as it is now. */
    db_rc rc = db_query_int(
        c,
        "INSERT INTO placements (home_id, city_id, person_id, programme, offered_by, offered_at, "
        "skip_reason, passed_over, household_id, household_size) SELECT ?, ?, p.id, ?, ?, ?, ?, "
        "?, (SELECT household_id FROM household_members WHERE person_id = p.id AND left_at IS "
        "NULL), " HOUSEHOLD_SIZE_SQL " FROM people p WHERE p.id = ? RETURNING id",
        DB_ARGS(DB_INT(home_id), DB_INT(city_id), DB_TEXT(programme), DB_INT(user_id), DB_INT(now),
                DB_TEXT(ahead ? skip_reason : ""), DB_INT(ahead), DB_INT(person_id)),
        id);
    if (rc == DB_CONSTRAINT) return strstr(db_errmsg(c), "person") ? PATH_LIVE : PATH_DUPLICATE;
    if (rc != DB_OK) return PATH_ERROR;
    return person_contact(c, city_id, user_id, person_id, "placement_offered",
                          json_pack("{s:I,s:I,s:I}", "placement", (json_int_t)*id, "home",
                                    (json_int_t)home_id, "passed_over", (json_int_t)ahead),
                          now);
}

/* After a step's update (done, changing `changed` rows, each step its own columns and from its
 * own state): PATH_NOT_FOUND for no placement of the city, PATH_BAD_STATE for one not at that
 * step; else a contact with the person, audited. */
static path_rc step(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, db_rc done,
                    int64_t changed, const char *action, int64_t now)
{
    if (done != DB_OK) return PATH_ERROR;
    int64_t person = 0;
    if (db_query_int(c, "SELECT person_id FROM placements WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(id), DB_INT(city_id)), &person) != DB_OK)
        return PATH_ERROR;
    if (!person) return PATH_NOT_FOUND;
    if (!changed) return PATH_BAD_STATE;
    return person_contact(c, city_id, user_id, person, action,
                          json_pack("{s:I}", "placement", (json_int_t)id), now);
}

path_rc placement_move_in(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const char *day,
                          int64_t now)
{
    int64_t n = 0;
    db_rc rc = db_exec(c,
                       "UPDATE placements SET state = 'moved_in', moved_in_on = ? WHERE id = ? AND "
                       "city_id = ? AND state = 'offered'",
                       DB_ARGS(DB_TEXT(day), DB_INT(id), DB_INT(city_id)), &n);
    return step(c, city_id, user_id, id, rc, n, "placement_moved_in", now);
}

path_rc placement_decline(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, int64_t now)
{
    int64_t n = 0;
    db_rc rc = db_exec(c,
                       "UPDATE placements SET state = 'declined', end_reason = 'declined' WHERE id "
                       "= ? AND city_id = ? AND state = 'offered'",
                       DB_ARGS(DB_INT(id), DB_INT(city_id)), &n);
    return step(c, city_id, user_id, id, rc, n, "placement_declined", now);
}

path_rc placement_end(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const char *reason,
                      const char *day, int64_t now)
{
    int64_t n = 0;
    db_rc rc = db_exec(
        c,
        "UPDATE placements SET state = 'ended', ended_on = ?, end_reason = ? WHERE "
        "id = ? AND city_id = ? AND state = 'moved_in' AND moved_in_on <= ?",
        DB_ARGS(DB_TEXT(day), DB_TEXT(reason), DB_INT(id), DB_INT(city_id), DB_TEXT(day)), &n);
    return step(c, city_id, user_id, id, rc, n, "placement_ended", now);
}

path_rc placement_visit(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const char *day,
                        const char *note, int64_t now)
{
    int64_t n = 0;
    db_rc rc = db_exec(c,
                       "INSERT INTO placement_visits (placement_id, city_id, visited_on, note, "
                       "visited_by, recorded_at) SELECT id, city_id, ?, ?, ?, ? FROM placements "
                       "WHERE id = ? AND city_id = ? AND state = 'moved_in'",
                       DB_ARGS(DB_TEXT(day), DB_TEXT(note), DB_INT(user_id), DB_INT(now),
                               DB_INT(id), DB_INT(city_id)),
                       &n);
    return step(c, city_id, user_id, id, rc, n, "placement_visited", now);
}

/* The day number of `months` calendar months after the date `from` (the same day of the month,
 * or the month's last); INT64_MAX for what is not a date. */
static int64_t months_after(const char *from, int months)
{
    int y = 0, m = 0, d = 0;
    if (date_parse(from, &y, &m, &d)) return INT64_MAX;
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    if (d > date_days_in_month(y, m)) d = date_days_in_month(y, m);
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return date_day_number(iso);
}

json_t *placements_sustainment(db_conn *c, int64_t city_id, int64_t today)
{
    static const int CHECKS[] = {6, 12, 24};
    int64_t due[3] = {0}, housed[3] = {0};
    db_rows *q = db_query(c,
                          "SELECT moved_in_on, state, ended_on, end_reason FROM placements WHERE "
                          "city_id = ? AND moved_in_on IS NOT NULL",
                          DB_ARGS(DB_INT(city_id)));
    if (!q) return NULL;
    while (db_next(q)) {
        const char *in = db_text(q, 0);
        bool living = strcmp(db_text(q, 1), "moved_in") == 0;
        bool moved_on = !db_isnull(q, 3) && strcmp(db_text(q, 3), "moved_on") == 0;
        int64_t ended = db_isnull(q, 2) ? INT64_MAX : date_day_number(db_text(q, 2));
        for (int k = 0; k < 3; k++) {
            int64_t at = months_after(in, CHECKS[k]);
            if (at > today) continue;
            due[k]++;
            housed[k] += living || moved_on || ended >= at;
        }
    }
    if (db_rows_close(q) != DB_OK) return NULL;
    json_t *out = json_array();
    for (int k = 0; k < 3; k++)
        json_array_append_new(out,
                              json_pack("{s:i,s:I,s:I,s:I}", "months", CHECKS[k], "due",
                                        (json_int_t)due[k], "housed", (json_int_t)housed[k], "pct",
                                        (json_int_t)(due[k] ? housed[k] * 100 / due[k] : 0)));
    return out;
}

json_t *housing_first_overview(db_conn *c, int64_t city_id, int64_t user_id, int64_t today_day)
{
    json_t *homes = unname_rows(db_query_json(
        c,
        "SELECT h.id AS home_id, h.kind, h.address, h.rooms, h.step_free AS is_step_free, k.id AS "
        "placement_id, k.state, "
        "k.programme, k.moved_in_on, p.id, p.given_name, p.family_name, p.nickname, p.tax_code, "
        "p.restricted AS is_restricted, CASE WHEN p.id IS NULL THEN 1 ELSE (" NAMED_EXPR
        ") END AS named FROM hf_homes h LEFT JOIN placements k ON k.home_id = h.id AND k.state IN "
        "('offered', 'moved_in') LEFT JOIN people p ON p.id = k.person_id WHERE h.city_id = ? "
        "ORDER BY h.id",
        DB_ARGS(DB_INT(user_id), DB_INT(city_id))));
    if (!homes) return NULL;
    json_t *s = placements_sustainment(c, city_id, today_day);
    return json_pack("{s:o,s:o}", "homes", homes, "sustainment", s ? s : json_array());
}

json_t *placements_of(db_conn *c, int64_t city_id, int64_t person_id)
{
    json_t *list = db_query_json(
        c,
        "SELECT k.id, k.programme, k.state, k.offered_at, k.moved_in_on, k.ended_on, "
        "k.end_reason, k.skip_reason, k.passed_over, k.household_size, CASE WHEN "
        "k.household_size > 1 THEN 1 ELSE 0 END AS is_household, h.kind, h.address, h.rooms FROM "
        "placements k JOIN hf_homes h ON h.id = k.home_id WHERE k.person_id = ? AND k.city_id = ? "
        "ORDER BY "
        "k.offered_at DESC, k.id DESC",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
    json_t *visits = db_query_json(c,
                                   "SELECT v.placement_id, v.visited_on, v.note, u.name AS "
                                   "visited_by FROM placement_visits v JOIN placements k ON k.id "
                                   "= v.placement_id JOIN users u ON u.id = v.visited_by WHERE "
                                   "k.person_id = ? ORDER BY v.visited_on DESC, v.id DESC",
                                   DB_ARGS(DB_INT(person_id)));
    nest_rows(list, visits, "placement_id", "visits");
    json_decref(visits);
    return list;
}

json_t *homes_free(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT h.id, h.kind, h.address, h.rooms, h.step_free AS is_step_free "
                         "FROM hf_homes h WHERE h.city_id "
                         "= ? AND NOT EXISTS (SELECT 1 FROM placements k WHERE k.home_id = h.id "
                         "AND k.state IN ('offered', 'moved_in')) ORDER BY h.id",
                         DB_ARGS(DB_INT(city_id)));
}

/* Keeping and erasing a person's record (docs/pathways.md): past the retention periods the
 * special categories go, then the record is pseudonymised, and the figures stay. On both
 * engines. */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/pathways/pathways.h"
#include "testdb.h"

#define YEAR (INT64_C(31557600000000))
#define DAY  (INT64_C(86400000000))

static int64_t count(db_conn *c, const char *sql, int64_t id)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(c, sql, DB_ARGS(DB_INT(id)), &n), DB_OK, "%s", db_errmsg(c));
    return n;
}

/* A record with a health note and a pathway whose plan has the person's words, its last
 * activity at `last`; the pathway closed then unless kept open. */
static int64_t record(db_conn *c, int64_t city, int64_t worker, const char *cf, int64_t last,
                      bool keep_open)
{
    person_in in = {.tax_code = cf,
                    .given_name = "Mario",
                    .family_name = "Prova",
                    .nickname = "Il Maestro",
                    .birth_date = "1960-05-01",
                    .origin = "Bari",
                    .gender = "man",
                    .ethos = "public_space"};
    int64_t id = 0, pathway = 0, goal = 0, at = last - 2 * DAY;
    cr_assert_eq(person_create(c, city, worker, &in, at, &id), PATH_OK, "%s", db_errmsg(c));
    cr_assert_eq(special_add(c, city, worker, id, "health", "Diabete", at), PATH_OK);
    cr_assert_eq(pathway_open(c, city, worker, id, 30, at, &pathway), PATH_OK);
    cr_assert_eq(
        goal_add(c, city, worker, id, "Una casa", "Voglio tornare a Bari", at + DAY, &goal),
        PATH_OK);
    if (!keep_open)
        cr_assert_eq(
            pathway_close(c, city, worker, id, "moved_away", "Tornato dalla sorella", last),
            PATH_OK, "%s", db_errmsg(c));
    cr_assert_eq(db_exec(c, "UPDATE people SET last_contact_at = ? WHERE id = ?",
                         DB_ARGS(DB_INT(last), DB_INT(id)), NULL),
                 DB_OK);
    return id;
}

DB_TEST(pathways, records_past_retention_are_pseudonymised_and_the_figures_stay)
{
    (void)d;
    int64_t city = 0, worker = 0, now = INT64_C(1796000000000000); /* December 2026 */
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999011', "
                 "'c11', 0) RETURNING id",
                 DB_NOARGS, &city);
    db_query_int(c,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
                 "VALUES ('as@prova.invalid', 'AS', 'x', 0, 0) RETURNING id",
                 DB_NOARGS, &worker);
    cr_assert(city && worker);
    cr_assert_eq(db_begin(c), DB_OK);
    int64_t old = record(c, city, worker, "RSSMRA60E01A662X", now - 11 * YEAR, false);
    int64_t mid = record(c, city, worker, "VRDLGU60E01A662X", now - 6 * YEAR, false);
    int64_t open = record(c, city, worker, "BNCNNA60E41A662X", now - 11 * YEAR, true);
    /* A duplicate of the old record merged into it long ago. */
    person_in dup = {
        .given_name = "", .family_name = "", .nickname = "Maestro", .origin = "", .gender = "man"};
    int64_t twin = 0;
    cr_assert_eq(person_create(c, city, worker, &dup, now - 12 * YEAR, &twin), PATH_OK);
    cr_assert_eq(person_merge(c, city, worker, old, twin, now - 12 * YEAR + DAY), PATH_OK, "%s",
                 db_errmsg(c));
    cr_assert_eq(db_exec(c, "UPDATE people SET last_contact_at = ? WHERE id IN (?, ?)",
                         DB_ARGS(DB_INT(now - 11 * YEAR), DB_INT(old), DB_INT(twin)), NULL),
                 DB_OK);
    cr_assert_eq(pathways_retention(c, now, 100), 2, "%s", db_errmsg(c)); /* old and its twin */
    cr_assert_eq(db_commit(c), DB_OK);

    /* Past ten years: nothing names or describes the person; the figures' rows stay. */
    db_rows *q = db_query(c,
                          "SELECT tax_code, given_name, family_name, nickname, birth_date, origin, "
                          "birth_year, ethos, pseudonymised_at, off_list FROM people WHERE id = ?",
                          DB_ARGS(DB_INT(old)));
    cr_assert(q && db_next(q));
    cr_expect(db_isnull(q, 0));
    cr_expect_str_eq(db_text(q, 1), "");
    cr_expect_str_eq(db_text(q, 2), "");
    char pseudonym[32];
    snprintf(pseudonym, sizeof pseudonym, "#%lld", (long long)old);
    cr_expect_str_eq(db_text(q, 3), pseudonym);
    cr_expect(db_isnull(q, 4));
    cr_expect_str_eq(db_text(q, 5), "");
    cr_expect_eq(db_int(q, 6), 1960);
    cr_expect_str_eq(db_text(q, 7), "public_space");
    cr_expect_eq(db_int(q, 8), now);
    cr_expect_eq(db_int(q, 9), 1, "off the by-name list");
    db_rows_close(q);
    cr_expect_eq(count(c, "SELECT COUNT(*) FROM person_special WHERE person_id = ?", old), 0);
    cr_expect_eq(count(c,
                       "SELECT COUNT(*) FROM plan_goals g JOIN pathways w ON w.id = g.pathway_id "
                       "WHERE w.person_id = ? AND g.person_words = '' AND g.goal = ''",
                       old),
                 1);
    cr_expect_eq(count(c,
                       "SELECT COUNT(*) FROM pathways WHERE person_id = ? AND outcome = "
                       "'moved_away' AND outcome_note = ''",
                       old),
                 1, "the pathway counts, without its note");
    cr_expect_eq(count(c, "SELECT COUNT(*) FROM person_ethos WHERE person_id = ?", old), 1);
    cr_expect_eq(count(c,
                       "SELECT COUNT(*) FROM person_merges WHERE ? IN (into_id, other_id) AND "
                       "detail <> '{}'",
                       old),
                 0, "what a merge kept to be undone goes too");
    cr_expect_eq(count(c,
                       "SELECT COUNT(*) FROM audit_log WHERE action = 'person_pseudonymised' AND "
                       "entity_id = ?",
                       old),
                 1);
    /* Past five years: the special categories only. */
    cr_expect_eq(count(c, "SELECT COUNT(*) FROM person_special WHERE person_id = ?", mid), 0);
    cr_expect_eq(count(c, "SELECT COUNT(*) FROM people WHERE id = ? AND given_name = 'Mario'", mid),
                 1);
    /* An open pathway keeps everything, however old. */
    cr_expect_eq(count(c, "SELECT COUNT(*) FROM person_special WHERE person_id = ?", open), 1);
    cr_expect_eq(
        count(c, "SELECT COUNT(*) FROM people WHERE id = ? AND tax_code IS NOT NULL", open), 1);
    /* Once is enough. */
    cr_assert_eq(db_begin(c), DB_OK);
    cr_expect_eq(pathways_retention(c, now, 100), 0);
    cr_assert_eq(db_commit(c), DB_OK);
    /* The city's own periods: three years for the record. */
    retention_rule rule = {
        .decision = "Piano di conservazione", .special_years = 2, .record_years = 3};
    retention_rule wrong = {.decision = "x", .special_years = 4, .record_years = 3};
    cr_assert_eq(db_begin(c), DB_OK);
    cr_expect_eq(retention_rule_set(c, city, worker, &wrong, now), PATH_BAD_STATE);
    db_rollback(c);
    cr_assert_eq(db_begin(c), DB_OK);
    cr_assert_eq(retention_rule_set(c, city, worker, &rule, now), PATH_OK);
    int64_t four = record(c, city, worker, "GLLPLA60E01A662X", now - 4 * YEAR, false);
    cr_expect_eq(pathways_retention(c, now, 100), 2, "the six-year one and the four-year one");
    cr_assert_eq(db_commit(c), DB_OK);
    cr_expect_eq(count(c,
                       "SELECT COUNT(*) FROM people WHERE id IN (?, 0) AND pseudonymised_at IS "
                       "NOT NULL",
                       four),
                 1);
}

/* The by-name list's totals as the list itself counts them, for a `since` in a day's middle. */
static void expect_counts(db_conn *c, int64_t city, int64_t since, const char *when)
{
    int64_t total = -1, active = -1, want_total = -1, want_active = -1;
    cr_assert(by_name_counts(c, city, since, &total, &active), "%s", db_errmsg(c));
    db_rows *q = db_query(c,
                          "SELECT COUNT(*), SUM(CASE WHEN COALESCE(last_contact_at, created_at) >= "
                          "? THEN 1 ELSE 0 END) FROM people WHERE city_id = ? AND off_list = 0 "
                          "AND merged_into IS NULL AND ethos IS NOT NULL",
                          DB_ARGS(DB_INT(since), DB_INT(city)));
    cr_assert(q && db_next(q));
    want_total = db_int(q, 0);
    want_active = db_int(q, 1);
    db_rows_close(q);
    cr_expect_eq(total, want_total, "%s: total %lld, counted %lld", when, (long long)total,
                 (long long)want_total);
    cr_expect_eq(active, want_active, "%s: active %lld, counted %lld", when, (long long)active,
                 (long long)want_active);
}

/* The counts kept by day follow every change of who is listed and when they were last seen,
 * before and after the ticker folds the moves, including the day where the inactive period
 * begins, counted to the microsecond. */
DB_TEST(pathways, by_name_counts_follow_the_records)
{
    (void)d;
    int64_t city = 0, other = 0, worker = 0, now = INT64_C(1796000000000000) + DAY / 2;
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999012', "
                 "'c12', 0) RETURNING id",
                 DB_NOARGS, &city);
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('D', '999013', "
                 "'c13', 0) RETURNING id",
                 DB_NOARGS, &other);
    db_query_int(c,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
                 "VALUES ('bn@prova.invalid', 'BN', 'x', 0, 0) RETURNING id",
                 DB_NOARGS, &worker);
    cr_assert(city && other && worker);
    int64_t since = now - 90 * DAY, ids[12];
    cr_assert_eq(db_begin(c), DB_OK);
    for (int i = 0; i < 12; i++) {
        person_in in = {.given_name = "Anna",
                        .family_name = "Prova",
                        .nickname = "",
                        .origin = "",
                        .gender = "woman",
                        .ethos = i == 11 ? NULL : "emergency"};
        /* Around the period's start: some the same day before it, some after, some long ago. */
        int64_t at = since + (i - 6) * (DAY / 8) - (i % 3 == 0 ? 200 * DAY : 0);
        cr_assert_eq(person_create(c, i == 10 ? other : city, worker, &in, at, &ids[i]), PATH_OK,
                     "%s", db_errmsg(c));
    }
    cr_assert_eq(db_commit(c), DB_OK);
    expect_counts(c, city, since, "created, moves not folded");
    cr_assert(by_name_fold(c) > 0, "%s", db_errmsg(c));
    expect_counts(c, city, since, "created, folded");
    cr_expect_eq(count(c, "SELECT COUNT(*) FROM by_name_moves WHERE city_id = ?", city), 0);
    /* Contacts move people across days and across the period's start; one leaves the list. */
    cr_assert_eq(db_begin(c), DB_OK);
    cr_assert_eq(db_exec(c, "UPDATE people SET last_contact_at = ? WHERE id IN (?, ?, ?)",
                         DB_ARGS(DB_INT(now), DB_INT(ids[0]), DB_INT(ids[3]), DB_INT(ids[6])),
                         NULL),
                 DB_OK);
    cr_assert_eq(db_exec(c, "UPDATE people SET last_contact_at = ? WHERE id = ?",
                         DB_ARGS(DB_INT(since + 1), DB_INT(ids[1])), NULL),
                 DB_OK);
    cr_assert_eq(
        db_exec(c, "UPDATE people SET off_list = 1 WHERE id = ?", DB_ARGS(DB_INT(ids[2])), NULL),
        DB_OK);
    cr_assert_eq(person_merge(c, city, worker, ids[4], ids[5], now), PATH_OK, "%s", db_errmsg(c));
    cr_assert_eq(db_commit(c), DB_OK);
    expect_counts(c, city, since, "changed, not folded");
    for (int64_t s = since - DAY; s <= since + DAY; s += DAY / 4)
        expect_counts(c, city, s, "changed, another period");
    cr_assert(by_name_fold(c) > 0);
    expect_counts(c, city, since, "changed, folded");
    cr_expect_eq(by_name_fold(c), 0, "nothing left to fold");
    /* A row deleted (nothing deletes records today; a row with nothing attached to it can go). */
    int64_t bare = 0;
    cr_assert_eq(
        db_query_int(c,
                     "INSERT INTO people (city_id, nickname, ethos, created_by, created_at) "
                     "VALUES (?, 'Bare', 'emergency', ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city), DB_INT(worker), DB_INT(now)), &bare),
        DB_OK, "%s", db_errmsg(c));
    expect_counts(c, city, since, "a bare row");
    cr_assert(by_name_fold(c) > 0);
    cr_assert_eq(db_exec(c, "DELETE FROM people WHERE id = ?", DB_ARGS(DB_INT(bare)), NULL), DB_OK,
                 "%s", db_errmsg(c));
    expect_counts(c, city, since, "deleted");
    expect_counts(c, other, since, "the other city");
}

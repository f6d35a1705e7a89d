/* The SIUSS export (docs/pathways.md): a line per benefit of the period, under the code the
 * city set, the person a pseudonym the same from one export to the next. On both engines. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/pathways/pathways.h"
#include "testdb.h"

#define DAY (INT64_C(86400000000))

static int64_t lines_of(db_conn *c, int64_t city, int64_t user, const char *from, const char *to,
                        buf *out)
{
    int64_t lines = -1;
    buf_reset(out);
    cr_assert_eq(siuss_csv(c, city, user, from, to, out, &lines), PATH_OK, "%s", db_errmsg(c));
    return lines;
}

DB_TEST(siuss, export_lines_follow_the_benefits_under_a_stable_pseudonym)
{
    (void)d;
    int64_t city = 0, worker = 0, now = INT64_C(1796000000000000); /* December 2026 */
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('S', '999012', "
                 "'s12', 0) RETURNING id",
                 DB_NOARGS, &city);
    db_query_int(c,
                 "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
                 "VALUES ('siuss@prova.invalid', 'S', 'x', 0, 0) RETURNING id",
                 DB_NOARGS, &worker);
    cr_assert(city && worker);
    cr_assert_eq(db_begin(c), DB_OK);
    person_in in = {.tax_code = "RSSMRA60E01A662X",
                    .given_name = "Mario",
                    .family_name = "Siussetti",
                    .nickname = "Il Maestro",
                    .birth_date = "1960-05-01",
                    .origin = "",
                    .gender = "man",
                    .ethos = "public_space"};
    int64_t id = 0, pathway = 0, lines = 0;
    cr_assert_eq(person_create(c, city, worker, &in, now - 40 * DAY, &id), PATH_OK);
    cr_assert_eq(pathway_open(c, city, worker, id, 30, now - 20 * DAY, &pathway), PATH_OK);
    cr_assert_eq(pathway_close(c, city, worker, id, "housed", "", now - 10 * DAY), PATH_OK);
    buf out;
    buf_init(&out, 1 << 20);
    /* No code yet: nothing to send. */
    cr_assert_eq(siuss_csv(c, city, worker, "2026-01-01", "2026-12-31", &out, &lines),
                 PATH_BAD_STATE);
    cr_assert_eq(siuss_code_set(c, city, worker, "charge", "A2.02", "Presa in carico prova", now),
                 PATH_OK);

    char opened[11], closed[11], protocol[40];
    date_rome(now - 20 * DAY, opened);
    date_rome(now - 10 * DAY, closed);
    snprintf(protocol, sizeof protocol, "charge-%lld", (long long)pathway);
    cr_assert_eq(lines_of(c, city, worker, "2026-01-01", "2026-12-31", &out), 1);
    char *line = strstr(out.data, "\r\n") + 2, first[256];
    snprintf(first, sizeof first, "%s", line);
    cr_assert(strstr(first, ",1960,1,public_space,A2.02,Presa in carico prova,"), "%s", first);
    cr_assert(strstr(first, protocol) && strstr(first, opened) && strstr(first, closed), "%s",
              first);
    cr_assert(strstr(first, ",4,1,1,3\r\n"), "%s", first);
    cr_assert(first[0] == 'P' && first[17] == ',', "%s", first);
    cr_assert_null(strstr(out.data, "Siussetti"));
    cr_assert_null(strstr(out.data, "Mario"));
    cr_assert_null(strstr(out.data, "RSSMRA"));
    cr_assert_null(strstr(out.data, "Maestro"));
    /* The same pseudonym the next time. */
    cr_assert_eq(lines_of(c, city, worker, "2026-01-01", "2026-12-31", &out), 1);
    cr_assert_eq(strncmp(strstr(out.data, "\r\n") + 2, first, 17), 0);
    /* A period after the pathway closed, and one before it opened: no line. */
    char after[11];
    date_rome(now, after);
    cr_assert_eq(lines_of(c, city, worker, after, after, &out), 0);
    cr_assert_eq(lines_of(c, city, worker, "2025-01-01", "2025-12-31", &out), 0);
    /* The kinds page counts it; a kind without a code is counted all the same. */
    json_t *kinds = siuss_kinds(c, city, "2026-01-01", "2026-12-31");
    cr_assert_not_null(kinds);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(kinds, 0), "benefits")), 1);
    cr_assert(json_is_false(json_object_get(json_array_get(kinds, 1), "has_code")));
    json_decref(kinds);
    cr_assert_eq(db_commit(c), DB_OK);
    buf_free(&out);
}

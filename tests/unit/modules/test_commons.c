/* Collaboration pacts end by themselves after their last day: the ticker's job ends each one
 * once, its signatories leave and its good is offered again with the event in its history. On
 * both engines. */
#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/commons/commons.h"
#include "testdb.h"

static int64_t at(const char *local)
{
    int64_t us = 0;
    cr_assert_eq(time_parse_local(local, &us), 0, "%s", local);
    return us;
}

static int64_t user(db_conn *c, const char *email)
{
    int64_t id = 0;
    cr_assert_eq(db_query_int(c,
                              "INSERT INTO users (email, name, password_hash, created_at, "
                              "password_changed_at) VALUES (?, ?, 'x', 0, 0) RETURNING id",
                              DB_ARGS(DB_TEXT(email), DB_TEXT(email)), &id),
                 DB_OK, "%s", db_errmsg(c));
    return id;
}

DB_TEST(commons, pacts_end_after_their_last_day_and_give_the_good_back)
{
    (void)d;
    int64_t city = 0, good = 0, pact = 0;
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999007', "
                 "'c7', 0) RETURNING id",
                 DB_NOARGS, &city);
    int64_t officer = user(c, "ufficio@prova.invalid"), resident = user(c, "vicina@prova.invalid");
    pact_rules_in rules = {"Regolamento di prova", 30, 0, 12, 1, 30};
    cr_assert_eq(pact_rules_set(c, city, officer, &rules, at("2026-01-01T09:00")), CM_OK);
    good_in g = {.kind = "green_area", .name = "Aiuola", .address = "via Prova 1"};
    cr_assert_eq(good_add(c, city, officer, &g, at("2026-01-01T09:00"), &good), CM_OK);
    pact_in in = {good, "Aiuola fiorita", "Cura", "resident", "Vicina", 0, 1, true, 0};
    char label[24];
    cr_assert_eq(pact_propose(c, resident, &in, at("2026-01-02T10:00"), &pact, label), CM_OK, "%s",
                 db_errmsg(c));
    cr_assert_eq(pact_publish(c, city, pact, officer, at("2026-01-03T10:00")), CM_OK);
    cr_assert_eq(pact_sign(c, city, pact, officer, "2026-01-05", at("2026-01-03T11:00")), CM_OK);
    /* One month from 5 January: the last day is 4 February. */
    cr_expect_eq(pacts_close_expired(c, at("2026-02-04T23:59")), 0, "not before its last day");
    cr_expect_eq(pacts_close_expired(c, at("2026-02-05T00:00")), 1);
    cr_expect_eq(pacts_close_expired(c, at("2026-02-06T00:00")), 0, "once");
    int64_t ended = 0, open = -1, offered = 0, last_ended = 0;
    db_query_int(c, "SELECT COUNT(*) FROM pacts WHERE id = ? AND state = 'ended'",
                 DB_ARGS(DB_INT(pact)), &ended);
    db_query_int(c, "SELECT COUNT(*) FROM pact_signatories WHERE pact_id = ? AND left_at IS NULL",
                 DB_ARGS(DB_INT(pact)), &open);
    db_query_int(c, "SELECT COUNT(*) FROM commons_goods WHERE id = ? AND state = 'offered'",
                 DB_ARGS(DB_INT(good)), &offered);
    db_query_int(c,
                 "SELECT COUNT(*) FROM commons_good_events WHERE good_id = ? AND event = 'ended' "
                 "AND pact_id = ?",
                 DB_ARGS(DB_INT(good), DB_INT(pact)), &last_ended);
    cr_expect_eq(ended, 1);
    cr_expect_eq(open, 0, "every signatory has left");
    cr_expect_eq(offered, 1, "the good is offered again");
    cr_expect_eq(last_ended, 1);
}

/* A free loan ends by itself after its term, like a pact: the route reads "ended" and the good
 * is offered again, once. */
DB_TEST(commons, routes_end_after_their_term_and_give_the_good_back)
{
    (void)d;
    int64_t city = 0, good = 0, route = 0;
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999012', "
                 "'c12', 0) RETURNING id",
                 DB_NOARGS, &city);
    int64_t officer = user(c, "demanio@prova.invalid");
    good_in g = {.kind = "building", .name = "Ex scuola", .address = "via Prova 2"};
    cr_assert_eq(good_add(c, city, officer, &g, at("2026-01-01T09:00"), &good), CM_OK);
    cr_assert_eq(asset_route_start(c, city, good, officer, "free_loan", "Cooperativa Prova ETS", 1,
                                   at("2026-01-02T09:00"), &route),
                 CM_OK, "%s", db_errmsg(c));
    /* Every step done on 10 January: the loan holds one month, to 9 February. */
    for (int64_t step = 1; step < 20; step++) {
        int64_t active = 0;
        db_query_int(c, "SELECT COUNT(*) FROM asset_routes WHERE id = ? AND state = 'active'",
                     DB_ARGS(DB_INT(route)), &active);
        if (active) break;
        db_query_int(c, "SELECT step FROM asset_routes WHERE id = ?", DB_ARGS(DB_INT(route)),
                     &step);
        cr_assert_eq(
            asset_route_advance(c, city, route, officer, step, "fatto", at("2026-01-10T10:00")),
            CM_OK, "%s", db_errmsg(c));
    }
    cr_expect_eq(asset_routes_close_expired(c, at("2026-02-09T23:59")), 0, "not before its end");
    cr_expect_eq(asset_routes_close_expired(c, at("2026-02-10T00:00")), 1);
    cr_expect_eq(asset_routes_close_expired(c, at("2026-02-11T00:00")), 0, "once");
    json_t *routes = asset_routes_of(c, good, "2026-02-11");
    cr_assert(routes);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(routes, 0), "state")),
                     "ended");
    json_decref(routes);
    int64_t offered = 0;
    db_query_int(c, "SELECT COUNT(*) FROM commons_goods WHERE id = ? AND state = 'offered'",
                 DB_ARGS(DB_INT(good)), &offered);
    cr_expect_eq(offered, 1, "the good is offered again");
}

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
    pact_rules_in rules = {"Regolamento di prova", 30, 0, 12, 1};
    cr_assert_eq(pact_rules_set(c, city, officer, &rules, at("2026-01-01T09:00")), CM_OK);
    good_in g = {.kind = "green_area", .name = "Aiuola", .address = "via Prova 1"};
    cr_assert_eq(good_add(c, city, officer, &g, at("2026-01-01T09:00"), &good), CM_OK);
    pact_in in = {good, "Aiuola fiorita", "Cura", "resident", "Vicina", 0, 1, true};
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

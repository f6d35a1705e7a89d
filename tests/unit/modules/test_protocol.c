#include <criterion/criterion.h>
#include <string.h>

#include "base/hex.h"
#include "base/timefmt.h"
#include "modules/protocol/protocol.h"
#include "testdb.h"

static int64_t city_of(db_conn *c)
{
    int64_t city = 0;
    db_query_int(c,
                 "INSERT INTO cities (name, istat_code, slug, created_at) VALUES ('C', '999004', "
                 "'c4', 0) RETURNING id",
                 DB_NOARGS, &city);
    return city;
}

static int64_t at(const char *local)
{
    int64_t us = 0;
    cr_assert_eq(time_parse_local(local, &us), 0, "%s", local);
    return us;
}

static proto_rc reg(db_conn *c, int64_t city, int64_t now, const char *subject, protocol_number *n)
{
    protocol_file f[2] = {
        {.name = "lettera.pdf", .data = "%PDF-1.4 x", .len = 10, .mime = "application/pdf"},
        {.name = "allegato.txt", .sha256 = "ab" /* padded below */}};
    char sha[65];
    memset(sha, 'a', 64);
    sha[64] = '\0';
    f[1].sha256 = sha;
    protocol_in in = {.city_id = city,
                      .direction = "in",
                      .kind = "letter",
                      .correspondent = "Ente Esempio",
                      .subject = subject,
                      .files = f,
                      .nfiles = 2,
                      .now = now};
    db_begin(c);
    proto_rc rc = protocol_register(c, &in, n);
    if (rc == PROTO_OK)
        cr_assert_eq(db_commit(c), DB_OK, "%s", db_errmsg(c));
    else
        db_rollback(c);
    return rc;
}

/* Numbers run 1, 2, 3 within a year of Europe/Rome and start again at 1 on 1 January, at
 * midnight in Rome (23:00 UTC), not at midnight UTC. */
DB_TEST(protocol, numbers_restart_on_the_first_of_january_in_rome)
{
    (void)d;
    int64_t city = city_of(c);
    protocol_number n;
    cr_assert_eq(reg(c, city, at("2026-12-31 10:00"), "uno", &n), PROTO_OK, "%s", db_errmsg(c));
    cr_expect_eq(n.number, 1);
    cr_expect_str_eq(n.label, "0000001/2026");
    cr_assert_eq(reg(c, city, at("2026-12-31 23:59"), "due", &n), PROTO_OK);
    cr_expect_str_eq(n.label, "0000002/2026");
    cr_expect_str_eq(n.day, "2026-12-31");
    cr_assert_eq(reg(c, city, at("2027-01-01 00:00"), "tre", &n), PROTO_OK);
    cr_expect_str_eq(n.label, "0000001/2027");
    cr_expect_str_eq(n.day, "2027-01-01");
}

/* A registration rolled back gives its number back: the next one takes it, no gap. */
DB_TEST(protocol, a_rollback_leaves_no_gap)
{
    (void)d;
    int64_t city = city_of(c), now = at("2026-06-01 09:00");
    protocol_number n;
    cr_assert_eq(reg(c, city, now, "primo", &n), PROTO_OK);
    protocol_file f = {.name = "x.pdf", .data = "%PDF-1.4", .len = 8};
    protocol_in in = {.city_id = city,
                      .direction = "out",
                      .kind = "decision",
                      .correspondent = "X",
                      .subject = "annullato dal rollback",
                      .files = &f,
                      .nfiles = 1,
                      .now = now};
    db_begin(c);
    cr_assert_eq(protocol_register(c, &in, &n), PROTO_OK);
    cr_expect_eq(n.number, 2);
    db_rollback(c);
    cr_assert_eq(reg(c, city, now, "secondo", &n), PROTO_OK);
    cr_expect_eq(n.number, 2, "the number of the rolled back registration is reused");
}

/* The database itself keeps the register: entries and files are never changed or deleted, a
 * counter only moves by one, an entry only takes the counter's number, a cancellation happens
 * once and is then fixed too. */
DB_TEST(protocol, the_database_refuses_every_change_but_one_cancellation)
{
    (void)d;
    int64_t city = city_of(c), now = at("2026-06-01 09:00");
    protocol_number n;
    cr_assert_eq(reg(c, city, now, "oggetto", &n), PROTO_OK);
    static const char *const REFUSED[] = {
        "UPDATE protocol_entries SET subject = 'altro'",
        "UPDATE protocol_entries SET number = 5",
        "DELETE FROM protocol_entries",
        "UPDATE protocol_files SET sha256 = 'bbbb'",
        "DELETE FROM protocol_files",
        "UPDATE protocol_counters SET last_number = last_number + 2",
        "UPDATE protocol_counters SET last_number = last_number - 1",
        "DELETE FROM protocol_counters",
    };
    for (size_t i = 0; i < sizeof REFUSED / sizeof *REFUSED; i++) {
        db_begin(c);
        cr_expect_neq(db_exec(c, REFUSED[i], DB_NOARGS, NULL), DB_OK, "%s", REFUSED[i]);
        db_rollback(c);
    }
    /* An entry with a number the counter has not reached, or has passed. */
    db_begin(c);
    cr_expect_neq(db_exec(c,
                          "INSERT INTO protocol_entries (city_id, year, number, registered_at, "
                          "day, direction, kind, correspondent, subject) VALUES (?, 2026, 9, 0, "
                          "'2026-06-01', 'in', 'letter', 'X', 'Y')",
                          DB_ARGS(DB_INT(city)), NULL),
                  DB_OK);
    db_rollback(c);
    db_begin(c);
    cr_assert_eq(protocol_cancel(c, city, n.id, 0, "registrato due volte", now + 1), PROTO_OK, "%s",
                 db_errmsg(c));
    cr_assert_eq(db_commit(c), DB_OK);
    db_begin(c);
    cr_expect_eq(protocol_cancel(c, city, n.id, 0, "di nuovo", now + 2), PROTO_CANCELLED);
    cr_expect_eq(protocol_cancel(c, city + 1, n.id, 0, "altra città", now + 2), PROTO_NOT_FOUND);
    db_rollback(c);
    db_begin(c);
    cr_expect_neq(
        db_exec(c, "UPDATE protocol_entries SET cancel_reason = 'riscritto'", DB_NOARGS, NULL),
        DB_OK, "a cancellation, once made, is fixed");
    db_rollback(c);
    json_t *e = protocol_get(c, city, n.id);
    cr_assert(e);
    cr_expect_str_eq(json_string_value(json_object_get(e, "subject")), "oggetto");
    cr_expect_str_eq(json_string_value(json_object_get(e, "cancel_reason")),
                     "registrato due volte");
    cr_expect_eq(json_array_size(json_object_get(e, "files")), 2);
    json_decref(e);
}

/* A day's register lists the day's entries, their attachments and the day's cancellations;
 * every day from the first entry gets one (empty days too), once; the stored hash is the
 * file's; a subject a spreadsheet would run is written as text. */
DB_TEST(protocol, daily_registers_are_made_once_for_every_ended_day)
{
    (void)d;
    int64_t city = city_of(c);
    protocol_number a, b;
    cr_assert_eq(reg(c, city, at("2026-03-10 09:00"), "=HYPERLINK(\"x\")", &a), PROTO_OK);
    cr_assert_eq(reg(c, city, at("2026-03-10 17:30"), "seconda", &b), PROTO_OK);
    /* Not before the day is over in Rome. */
    cr_expect_eq(protocol_daily_produce(c, at("2026-03-10 23:59")), 0);
    db_begin(c);
    cr_assert_eq(protocol_cancel(c, city, a.id, 0, "errore", at("2026-03-12 08:00")), PROTO_OK);
    db_commit(c);
    cr_expect_eq(protocol_daily_produce(c, at("2026-03-13 00:30")), 3, "10, 11 and 12 March");
    cr_expect_eq(protocol_daily_produce(c, at("2026-03-13 00:31")), 0, "made once");
    json_t *d10 = protocol_daily_get(c, city, "2026-03-10");
    json_t *d11 = protocol_daily_get(c, city, "2026-03-11");
    json_t *d12 = protocol_daily_get(c, city, "2026-03-12");
    cr_assert(d10 && d11 && d12);
    cr_expect_eq(json_integer_value(json_object_get(d10, "entries")), 2);
    cr_expect_eq(json_integer_value(json_object_get(d10, "cancellations")), 0);
    cr_expect_eq(json_integer_value(json_object_get(d11, "entries")), 0);
    cr_expect_eq(json_integer_value(json_object_get(d12, "cancellations")), 1);
    const char *csv = json_string_value(json_object_get(d10, "content"));
    char sha[65];
    sha256_hex(csv, strlen(csv), sha);
    cr_expect_str_eq(sha, json_string_value(json_object_get(d10, "sha256")));
    cr_expect(strstr(csv, "registrazione,0000001,2026,"), "%s", csv);
    cr_expect(strstr(csv, "allegato,0000002,2026,"), "%s", csv);
    cr_expect(strstr(csv, "'=HYPERLINK"), "formula written as text: %s", csv);
    cr_expect(!strstr(csv, "\nannullamento,"), "the cancellation belongs to the 12th");
    cr_expect(
        strstr(json_string_value(json_object_get(d12, "content")), "annullamento,0000001,2026,"));
    json_decref(d10);
    json_decref(d11);
    json_decref(d12);
}

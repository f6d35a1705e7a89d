#include <criterion/criterion.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/services/hsds.h"
#include "modules/services/services.h"

/* HSDS ids carry their record and read back; anything else is refused. */
Test(services, hsds_ids_read_back)
{
    static const struct {
        int64_t istat;
        hsds_kind kind;
        int64_t id;
    } C[] = {{15146, HSDS_SERVICE, 1},
             {58091, HSDS_ORGANIZATION, 123456789},
             {0, HSDS_LOCATION, 0},
             {15146, HSDS_SCHEDULE, INT64_C(0x3FFFFFFFFFFFFFFF)}};
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        char u[37];
        hsds_uuid(u, C[i].istat, C[i].kind, C[i].id);
        cr_expect_eq(strlen(u), 36);
        cr_expect_eq(u[14], '8', "version 8: %s", u);
        int64_t istat = -1, id = -1;
        hsds_kind kind = 0;
        cr_assert(hsds_uuid_parse(u, &istat, &kind, &id), "%s", u);
        cr_expect_eq(istat, C[i].istat);
        cr_expect_eq(kind, C[i].kind);
        cr_expect_eq(id, C[i].id);
    }
    char u[37];
    hsds_uuid(u, 15146, HSDS_SERVICE, 1);
    cr_expect_str_eq(u, "00000000-3b2a-8002-8000-000000000001");
    int64_t a, b;
    hsds_kind k;
    cr_expect(!hsds_uuid_parse("00000000-3b2a-4002-8000-000000000001", &a, &k, &b), "not v8");
    cr_expect(!hsds_uuid_parse("00000000-3b2a-8002-c000-000000000001", &a, &k, &b), "variant");
    cr_expect(!hsds_uuid_parse("00000000-3B2A-8002-8000-000000000001", &a, &k, &b), "upper");
    cr_expect(!hsds_uuid_parse("00000000-3b2a-8002-8000-00000000001", &a, &k, &b), "short");
    cr_expect(!hsds_uuid_parse("", &a, &k, &b));
    cr_expect(!hsds_uuid_parse(NULL, &a, &k, &b));
}

/* A night runs from eight in the morning to eight the next morning, in Rome's time. */
Test(services, the_night_runs_from_eight_to_eight)
{
    static const struct {
        const char *rome, *night;
    } C[] = {{"2026-12-02 07:59:59", "2026-12-01"},
             {"2026-12-02 08:00:00", "2026-12-02"},
             {"2026-12-02 11:00:00", "2026-12-02"}, /* a morning hold is for the coming night */
             {"2026-12-03 03:00:00", "2026-12-02"},
             {"2026-03-29 07:30:00", "2026-03-28"}, /* the morning clocks go forward */
             {"2026-03-29 08:30:00", "2026-03-29"}};
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        int64_t us = 0;
        cr_assert_eq(time_parse_local(C[i].rome, &us), 0, "%s", C[i].rome);
        char night[11];
        services_night(us, night);
        cr_expect_str_eq(night, C[i].night, "%s", C[i].rome);
    }
}

/* Kept answers: found by their whole key only (another stamp or minute is another answer), a
 * copy each time (a page may change what it got), the oldest slot given up past eight. */
Test(services, kept_answers_by_key)
{
    cr_assert_null(kept_json("board|it|1|7|100"));
    json_t *v = json_pack("{s:i}", "free", 3);
    kept_json_put("board|it|1|7|100", v);
    json_decref(v);
    json_t *a = kept_json("board|it|1|7|100");
    cr_assert_not_null(a);
    cr_expect_eq(json_integer_value(json_object_get(a, "free")), 3);
    json_object_set_new(a, "free", json_integer(99));
    json_t *b = kept_json("board|it|1|7|100");
    cr_expect_eq(json_integer_value(json_object_get(b, "free")), 3, "a copy, not the kept one");
    json_decref(a);
    json_decref(b);
    cr_expect_null(kept_json("board|it|1|8|100"), "the stamp moved");
    cr_expect_null(kept_json("board|en|1|7|100"), "another language");
    kept_text_put("hsds|1", "[1]");
    cr_expect_str_eq(kept_text("hsds|1"), "[1]");
    kept_text_put("hsds|1", "[2]");
    cr_expect_str_eq(kept_text("hsds|1"), "[2]", "the same key is replaced in place");
    for (int i = 0; i < 8; i++) {
        char key[16];
        snprintf(key, sizeof key, "other|%d", i);
        kept_text_put(key, "x");
    }
    cr_expect_null(kept_json("board|it|1|7|100"), "given up for newer answers");
    cr_expect_null(kept_text("hsds|1"));
}

#include <criterion/criterion.h>

#include "base/geo.h"

Test(geo, reads_coordinates_as_people_type_them)
{
    static const struct {
        const char *s;
        bool lat;
        int64_t e6;
    } OK[] = {{"45.4890", true, 45489000}, {"45,489", true, 45489000},
              {" 9.2 ", false, 9200000},   {"-33.868820", true, -33868820},
              {"+180", false, 180000000},  {"0", true, 0},
              {"90", true, 90000000}};
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        int64_t v = 1;
        cr_expect_eq(coord_parse(OK[i].s, OK[i].lat, &v), 0, "%s", OK[i].s);
        cr_expect_eq(v, OK[i].e6, "%s", OK[i].s);
    }
    static const char *const BAD[] = {"",    "abc",    "45.",  "91", "45.1234567",
                                      "1e3", "45°29'", "4500", "-",  "45.48 9.20"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        int64_t v = 7;
        cr_expect_eq(coord_parse(BAD[i], true, &v), -1, "%s", BAD[i]);
        cr_expect_eq(v, 7, "untouched: %s", BAD[i]);
    }
    int64_t v;
    cr_expect_eq(coord_parse("180.000001", false, &v), -1);
    cr_expect_eq(coord_parse("120", false, &v), 0);
    cr_expect_eq(coord_parse("120", true, &v), -1, "no latitude past 90");
}

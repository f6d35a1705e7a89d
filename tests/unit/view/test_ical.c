#include <criterion/criterion.h>
#include <string.h>

#include "view/ical.h"

Test(ical, escapes_folds_on_character_boundaries_and_uses_utc)
{
    buf b;
    buf_init(&b, 1 << 16);
    json_t *ev = json_pack("[{s:I,s:s,s:s,s:s,s:I,s:I,s:s}]", "id", (json_int_t)7, "title",
                           "Festa; cena, musica", "place", "Cortile\\A", "description",
                           "Prima riga\nèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèèè",
                           "starts_at", (json_int_t)1767225600000000, "ends_at",
                           (json_int_t)1767229200000000, "state", "published");
    cr_assert_eq(ical_write(&b, "Prova", ev, "coprog", 0), 0);
    json_decref(ev);
    const char *s = b.data;
    cr_expect(strstr(s, "SUMMARY:Festa\\; cena\\, musica\r\n") != NULL);
    cr_expect(strstr(s, "LOCATION:Cortile\\\\A\r\n") != NULL);
    cr_expect(strstr(s, "DTSTART:20260101T000000Z\r\nDTEND:20260101T010000Z\r\n") != NULL);
    cr_expect(strstr(s, "UID:event-7@coprog\r\n") != NULL);
    /* Every physical line within 75 octets; a folded line never starts inside a character. */
    for (const char *p = s; *p;) {
        const char *e = strstr(p, "\r\n");
        cr_assert(e != NULL);
        cr_expect_leq(e - p, 75, "%.*s", (int)(e - p), p);
        if (p[0] == ' ') cr_expect(((unsigned char)p[1] & 0xC0) != 0x80, "split character");
        p = e + 2;
    }
    buf_free(&b);
}

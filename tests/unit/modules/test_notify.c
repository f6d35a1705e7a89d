#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "modules/notify/notify.h"
#include "modules/notify/outbox.h"
#include "modules/notify/smtp.h"

static char *decode(const char *b64, size_t *len)
{
    static unsigned char out[4096];
    char clean[8192];
    size_t n = 0;
    for (const char *p = b64; *p && n < sizeof clean - 1; p++)
        if (*p != '\r' && *p != '\n') clean[n++] = *p;
    clean[n] = '\0';
    cr_assert_eq(sodium_base642bin(out, sizeof out - 1, clean, n, NULL, len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL),
                 0);
    out[*len] = '\0';
    return (char *)out;
}

Test(notify, smtp_message_headers_and_body)
{
    smtp_mail m = {"coprog@comune.test", "rita@example.test", "Segnalazione",
                   "Riga 1\n.Riga 2\n",  "outbox-1@coprog",   INT64_C(1795582937000000)};
    buf out;
    buf_init(&out, 1u << 16);
    cr_assert_eq(smtp_format(&m, &out), 0);
    cr_expect(strstr(out.data, "From: coprog@comune.test\r\nTo: rita@example.test\r\n"));
    cr_expect(strstr(out.data, "Subject: Segnalazione\r\n"));
    cr_expect(strstr(out.data, "Message-ID: <outbox-1@coprog>\r\n"));
    cr_expect(strstr(out.data, "Date: Wed, 25 Nov 2026 "));
    const char *body = strstr(out.data, "\r\n\r\n");
    cr_assert(body);
    size_t len = 0;
    cr_expect_str_eq(decode(body + 4, &len), "Riga 1\r\n.Riga 2\r\n", "CRLF lines, any dots safe");
    for (const char *l = out.data; *l;) {
        const char *e = strstr(l, "\r\n");
        cr_assert(e, "every line ends in CRLF");
        cr_expect_leq(e - l, 76);
        l = e + 2;
    }
    buf_free(&out);
}

Test(notify, smtp_subject_is_encoded_without_splitting_characters)
{
    const char *subject = "Àèìòù: la tua segnalazione è stata presa in carico dall'ente gestore";
    smtp_mail m = {"a@b.test", "c@d.test", subject, "x\n", "id@coprog", 0};
    buf out;
    buf_init(&out, 1u << 16);
    cr_assert_eq(smtp_format(&m, &out), 0);
    const char *s = strstr(out.data, "Subject: ") + 9, *end = strstr(s, "\r\nDate:");
    char joined[512] = "";
    while (s < end) {
        cr_assert_eq(strncmp(s, "=?UTF-8?B?", 10), 0);
        const char *close = strstr(s + 10, "?=");
        cr_expect_leq(close + 2 - s, 75, "an encoded word is at most 75 characters");
        char b64[128];
        snprintf(b64, sizeof b64, "%.*s", (int)(close - s - 10), s + 10);
        size_t len = 0;
        const char *part = decode(b64, &len);
        cr_expect_neq((unsigned char)part[0] & 0xC0, 0x80, "no word starts mid-character");
        size_t have = strlen(joined);
        snprintf(joined + have, sizeof joined - have, "%s", part);
        s = close + 2;
        if (strncmp(s, "\r\n ", 3) == 0) s += 3;
    }
    cr_expect_str_eq(joined, subject);
    buf_free(&out);
}

Test(notify, smtp_refuses_addresses_that_could_inject)
{
    buf out;
    buf_init(&out, 1u << 16);
    smtp_mail m = {"a@b.test", "c@d.test\r\nBcc: x@y.test", "s", "b\n", "id@coprog", 0};
    cr_expect_eq(smtp_format(&m, &out), -1);
    m.to = "<c@d.test>";
    cr_expect_eq(smtp_format(&m, &out), -1);
    m.to = "c@d.test";
    m.message_id = "x>\r\nBcc: y";
    cr_expect_eq(smtp_format(&m, &out), -1);
    buf_free(&out);
}

Test(notify, smtp_send_to_nowhere_is_retried)
{
    smtp_mail m = {"a@b.test", "c@d.test", "s", "b\n", "id@coprog", 0};
    char err[128];
    /* Port 1 on the loopback: nothing listens there. */
    cr_expect_eq(smtp_send("127.0.0.1", "1", &m, 2, err, sizeof err), SMTP_RETRY);
    cr_expect(strstr(err, "cannot connect"));
    m.to = "bad\naddress";
    cr_expect_eq(smtp_send("127.0.0.1", "1", &m, 2, err, sizeof err), SMTP_BOUNCE);
}

Test(notify, backoff_doubles_up_to_32_minutes)
{
    cr_expect_eq(outbox_backoff_s(1), 60);
    cr_expect_eq(outbox_backoff_s(2), 120);
    cr_expect_eq(outbox_backoff_s(3), 240);
    cr_expect_eq(outbox_backoff_s(6), 1920);
    cr_expect_eq(outbox_backoff_s(20), 1920);
    cr_expect_eq(outbox_backoff_s(0), 60);
}

Test(notify, links_by_topic)
{
    char l[64];
    cr_expect_str_eq(notify_link("ticket", 12, l, sizeof l), "/tickets/12");
    cr_expect_str_eq(notify_link("event", 3, l, sizeof l), "/events/3");
    cr_expect_str_eq(notify_link("booking", 4, l, sizeof l), "/rooms/4");
    cr_expect_str_eq(notify_link("idea", 5, l, sizeof l), "/ideas/5");
    cr_expect_str_eq(notify_link("exchange", 6, l, sizeof l), "/timebank");
    for (int i = 0; notify_topics[i]; i++) cr_expect_gt(strlen(notify_topics[i]), 0);
}

#include "view/ical.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Appends one content line, folded: a CRLF and a space before octet 75 of each physical line,
 * never inside a UTF-8 sequence. */
static void line(buf *out, const char *s)
{
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t seq = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        if (col + seq > 75) {
            buf_puts(out, "\r\n ");
            col = 1;
        }
        buf_append(out, p, seq);
        col += seq;
        p += seq - 1;
    }
    buf_puts(out, "\r\n");
}

/* NAME:value with the value's text escaped (backslash, semicolon, comma, line breaks). */
static void text_line(buf *out, const char *name, const char *value)
{
    buf tmp;
    buf_init(&tmp, 1u << 20);
    buf_printf(&tmp, "%s:", name);
    for (const char *p = value ? value : ""; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ',') buf_putc(&tmp, '\\');
        if (*p == '\n') {
            buf_puts(&tmp, "\\n");
            continue;
        }
        if (*p == '\r') continue;
        buf_putc(&tmp, *p);
    }
    line(out, tmp.data ? tmp.data : "");
    buf_free(&tmp);
}

static void utc(char out[17], int64_t us)
{
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

int ical_write(buf *out, const char *calendar_name, json_t *events, const char *uid_host,
               int64_t now)
{
    char stamp[17], a[17], b[17], uid[128];
    utc(stamp, now);
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//coprog//coprog//IT");
    line(out, "CALSCALE:GREGORIAN");
    text_line(out, "X-WR-CALNAME", calendar_name);
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e)
    {
        utc(a, json_integer_value(json_object_get(e, "starts_at")));
        utc(b, json_integer_value(json_object_get(e, "ends_at")));
        snprintf(uid, sizeof uid, "UID:event-%lld@%s",
                 (long long)json_integer_value(json_object_get(e, "id")), uid_host);
        line(out, "BEGIN:VEVENT");
        line(out, uid);
        buf_printf(out, "DTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\n", stamp, a, b);
        text_line(out, "SUMMARY", json_string_value(json_object_get(e, "title")));
        text_line(out, "LOCATION", json_string_value(json_object_get(e, "place")));
        text_line(out, "DESCRIPTION", json_string_value(json_object_get(e, "description")));
        const char *st = json_string_value(json_object_get(e, "state"));
        line(out, st && strcmp(st, "cancelled") == 0 ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        line(out, "END:VEVENT");
    }
    line(out, "END:VCALENDAR");
    return out->overflow ? -1 : 0;
}

#include "base/jsonstr.h"

#include <stdint.h>
#include <stdio.h>

/* The code point at s (n bytes left) and its length; U+FFFD and 1 for a malformed sequence. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *len)
{
    *len = 1;
    unsigned char c = s[0];
    int more = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c <= 0xDF ? 1 : -1;
    if (c >= 0xF5 || more < 0 || (size_t)more >= n) return 0xFFFD;
    uint32_t cp = c & (0x3F >> more);
    for (int i = 1; i <= more; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const uint32_t MIN[] = {0, 0x80, 0x800, 0x10000};
    if (cp < MIN[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    *len = (size_t)more + 1;
    return cp;
}

int json_put_string(buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    buf_putc(b, '"');
    size_t plain = 0; /* bytes since the last escape, copied in one go */
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            plain++;
            continue;
        }
        buf_append(b, p + i - plain, plain);
        plain = 0;
        char esc[16];
        size_t len = 1;
        switch (c) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\b':
            buf_puts(b, "\\b");
            break;
        case '\f':
            buf_puts(b, "\\f");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        default: {
            uint32_t cp = c < 0x80 ? c : decode(p + i, n - i, &len);
            if (cp > 0xFFFF) {
                cp -= 0x10000;
                snprintf(esc, sizeof esc, "\\u%04X\\u%04X", 0xD800 | (cp >> 10),
                         0xDC00 | (cp & 0x3FF));
            } else {
                snprintf(esc, sizeof esc, "\\u%04X", cp);
            }
            buf_puts(b, esc);
        }
        }
        i += len;
    }
    buf_append(b, p + n - plain, plain);
    buf_putc(b, '"');
    return b->overflow ? -1 : 0;
}

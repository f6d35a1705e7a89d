#include "base/tar.h"

#include <string.h>

enum { BLOCK = 512 };

/* width-1 octal digits, then NUL, as ustar writes numbers; -1 when v does not fit. */
static int octal(char *field, size_t width, uint64_t v)
{
    field[width - 1] = '\0';
    for (size_t i = width - 1; i-- > 0; v >>= 3) field[i] = (char)('0' + (v & 7));
    return v ? -1 : 0;
}

int tar_add(buf *b, const char *name, const void *data, size_t len, int64_t mtime_s)
{
    size_t n = strlen(name);
    if (n == 0 || n > 100) return -1;
    unsigned char h[BLOCK];
    memset(h, 0, sizeof h);
    memcpy(h, name, n); /* NOLINT(bugprone-not-null-terminated-result): NUL-padded field */
    octal((char *)h + 100, 8, 0644);
    octal((char *)h + 108, 8, 0);
    octal((char *)h + 116, 8, 0);
    if (octal((char *)h + 124, 12, len) ||
        octal((char *)h + 136, 12, mtime_s > 0 ? (uint64_t)mtime_s : 0))
        return -1;           /* past 8 GiB */
    memset(h + 148, ' ', 8); /* the checksum counts its own field as spaces */
    h[156] = '0';
    memcpy(h + 257, "ustar", 6); /* magic "ustar\0", version "00" */
    memcpy(h + 263, "00", 2);    /* NOLINT(bugprone-not-null-terminated-result): no NUL here */
    unsigned sum = 0;
    for (size_t i = 0; i < BLOCK; i++) sum += h[i];
    octal((char *)h + 148, 7, sum); /* six digits, NUL, then the space left */
    static const unsigned char zeros[BLOCK];
    size_t pad = (BLOCK - len % BLOCK) % BLOCK;
    size_t before = b->len;
    if (buf_append(b, h, BLOCK) || (len && buf_append(b, data, len)) ||
        (pad && buf_append(b, zeros, pad))) {
        b->len = before; /* nothing half-written */
        if (b->data) b->data[before] = '\0';
        return -1;
    }
    return 0;
}

int tar_end(buf *b)
{
    static const unsigned char zeros[2 * BLOCK];
    return buf_append(b, zeros, sizeof zeros);
}

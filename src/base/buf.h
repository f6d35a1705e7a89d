/* buf: a growable byte buffer with a maximum size fixed at birth.
 * An append that would pass the maximum fails and leaves the buffer unchanged
 * (and sets `overflow`), so nothing ever grows without bound. Always NUL-terminated. */
#ifndef COPROG_BASE_BUF_H
#define COPROG_BASE_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
    bool overflow;
} buf;

void buf_init(buf *b, size_t max);
int buf_append(buf *b, const void *p, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' replaced by HTML entities. */
int buf_append_html(buf *b, const char *s, size_t n);
void buf_reset(buf *b);
/* Hands the bytes to the caller (malloc'd, NUL-terminated); the buffer is emptied. */
char *buf_detach(buf *b, size_t *len);
void buf_free(buf *b);

#endif

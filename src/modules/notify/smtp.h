/* A minimal SMTP client for the outbox: one message per connection, plain TCP to a relay
 * (TLS and authentication belong to the local relay, e.g. Postfix; see docs/operations.md).
 * The message is built by a pure function so its format is unit-tested. */
#ifndef COPROG_MODULES_NOTIFY_SMTP_H
#define COPROG_MODULES_NOTIFY_SMTP_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct smtp_mail {
    const char *from, *to, *subject, *body; /* UTF-8; body lines end in \n */
    const char *message_id;                 /* without angle brackets */
    int64_t date_us;
} smtp_mail;

/* Headers (non-ASCII subject as RFC 2047 encoded words) and a base64 body, CRLF line ends,
 * without the closing dot. -1 when an address holds a character that could break the
 * dialogue or the headers (CR, LF, <, >). */
int smtp_format(const smtp_mail *m, buf *out);

typedef enum {
    SMTP_SENT = 0,
    SMTP_RETRY = 1, /* connection failure or a 4xx reply: try again later */
    SMTP_BOUNCE = 2 /* a 5xx reply: the relay will never take it */
} smtp_result;

/* Sends one message through host:port within timeout_s per step; err gets the relay's reply
 * or the system error. */
smtp_result smtp_send(const char *host, const char *port, const smtp_mail *m, int timeout_s,
                      char *err, size_t errlen);

#endif

/* The outbox's sender: takes the e-mail that is due, renders it in the recipient's language
 * and hands it to the SMTP relay; a refusal for now (4xx, no connection) retries after
 * 1, 2, 4 … 32 minutes, a permanent one (5xx) or the 7th failure marks it failed. Several
 * instances may run it at once: a message is claimed by a conditional update first. */
#ifndef COPROG_MODULES_NOTIFY_OUTBOX_H
#define COPROG_MODULES_NOTIFY_OUTBOX_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"
#include "view/views.h"

typedef struct mail_config {
    const char *host, *port; /* the relay; host NULL: mail stays in the outbox */
    const char *from;        /* the sender address */
    const char *base_url;    /* prefixed to links, e.g. https://coprog.comune.milano.it */
} mail_config;

enum { OUTBOX_MAX_ATTEMPTS = 7, OUTBOX_BATCH = 50 };

/* Seconds to wait after the n-th failed attempt (n >= 1). Pure. */
int64_t outbox_backoff_s(int attempts);

/* Sends what is due at now; returns how many left, or -1. */
int outbox_deliver(db_conn *c, views *v, const mail_config *cfg, int64_t now);

/* Counts by state and the latest messages (recipient, state, attempts, last error), for the
 * administrators' page. */
json_t *outbox_overview(db_conn *c);

#endif

/* The demo's commons in Milan: the city's regulation on pacts, six public goods offered for
 * care (a confiscated flat among them), a pact under way and open to anyone with its support
 * ledger, one published for comments, one proposal past the office's answer day and one pact
 * revoked. Fictional, and looking it. Runs before the demo's own protocol letters, so the
 * register stays in order of date. */
#ifndef COPROG_CLI_DEMO_COMMONS_H
#define COPROG_CLI_DEMO_COMMONS_H

#include "db/db.h"

int demo_commons(db_conn *c, int64_t city, int64_t officer);
/* A notice for complex pacts on a listed mill, open, with two competing proposals: after the
 * protocol letters, the latest of which it follows by date. */
int demo_commons_notice(db_conn *c, int64_t city, int64_t officer);

#endif

/* The demo's protocol register this year: letters in and out with attachments, a decision, and
 * one entry cancelled with its reason, next to the entries the demo's submitted proposals and
 * claims made at their dates. Fictional, and looking it. */
#ifndef COPROG_CLI_DEMO_PROTOCOL_H
#define COPROG_CLI_DEMO_PROTOCOL_H

#include "db/db.h"

int demo_protocol(db_conn *c, int64_t city, int64_t officer);

#endif

/* The commits of a PostgreSQL database as one counter in this process, with no round trip to
 * read it. Internal to src/db.
 *
 * A thread of its own holds a connection that LISTENs on PGWATCH_CHANNEL; every commit that
 * wrote, by any instance, sends one notification there (db.c's note_write), and each moves the
 * counter. The counter moves too when the connection is lost and when it is back, so no commit
 * made meanwhile is missed. Notifications arrive a little after the commit: another instance's
 * commit is seen within their delivery, this process's own at once (pgwatch_bump).
 * pgwatch_sync closes that gap when a reader must see every commit acknowledged before it
 * asked: one round trip on the watching connection, which PostgreSQL answers only after
 * passing on every notification signalled before it, shared by all who ask meanwhile. */
#ifndef COPROG_DB_PGWATCH_H
#define COPROG_DB_PGWATCH_H

#include <stdbool.h>
#include <stdint.h>

#define PGWATCH_CHANNEL "coprog_data"
/* How the watching connection is named in pg_stat_activity. */
#define PGWATCH_APPLICATION "coprog watch"

typedef struct pgwatch pgwatch;

/* Starts watching the database at conninfo; NULL when the thread cannot start (the caller then
 * has no watch, and asks the database each time instead). */
pgwatch *pgwatch_start(const char *conninfo);
void pgwatch_stop(pgwatch *w);
/* The counter now; false while the watching connection is not listening. */
bool pgwatch_version(pgwatch *w, uint64_t *version);
/* Moves the counter: this process committed a change. */
void pgwatch_bump(pgwatch *w);
/* The counter after a round trip begun after this call; false when the connection is not
 * listening or did not answer within timeout_ms. */
bool pgwatch_sync(pgwatch *w, int timeout_ms, uint64_t *version);
/* Notifications received since the start (for the tests and the log). */
uint64_t pgwatch_received(pgwatch *w);

#endif

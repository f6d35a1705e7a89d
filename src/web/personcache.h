/* Pages kept for the person who asked, while the data they were made from holds.
 *
 * A GET of a route the table marks `cached` by someone carrying a session or an API token is
 * answered from here when the same token asked the same thing (path, query, language, format)
 * in the same minute and the database's data version (db_data_version_now) has not moved since:
 * equal versions read equal data, so the kept page is the one the handler would make again.
 * Any commit, by any instance, moves the version; a page whose reading writes (a reading log)
 * therefore never comes back from here. Only pages made for a signed-in person from a view with
 * no header of their own (no cookie, no download) are kept, until the session's end.
 *
 * Per worker thread, like its database connection (SQLite's version counts per connection):
 * no lock. A few slots, replaced in turn, holding at most PERSONCACHE_BUDGET bytes in all (the
 * oldest in turn go first); pages past PERSONCACHE_MAX_BODY are not kept. */
#ifndef COPROG_WEB_PERSONCACHE_H
#define COPROG_WEB_PERSONCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum {
    PERSONCACHE_SLOTS = 16,
    PERSONCACHE_MAX_BODY = 256 * 1024,
    PERSONCACHE_BUDGET = 1024 * 1024,
};

/* Appends the answer kept under key to out and sets *content_type; false on a miss, or when
 * now is past the end the answer was kept with. */
bool personcache_get(const char *key, int64_t now, buf *out, const char **content_type);
/* Keeps a copy of body under key until valid_until (the session's end: a session ends by the
 * clock, with no commit to move the data version); content_type must outlive the cache. */
void personcache_put(const char *key, int64_t valid_until, const char *body, size_t len,
                     const char *content_type);

#endif

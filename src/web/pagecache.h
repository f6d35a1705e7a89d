/* The page cache: anonymous answers of the public pages the route table marks `cached`, kept
 * whole for a short time (1 s by default, `--page-cache-ms`) so that a crowd reading a call
 * on its deadline day costs one rendering a second, not one a request.
 *
 * Only GET requests without a query string, session, bearer token or flash message take part,
 * and only answers rendered from a view (status 200, at most PAGECACHE_MAX_BODY bytes).
 * Every unsafe request this instance handles starts a new generation, so a change shows at
 * once here; another instance's change shows within the time to live. */
#ifndef COPROG_WEB_PAGECACHE_H
#define COPROG_WEB_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum { PAGECACHE_SLOTS = 256, PAGECACHE_MAX_BODY = 512 * 1024, PAGECACHE_KEY_MAX = 256 };

/* ttl_us 0 turns the cache off. */
void pagecache_init(int64_t ttl_us);
bool pagecache_enabled(void);
/* Appends a fresh copy of key's answer to out and sets *content_type; false on a miss. */
bool pagecache_get(const char *key, int64_t now, buf *out, const char **content_type);
/* The generation now: taken before a page is built and given to pagecache_put, so that a
 * change made while it was built leaves it stale at once. */
uint64_t pagecache_generation(void);
/* Keeps a copy of body under key; content_type must outlive the cache (a string literal). */
void pagecache_put(const char *key, uint64_t gen, int64_t now, const char *body, size_t len,
                   const char *content_type);
/* A change: every answer kept so far is stale. */
void pagecache_changed(void);
/* Answers given from the cache and answers kept since start (for /healthz and tests). */
void pagecache_counts(uint64_t *hits, uint64_t *stores);

#endif

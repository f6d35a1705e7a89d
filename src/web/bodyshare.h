/* The memory that request bodies may hold at once, shared so that no client can take it from
 * the others.
 *
 * - A small body (at most BODY_SMALL bytes: a login, a form without files) may use the whole
 *   budget; large bodies (uploads) together may use it less BODY_RESERVE_PART of it. However
 *   many uploads are under way, small forms always find room.
 * - One client address may hold at most a share of the large part (and always room for one
 *   body of the largest size): a few connections from one address cannot fill it.
 * - The server adds a minimum rate for announced bodies (web/server.c): a body trickling in
 *   slower than that is dropped, its memory given back.
 * Thread-safe; one budget per process. */
#ifndef COPROG_WEB_BODYSHARE_H
#define COPROG_WEB_BODYSHARE_H

#include <stdbool.h>
#include <stddef.h>

enum {
    BODY_SMALL = 64 * 1024,
    BODY_RESERVE_PART = 8, /* 1/8 of the budget is kept for small bodies */
    BODY_CLIENT_PART = 8,  /* one address: 1/8 of what large bodies may use */
};

/* Sets the budget (bytes) and the largest single body; call once before serving. */
void bodyshare_init(size_t total, size_t body_max);
/* Takes n more bytes for a body of ip, large or small; false when that would pass a limit. */
bool bodyshare_take(const char *ip, size_t n, bool large);
/* Gives back n bytes taken with the same ip and large. */
void bodyshare_give(const char *ip, size_t n, bool large);
/* Bytes held now by all, by large bodies, and by large bodies of ip (for tests and logs). */
void bodyshare_held(const char *ip, size_t *all, size_t *large, size_t *of_ip);

#endif

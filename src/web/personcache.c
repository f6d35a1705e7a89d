#include "web/personcache.h"

#include <stdlib.h>
#include <string.h>

#include "base/thread_exit.h"

typedef struct {
    char *key;
    char *body;
    size_t len;
    const char *content_type;
    int64_t valid_until;
} slot;

static _Thread_local slot slots[PERSONCACHE_SLOTS];
static _Thread_local unsigned turn;
static _Thread_local size_t used; /* bytes of the bodies kept */

static void empty(slot *s)
{
    used -= s->len;
    free(s->key);
    free(s->body);
    *s = (slot){0};
}

/* A thread's slots go with it (the server's workers end at shutdown). */
static void thread_gone(void)
{
    for (int i = 0; i < PERSONCACHE_SLOTS; i++) empty(&slots[i]);
}

bool personcache_get(const char *key, int64_t now, buf *out, const char **content_type)
{
    for (int i = 0; i < PERSONCACHE_SLOTS; i++) {
        slot *s = &slots[i];
        if (!s->key || strcmp(s->key, key) != 0) continue;
        if (now >= s->valid_until) return false;
        buf_append(out, s->body, s->len);
        if (out->overflow) return false;
        *content_type = s->content_type;
        return true;
    }
    return false;
}

void personcache_put(const char *key, int64_t valid_until, const char *body, size_t len,
                     const char *content_type)
{
    if (len > PERSONCACHE_MAX_BODY) return;
    char *k = strdup(key), *b = malloc(len ? len : 1);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    memcpy(b, body, len);
    /* The same key again (a page made twice at once cannot happen in one thread, but a miss
     * for a full buffer can) takes its own slot back; else the next slot in turn. */
    slot *s = NULL;
    for (int i = 0; i < PERSONCACHE_SLOTS && !s; i++)
        if (slots[i].key && strcmp(slots[i].key, key) == 0) s = &slots[i];
    if (!s) s = &slots[turn++ % PERSONCACHE_SLOTS];
    empty(s);
    /* Within the budget: the next slots in turn make room. */
    for (int i = 0; i < PERSONCACHE_SLOTS && used + len > PERSONCACHE_BUDGET; i++) {
        slot *old = &slots[(turn + (unsigned)i) % PERSONCACHE_SLOTS];
        if (old != s) empty(old);
    }
    *s = (slot){k, b, len, content_type, valid_until};
    used += len;
    thread_on_exit(thread_gone);
}

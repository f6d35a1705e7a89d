#include "web/pagecache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char key[PAGECACHE_KEY_MAX];
    char *body;
    size_t len;
    const char *content_type;
    int64_t stored_at;
    uint64_t generation;
} slot;

static slot slots[PAGECACHE_SLOTS];
/* One lock per slot: readers of different pages never wait for each other. */
static pthread_mutex_t locks[PAGECACHE_SLOTS];
static int64_t ttl;
static atomic_uint_fast64_t generation = 1;
static atomic_uint_fast64_t hits, stores;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init_locks(void)
{
    for (int i = 0; i < PAGECACHE_SLOTS; i++) pthread_mutex_init(&locks[i], NULL);
}

void pagecache_init(int64_t ttl_us)
{
    pthread_once(&once, init_locks);
    ttl = ttl_us > 0 ? ttl_us : 0;
}

bool pagecache_enabled(void)
{
    return ttl > 0;
}

/* FNV-1a: the key picks its slot; a different key in the slot is simply replaced. */
static size_t slot_of(const char *key)
{
    uint64_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)(h % PAGECACHE_SLOTS);
}

bool pagecache_get(const char *key, int64_t now, buf *out, const char **content_type)
{
    if (!ttl) return false;
    size_t i = slot_of(key);
    bool hit = false;
    pthread_mutex_lock(&locks[i]);
    slot *s = &slots[i];
    if (s->body && strcmp(s->key, key) == 0 && s->generation == atomic_load(&generation) &&
        now - s->stored_at < ttl && now >= s->stored_at) {
        buf_append(out, s->body, s->len);
        *content_type = s->content_type;
        hit = !out->overflow;
    }
    pthread_mutex_unlock(&locks[i]);
    if (hit) atomic_fetch_add(&hits, 1);
    return hit;
}

uint64_t pagecache_generation(void)
{
    return atomic_load(&generation);
}

void pagecache_put(const char *key, uint64_t gen, int64_t now, const char *body, size_t len,
                   const char *content_type)
{
    size_t klen = strlen(key);
    if (!ttl || len > PAGECACHE_MAX_BODY || klen >= PAGECACHE_KEY_MAX) return;
    char *copy = malloc(len ? len : 1);
    if (!copy) return;
    memcpy(copy, body, len);
    size_t i = slot_of(key);
    pthread_mutex_lock(&locks[i]);
    slot *s = &slots[i];
    char *old = s->body;
    memcpy(s->key, key, klen + 1);
    s->body = copy;
    s->len = len;
    s->content_type = content_type;
    s->stored_at = now;
    s->generation = gen;
    pthread_mutex_unlock(&locks[i]);
    free(old);
    atomic_fetch_add(&stores, 1);
}

void pagecache_changed(void)
{
    atomic_fetch_add(&generation, 1);
}

void pagecache_counts(uint64_t *h, uint64_t *s)
{
    *h = atomic_load(&hits);
    *s = atomic_load(&stores);
}

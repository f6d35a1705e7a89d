#include "web/bodyshare.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-address holdings of large bodies: a chained hash table, an entry living while its
 * address holds something. Addresses with nothing held cost nothing. */
typedef struct holder {
    struct holder *next;
    size_t held;
    char ip[64];
} holder;

enum { BUCKETS = 4096 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static holder *table[BUCKETS];
static size_t total_max, large_max, client_max, all_held, large_held;

void bodyshare_init(size_t total, size_t body_max)
{
    pthread_mutex_lock(&lock);
    total_max = total;
    large_max = total - total / BODY_RESERVE_PART;
    client_max = large_max / BODY_CLIENT_PART;
    if (client_max < body_max) client_max = body_max;
    pthread_mutex_unlock(&lock);
}

static size_t bucket(const char *ip)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)ip; *p; p++) h = (h ^ *p) * 16777619u;
    return h % BUCKETS;
}

/* The entry of ip (created when create), or NULL. Called with the lock held. */
static holder *find(const char *ip, bool create, holder ***link_out)
{
    holder **link = &table[bucket(ip)];
    for (; *link; link = &(*link)->next)
        if (strcmp((*link)->ip, ip) == 0) break;
    if (!*link && create) {
        holder *h = calloc(1, sizeof *h);
        if (!h) return NULL;
        snprintf(h->ip, sizeof h->ip, "%s", ip);
        *link = h;
    }
    if (link_out) *link_out = link;
    return *link;
}

bool bodyshare_take(const char *ip, size_t n, bool large)
{
    if (!ip) ip = "";
    bool ok = false;
    pthread_mutex_lock(&lock);
    if (all_held + n <= total_max) {
        if (!large) {
            ok = true;
        } else if (large_held + n <= large_max) {
            holder *h = find(ip, true, NULL);
            if (h && h->held + n <= client_max) {
                h->held += n;
                large_held += n;
                ok = true;
            } else if (h && h->held == 0) {
                holder **link;
                find(ip, false, &link);
                *link = h->next;
                free(h);
            }
        }
        if (ok) all_held += n;
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

void bodyshare_give(const char *ip, size_t n, bool large)
{
    if (!ip) ip = "";
    pthread_mutex_lock(&lock);
    all_held -= n;
    if (large) {
        large_held -= n;
        holder **link;
        holder *h = find(ip, false, &link);
        if (h) {
            h->held -= n;
            if (h->held == 0) {
                *link = h->next;
                free(h);
            }
        }
    }
    pthread_mutex_unlock(&lock);
}

void bodyshare_held(const char *ip, size_t *all, size_t *large, size_t *of_ip)
{
    pthread_mutex_lock(&lock);
    *all = all_held;
    *large = large_held;
    holder *h = ip ? find(ip, false, NULL) : NULL;
    *of_ip = h ? h->held : 0;
    pthread_mutex_unlock(&lock);
}

#include "web/cityname.h"

#include <pthread.h>
#include <string.h>

#include "base/clock.h"

enum { CITYNAME_SLOTS = 64, CITYNAME_MAX = 128 };
static const int64_t CITYNAME_TTL_US = INT64_C(60000000);

typedef struct {
    int64_t city_id;
    int64_t fetched_at; /* 0: empty */
    char name[CITYNAME_MAX];
} entry;

static entry entries[CITYNAME_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

const char *cityname_get(req *r, int64_t city_id)
{
    int64_t now = clock_now_us();
    entry *e = &entries[(uint64_t)city_id % CITYNAME_SLOTS];
    const char *found = NULL;
    pthread_mutex_lock(&lock);
    if (e->fetched_at && e->city_id == city_id && now - e->fetched_at < CITYNAME_TTL_US &&
        now >= e->fetched_at)
        found = arena_strdup(&r->mem, e->name);
    pthread_mutex_unlock(&lock);
    if (found || !r->db) return found;
    db_rows *rows =
        db_query(r->db, "SELECT name FROM cities WHERE id = ? OR ? = 0 ORDER BY id LIMIT 1",
                 DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
    if (rows && db_next(rows)) {
        const char *name = db_text(rows, 0);
        found = arena_strdup(&r->mem, name);
        if (strlen(name) < CITYNAME_MAX) {
            pthread_mutex_lock(&lock);
            e->city_id = city_id;
            e->fetched_at = now;
            memcpy(e->name, name, strlen(name) + 1);
            pthread_mutex_unlock(&lock);
        }
    }
    db_rows_close(rows);
    return found;
}

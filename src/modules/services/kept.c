/* What a page makes from the network's state, kept by each thread while that state holds: every
 * change of places, holds, turn-aways, alerts and the directory moves the board's stamp, and the
 * caller's key carries it with the minute (holds run out and teams go on duty as time passes).
 * Per thread, so no lock; a few slots, replaced in turn. */
#include <stdlib.h>
#include <string.h>

#include "modules/services/services.h"

enum { KEPT_SLOTS = 8 };

typedef struct kept_slot {
    char *key;
    json_t *json;
    char *text;
} kept_slot;

static _Thread_local kept_slot slots[KEPT_SLOTS];
static _Thread_local unsigned turn;

static kept_slot *find(const char *key)
{
    for (int i = 0; i < KEPT_SLOTS; i++)
        if (slots[i].key && strcmp(slots[i].key, key) == 0) return &slots[i];
    return NULL;
}

static kept_slot *take(const char *key)
{
    kept_slot *s = find(key);
    if (!s) s = &slots[turn++ % KEPT_SLOTS];
    free(s->key);
    json_decref(s->json);
    free(s->text);
    *s = (kept_slot){.key = strdup(key)};
    return s->key ? s : NULL;
}

json_t *kept_json(const char *key)
{
    kept_slot *s = find(key);
    return s && s->json ? json_deep_copy(s->json) : NULL;
}

void kept_json_put(const char *key, const json_t *v)
{
    kept_slot *s = take(key);
    if (s) s->json = json_deep_copy(v);
}

const char *kept_text(const char *key)
{
    kept_slot *s = find(key);
    return s ? s->text : NULL;
}

void kept_text_put(const char *key, const char *text)
{
    kept_slot *s = take(key);
    if (s) s->text = strdup(text);
}

/* The stamps this thread read last, and when. */
enum { KEPT_STAMPS = 4 };
static _Thread_local struct {
    int64_t city, stamp, read_at;
    bool used;
} stamps[KEPT_STAMPS];

int64_t kept_stamp(db_conn *c, int64_t city_id, int64_t now)
{
    int free_slot = -1;
    for (int i = 0; i < KEPT_STAMPS; i++) {
        if (stamps[i].used && stamps[i].city == city_id) {
            if (now - stamps[i].read_at < KEPT_STAMP_US && now >= stamps[i].read_at)
                return stamps[i].stamp;
            free_slot = i;
            break;
        }
        if (!stamps[i].used && free_slot < 0) free_slot = i;
    }
    int64_t stamp = board_stamp(c, city_id);
    if (stamp < 0) return stamp;
    int i = free_slot >= 0 ? free_slot : (int)(turn++ % KEPT_STAMPS);
    stamps[i].city = city_id;
    stamps[i].stamp = stamp;
    stamps[i].read_at = now;
    stamps[i].used = true;
    return stamp;
}

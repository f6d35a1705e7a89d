/* Arena: a bump allocator whose memory is released all at once.
 * Every request owns one; nothing allocated from it is freed singly.
 * An arena has a byte limit set at birth: an allocation past it returns NULL. */
#ifndef COPROG_BASE_ARENA_H
#define COPROG_BASE_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;
    size_t used;  /* bytes handed out, for the limit */
    size_t limit; /* 0 = no limit */
} arena;

void arena_init(arena *a, size_t limit);
/* Returns zeroed memory aligned for any type, or NULL past the limit or on OOM. */
void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena; NULL on failure. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

#endif

/* A request body too large to keep in memory (an upload) goes to an unlinked file as it arrives
 * and is read back through a read-only mapping while its request runs. Memory then holds the
 * bodies being handled (at most one per worker thread), not every body still arriving: the
 * deadline rush's 200 clients sending 2 MB each no longer hold 400 MB between them.
 * The file has no name, so nothing is left behind by a crash, and it is gone on close. */
#ifndef COPROG_WEB_SPOOL_H
#define COPROG_WEB_SPOOL_H

#include <stddef.h>

typedef struct spool {
    int fd; /* -1 when closed */
    size_t len;
    char *map;
} spool;

/* The directory for spool files (default: $TMPDIR or /var/tmp); call once before serving. */
void spool_dir_set(const char *dir);
const char *spool_dir(void);
/* Opens an empty spool: 0, or -1 with errno set. */
int spool_open(spool *s);
/* Appends n bytes: 0, or -1 (disk full, I/O error) with errno set. */
int spool_write(spool *s, const void *p, size_t n);
/* The bytes written, mapped read-only and NUL-terminated like an in-memory body; NULL on error. */
const char *spool_map(spool *s);
/* Unmaps and closes (the file goes with it); harmless on a closed spool. */
void spool_close(spool *s);

#endif

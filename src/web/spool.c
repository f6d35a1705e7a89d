#include "web/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *dir_in_use;

void spool_dir_set(const char *dir)
{
    dir_in_use = dir;
}

const char *spool_dir(void)
{
    if (dir_in_use) return dir_in_use;
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/var/tmp";
}

int spool_open(spool *s)
{
    *s = (spool){.fd = -1};
    const char *dir = spool_dir();
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        /* A file system without O_TMPFILE: a named file, unlinked at once. */
        char path[4096];
        if (snprintf(path, sizeof path, "%s/coprog-body-XXXXXX", dir) >= (int)sizeof path) {
            errno = ENAMETOOLONG;
            return -1;
        }
        fd = mkostemp(path, O_CLOEXEC);
        if (fd >= 0) unlink(path);
    }
    if (fd < 0) return -1;
    s->fd = fd;
    return 0;
}

int spool_write(spool *s, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(s->fd, c, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        c += w;
        n -= (size_t)w;
        s->len += (size_t)w;
    }
    return 0;
}

const char *spool_map(spool *s)
{
    if (s->map) return s->map;
    /* One byte more than written, a zero from ftruncate: parsers may rely on the NUL. */
    if (ftruncate(s->fd, (off_t)s->len + 1)) return NULL;
    void *m = mmap(NULL, s->len + 1, PROT_READ, MAP_SHARED, s->fd, 0);
    if (m == MAP_FAILED) return NULL;
    s->map = m;
    return s->map;
}

void spool_close(spool *s)
{
    if (s->map) munmap(s->map, s->len + 1);
    if (s->fd >= 0) close(s->fd);
    *s = (spool){.fd = -1};
}

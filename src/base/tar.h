/* POSIX ustar archives written into a buf: what `tar -xf` reads anywhere, for packages that
 * must be verifiable offline with standard tools. Names up to 100 bytes (a longer one is
 * refused, never cut); regular files only, mode 0644, owner 0, the given modification time. */
#ifndef COPROG_BASE_TAR_H
#define COPROG_BASE_TAR_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Appends one file. 0, or -1 when the name is too long or the buffer is full. */
int tar_add(buf *b, const char *name, const void *data, size_t len, int64_t mtime_s);
/* Ends the archive (two zero blocks). 0 or -1. */
int tar_end(buf *b);

#endif

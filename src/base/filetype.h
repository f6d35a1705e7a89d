/* What a file is, by its first bytes, never by its name or the type a client claims: the one
 * check for every upload (proposals' attachments, claims' documents, co-design documents,
 * space photos, ticket photos). */
#ifndef COPROG_BASE_FILETYPE_H
#define COPROG_BASE_FILETYPE_H

#include <stddef.h>

/* The largest file a person uploads in one field. */
enum { FILE_MAX_BYTES = 10 << 20 };

/* "application/pdf", "image/jpeg" or "image/png" when the bytes are one of those, else NULL. */
const char *filetype_of(const void *data, size_t len);

#endif

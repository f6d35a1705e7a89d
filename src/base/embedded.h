/* Files compiled into the binary (migrations, templates, catalogs): see scripts/embed.sh. */
#ifndef COPROG_BASE_EMBEDDED_H
#define COPROG_BASE_EMBEDDED_H

#include <stddef.h>

typedef struct embedded_file {
    const char *path; /* as in the source tree, e.g. "templates/layout.mustache" */
    size_t len;
    const char *data;
} embedded_file;

extern const embedded_file embedded_files[];
extern const size_t embedded_count;

/* The embedded file at path, or NULL. */
const embedded_file *embedded_get(const char *path);

#endif

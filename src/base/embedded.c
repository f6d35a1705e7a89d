#include "base/embedded.h"

#include <string.h>

const embedded_file *embedded_get(const char *path)
{
    for (size_t i = 0; i < embedded_count; i++)
        if (strcmp(embedded_files[i].path, path) == 0) return &embedded_files[i];
    return NULL;
}

#include "base/filetype.h"

#include <string.h>

const char *filetype_of(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (len >= 5 && memcmp(p, "%PDF-", 5) == 0) return "application/pdf";
    if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff) return "image/jpeg";
    if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    return NULL;
}

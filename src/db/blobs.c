#include "db/blobs.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/hex.h"

db_rc blob_put(db_conn *c, const void *data, size_t len, const char *mime, char sha[65])
{
    sha256_hex(data, len, sha);
    return db_exec(
        c,
        "INSERT INTO blobs (sha256, size, mime, content, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (sha256) DO NOTHING",
        DB_ARGS(DB_TEXT(sha), DB_INT((int64_t)len), DB_TEXT(mime), DB_BLOB(data, len),
                DB_INT(clock_now_us())),
        NULL);
}

void *blob_copy(db_rows *r, int col, size_t *len)
{
    const void *p = db_blob(r, col, len);
    void *copy = malloc(*len ? *len : 1);
    if (copy && *len) memcpy(copy, p, *len);
    return copy;
}

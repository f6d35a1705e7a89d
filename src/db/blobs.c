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

void *blob_named(db_conn *c, const char *sql, const db_param *p, int np, size_t *len, json_t **meta)
{
    *meta = NULL;
    db_rows *r = db_query(c, sql, p, np);
    void *data = NULL;
    if (r && db_next(r)) {
        data = blob_copy(r, 2, len);
        *meta = data ? json_pack("{s:s,s:s}", "name", db_text(r, 0), "mime", db_text(r, 1)) : NULL;
        if (data && !*meta) {
            free(data);
            data = NULL;
        }
    }
    db_rows_close(r);
    return data;
}

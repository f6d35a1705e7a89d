#include "cli/igrue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "modules/monitoring/igrue.h"

int igrue_export(db *d, const char *city, const char *date, const char *dir)
{
    db_conn *c = db_conn_get(d);
    if (mkdir(dir, 0750) && errno != EEXIST) {
        fprintf(stderr, "coprog: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    int64_t city_id = 0; /* every city */
    if (city) {
        json_t *ci = db_query_object(c, "SELECT id FROM cities WHERE istat_code = ?",
                                     DB_ARGS(DB_TEXT(city)));
        city_id = json_integer_value(json_object_get(ci, "id"));
        json_decref(ci);
        if (!city_id) {
            fprintf(stderr, "coprog: no city with ISTAT code %s here (coprog city add)\n", city);
            return -1;
        }
    }
    json_t *ops =
        db_query_json(c, "SELECT id FROM operations WHERE city_id = ? OR ? = 0 ORDER BY id",
                      DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
    size_t n = json_array_size(ops);
    int64_t *ids = calloc(n + 1, sizeof *ids);
    if (!ops || !ids) {
        json_decref(ops);
        free(ids);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        ids[i] = json_integer_value(json_object_get(json_array_get(ops, i), "id"));
    json_decref(ops);
    int rc = 0;
    for (int s = 0; s < IGRUE_NSTRUCTURES && rc == 0; s++) {
        buf b;
        buf_init(&b, 256u << 20);
        long records = igrue_write(c, s, city_id, ids, (int)n, date, &b);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.txt", dir, IGRUE_STRUCTURES[s]);
        FILE *f = records >= 0 ? fopen(path, "wb") : NULL;
        if (!f || (b.len && fwrite(b.data, 1, b.len, f) != b.len) || fclose(f)) {
            fprintf(stderr, "coprog: %s: %s\n", path,
                    records < 0 ? "export failed" : strerror(errno));
            rc = -1;
        } else {
            printf("%s %ld records\n", path, records);
        }
        buf_free(&b);
    }
    free(ids);
    return rc;
}

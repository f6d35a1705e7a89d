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
    json_t *ops = db_query_json(c,
                                "SELECT o.id FROM operations o JOIN cities ci ON ci.id = o.city_id "
                                "WHERE ci.istat_code = ? OR ? = 1 ORDER BY o.id",
                                DB_ARGS(DB_TEXT(city ? city : ""), DB_INT(city == NULL)));
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
        long records = igrue_write(c, s, ids, (int)n, date, &b);
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

#include "cli/housing_import.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "modules/housing/housing.h"
#include "view/views.h"

/* Reads a whole file (at most 256 MiB) with a NUL after it. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 && st.st_size < (256 << 20) &&
        (data = malloc((size_t)st.st_size + 1)) != NULL) {
        *len = fread(data, 1, (size_t)st.st_size, f);
        data[*len] = '\0';
    }
    fclose(f);
    return data;
}

static void show(void *ctx, long done, long total)
{
    bool tty = *(bool *)ctx;
    fprintf(stderr, "%sresidents written: %ld of %ld (%ld%%)%s", tty ? "\r" : "", done, total,
            total ? done * 100 / total : 100, tty && done < total ? "" : "\n");
}

static int write_codes(int fd, json_t *codes)
{
    buf b;
    buf_init(&b, (size_t)1 << 30);
    int rc = housing_codes_csv(&b, codes);
    for (size_t off = 0; rc == 0 && off < b.len;) {
        ssize_t n = write(fd, b.data + off, b.len - off);
        if (n <= 0)
            rc = -1;
        else
            off += (size_t)n;
    }
    buf_free(&b);
    return close(fd) == 0 ? rc : -1;
}

int housing_import_cli(db *d, const char *city, const char *file, const char *codes_out)
{
    if (!city || !file || !codes_out) {
        fprintf(stderr, "coprog: housing import wants --city ISTAT --file F.csv --out CODES.csv\n");
        return 2;
    }
    db_conn *c = db_conn_get(d);
    int64_t city_id = 0;
    db_query_int(c, "SELECT id FROM cities WHERE istat_code = ?", DB_ARGS(DB_TEXT(city)), &city_id);
    if (!city_id) {
        fprintf(stderr, "coprog: no city with ISTAT code %s\n", city);
        return 1;
    }
    size_t len = 0;
    char *data = slurp(file, &len);
    if (!data) {
        fprintf(stderr, "coprog: cannot read %s (missing, or over 256 MiB)\n", file);
        return 1;
    }
    /* The codes file first: if it cannot be made, nothing is imported. */
    int fd = open(codes_out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "coprog: cannot create %s (it must not exist yet)\n", codes_out);
        free(data);
        return 1;
    }
    bool tty = isatty(STDERR_FILENO);
    json_t *report = NULL;
    int64_t started = clock_now_us();
    housing_rc rc = db_begin(c) == DB_OK ? housing_import_progress(c, city_id, data, len, started,
                                                                   &report, show, &tty)
                                         : HOUSING_ERROR;
    free(data);
    /* The codes reach the disk before the commit: a code never exists only in the database. */
    if (rc == HOUSING_OK && write_codes(fd, json_object_get(report, "codes")) == 0 &&
        db_commit(c) == DB_OK) {
        fprintf(stderr,
                "imported %lld rows in %.2f s: %lld buildings and %lld units new, %lld residents "
                "invited, %lld moved; codes in %s\n",
                (long long)json_integer_value(json_object_get(report, "rows")),
                (double)(clock_now_us() - started) / 1e6,
                (long long)json_integer_value(json_object_get(report, "buildings_new")),
                (long long)json_integer_value(json_object_get(report, "units_new")),
                (long long)json_integer_value(json_object_get(report, "residents_new")),
                (long long)json_integer_value(json_object_get(report, "residents_moved")),
                codes_out);
        json_decref(report);
        return 0;
    }
    if (rc == HOUSING_OK) close(fd);
    db_rollback(c);
    unlink(codes_out);
    /* Each rejected row with its reason, in Italian as on the web page. */
    views *v = NULL;
    char err[128];
    if (views_load(&v, err, sizeof err)) v = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(report, "rejected"), i, x)
    {
        const char *key = json_string_value(json_object_get(x, "message"));
        const char *text = v ? views_t(v, "it", key) : NULL;
        fprintf(stderr, "line %lld, %s: %s\n",
                (long long)json_integer_value(json_object_get(x, "line")),
                json_string_value(json_object_get(x, "field")), text ? text : key);
    }
    views_free(v);
    fprintf(stderr, "coprog: %s; nothing imported\n",
            rc == HOUSING_REJECTED ? "the file has rejected rows" : "the import failed");
    json_decref(report);
    return 1;
}

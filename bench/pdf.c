/* PDF benchmark: renders the agreement PDF of a demo agreement N times (default 100) and
 * prints the mean time per PDF, its size and the process's peak RSS. Prints one JSON line.
 * Usage: pdf-bench DB_URL AGREEMENT_ID [N] */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "db/db.h"
#include "modules/agreements/agreements.h"
#include "view/pdf.h"

int main(int argc, char **argv)
{
    if (argc < 3 || sodium_init() < 0) return 2;
    time_init();
    log_set_level(LOG_WARN);
    int n = argc > 3 ? atoi(argv[3]) : 100;
    db *d;
    char err[256];
    if (db_open(argv[1], &d, err, sizeof err)) return 1;
    json_t *a = agreement_get(db_conn_get(d), atoll(argv[2]));
    if (!a) return 1;
    struct rusage before;
    getrusage(RUSAGE_SELF, &before);
    size_t bytes = 0;
    int64_t t0 = clock_mono_us();
    for (int i = 0; i < n; i++) {
        json_t *doc = agreement_pdf_doc(a);
        buf out;
        buf_init(&out, 32u << 20);
        if (pdf_render(doc, &out)) return 1;
        bytes = out.len;
        buf_free(&out);
        json_decref(doc);
    }
    int64_t t1 = clock_mono_us();
    struct rusage after;
    getrusage(RUSAGE_SELF, &after);
    printf("{\"pdfs\":%d,\"ms_per_pdf\":%.2f,\"pdf_bytes\":%zu,\"peak_rss_kb\":%ld,"
           "\"rss_before_kb\":%ld}\n",
           n, (double)(t1 - t0) / 1000 / n, bytes, after.ru_maxrss, before.ru_maxrss);
    json_decref(a);
    db_close(d);
    return 0;
}

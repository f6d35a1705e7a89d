/* Ranking benchmark: a call with N proposals x K criteria x E evaluators (default
 * 1000 x 10 x 5 = 50,000 scores), timed from the scores to the stored ranking and to the
 * rendered ranking page. Prints one line of JSON. Usage: ranking-bench DB_URL [N K E] */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "db/db.h"
#include "modules/evaluation/evaluation.h"
#include "view/views.h"

static int64_t ins(db_conn *c, const char *sql, const db_param *p, int np)
{
    int64_t id = 0;
    if (db_query_int(c, sql, p, np, &id) != DB_OK) {
        fprintf(stderr, "bench: %s\n", db_errmsg(c));
        exit(1);
    }
    return id;
}

int main(int argc, char **argv)
{
    if (argc < 2 || sodium_init() < 0) return 2;
    time_init();
    log_set_level(LOG_WARN);
    int n = argc > 2 ? atoi(argv[2]) : 1000, k = argc > 3 ? atoi(argv[3]) : 10,
        e = argc > 4 ? atoi(argv[4]) : 5;
    db *d;
    char err[256];
    if (db_open(argv[1], &d, err, sizeof err) || db_migrate(d)) return 1;
    db_conn *c = db_conn_get(d);
    int64_t now = clock_now_us();
    db_begin(c);
    int64_t city = ins(c,
                       "INSERT INTO cities (name, istat_code, slug, created_at) VALUES "
                       "('Città di prova', '999001', 'bench', ?) RETURNING id",
                       DB_ARGS(DB_INT(now)));
    int64_t user =
        ins(c,
            "INSERT INTO users (email, name, password_hash, created_at, "
            "password_changed_at) VALUES ('bench@b.invalid', 'B', 'x', 0, 0) RETURNING id",
            DB_NOARGS);
    int64_t evals[64];
    for (int i = 0; i < e && i < 64; i++) {
        char email[64];
        snprintf(email, sizeof email, "ev%d@b.invalid", i);
        evals[i] = ins(c,
                       "INSERT INTO users (email, name, password_hash, created_at, "
                       "password_changed_at) VALUES (?, 'E', 'x', 0, 0) RETURNING id",
                       DB_ARGS(DB_TEXT(email)));
    }
    int64_t action = ins(c, "SELECT id FROM actions WHERE code = '3.3.1'", DB_NOARGS);
    int64_t op = ins(c,
                     "INSERT INTO operations (city_id, action_id, local_code, cup, title, fund, "
                     "budget_cents, status, created_at, updated_at) VALUES (?, ?, 'BX', "
                     "'B41H20000000001', 'T', 'ESF', 1, 'running', 0, 0) RETURNING id",
                     DB_ARGS(DB_INT(city), DB_INT(action)));
    int64_t call = ins(c,
                       "INSERT INTO calls (city_id, operation_id, title, object, "
                       "total_budget_cents, min_cofinancing_bp, duration_months, "
                       "threshold_points, publication_at, deadline_at, state, created_by, "
                       "created_at, updated_at) VALUES (?, ?, 'Bench', 'B', 1000000000, 1000, 24, "
                       "60, 0, 1, 'evaluation', ?, 0, 0) RETURNING id",
                       DB_ARGS(DB_INT(city), DB_INT(op), DB_INT(user)));
    int64_t areas[10], crit[64];
    for (int a = 0; a < 10; a++)
        areas[a] = ins(c,
                       "INSERT INTO call_areas (call_id, position, name, budget_cents) "
                       "VALUES (?, ?, 'Ambito', 100000000) RETURNING id",
                       DB_ARGS(DB_INT(call), DB_INT(a + 1)));
    for (int i = 0; i < k && i < 64; i++)
        crit[i] = ins(c,
                      "INSERT INTO call_criteria (call_id, position, name, max_points) "
                      "VALUES (?, ?, 'Criterio', 10) RETURNING id",
                      DB_ARGS(DB_INT(call), DB_INT(i + 1)));
    srand(42);
    for (int p = 0; p < n; p++) {
        char cf[16];
        snprintf(cf, sizeof cf, "B%010d", p);
        int64_t org = ins(c,
                          "INSERT INTO organisations (kind, name, tax_code, created_at) "
                          "VALUES ('ets', 'Ente', ?, 0) RETURNING id",
                          DB_ARGS(DB_TEXT(cf)));
        int64_t area = areas[p % 10];
        int64_t pid = ins(c,
                          "INSERT INTO proposals (call_id, area_id, organisation_id, created_by, "
                          "status, requested_cents, cofinancing_cents, admissibility, created_at, "
                          "updated_at) VALUES (?, ?, ?, ?, 'submitted', ?, ?, 'admitted', 0, 0) "
                          "RETURNING id",
                          DB_ARGS(DB_INT(call), DB_INT(area), DB_INT(org), DB_INT(user),
                                  DB_INT(1000000 + rand() % 9000000), DB_INT(500000)));
        ins(c,
            "INSERT INTO submissions (proposal_id, call_id, area_id, version, protocol, "
            "submitted_at, submitted_by, content, content_sha256, receipt) "
            "VALUES (?, ?, ?, 1, ?, ?, ?, '{}', 'x', '{}') RETURNING id",
            DB_ARGS(DB_INT(pid), DB_INT(call), DB_INT(area), DB_INT(p + 1), DB_INT(p),
                    DB_INT(user)));
        for (int i = 0; i < k; i++)
            for (int v = 0; v < e; v++)
                if (db_exec(c,
                            "INSERT INTO scores (proposal_id, criterion_id, user_id, points, "
                            "note, scored_at) VALUES (?, ?, ?, ?, '', 0)",
                            DB_ARGS(DB_INT(pid), DB_INT(crit[i]), DB_INT(evals[v]),
                                    DB_INT(rand() % 11)),
                            NULL) != DB_OK)
                    return 1;
    }
    if (db_commit(c) != DB_OK) return 1;

    int64_t t0 = clock_mono_us();
    int missing = 0;
    db_begin(c);
    ev_rc rc = eval_publish_ranking(c, city, call, user, clock_now_us(), &missing);
    if (rc != EV_OK || db_commit(c) != DB_OK) {
        fprintf(stderr, "bench: ranking failed (%d, missing %d): %s\n", rc, missing, db_errmsg(c));
        return 1;
    }
    int64_t t1 = clock_mono_us();
    views *vw;
    if (views_load(&vw, err, sizeof err)) return 1;
    json_t *page = json_pack("{s:o,s:o,s:O,s:{}}", "call",
                             json_pack("{s:I,s:s,s:I}", "id", (json_int_t)call, "title", "Bench",
                                       "threshold_points", (json_int_t)60),
                             "ranking", eval_ranking(c, call), "t", views_catalog(vw, "it"), "app");
    buf out;
    buf_init(&out, 64u << 20);
    if (views_render(vw, "evaluation/ranking", page, &out)) return 1;
    int64_t t2 = clock_mono_us();
    printf("{\"engine\":\"%s\",\"proposals\":%d,\"criteria\":%d,\"evaluators\":%d,\"scores\":%d,"
           "\"compute_store_ms\":%.1f,\"render_ms\":%.1f,\"total_ms\":%.1f,\"page_bytes\":%zu}\n",
           db_engine_of(d) == DB_SQLITE ? "sqlite" : "postgres", n, k, e, n * k * e,
           (double)(t1 - t0) / 1000, (double)(t2 - t1) / 1000, (double)(t2 - t0) / 1000, out.len);
    buf_free(&out);
    json_decref(page);
    views_free(vw);
    db_close(d);
    return 0;
}

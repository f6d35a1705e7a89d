#include "app/ticker.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "modules/calls/calls.h"
#include "modules/commons/commons.h"
#include "modules/notify/outbox.h"
#include "modules/pathways/pathways.h"
#include "modules/protocol/protocol.h"
#include "modules/services/services.h"

static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, running;
static int64_t retention_at; /* when this instance last applied the retention periods */

static void tick(app *a)
{
    db_conn *c = db_conn_get(a->db);
    if (!c) return;
    if (a->test_clock) { /* the tests' clock, as every request reads it (see dispatch) */
        int64_t off = 0;
        if (db_query_int(c, "SELECT offset_us FROM test_clock WHERE id = 1", DB_NOARGS, &off) ==
            DB_OK)
            clock_set_offset(off);
    }
    if (db_begin(c) != DB_OK) return;
    int n = calls_close_due(c, clock_now_us());
    /* A place held for someone who did not come is free again, with no one acting. */
    int freed = n < 0 ? 0 : places_expire(c, clock_now_us());
    if (freed < 0) n = -1;
    /* The services of a winter plan close by themselves after its last night. */
    int closed = n < 0 ? 0 : winter_plans_close(c, clock_now_us());
    if (closed < 0) n = -1;
    /* A collaboration pact ends after its last day and gives its good back. */
    int ended = n < 0 ? 0 : pacts_close_expired(c, clock_now_us());
    if (ended < 0) n = -1;
    /* So does a free loan, a partnership or a concession after its term. */
    int routes = n < 0 ? 0 : asset_routes_close_expired(c, clock_now_us());
    if (routes < 0) n = -1;
    if (n < 0 || db_commit(c) != DB_OK) {
        db_rollback(c);
        log_error(
            "ticker: closing due calls, freeing held places, closing winter services or ending "
            "pacts and routes failed: %s",
            db_errmsg(c));
        return;
    }
    if (n > 0) log_info("ticker: %d call(s) closed at their deadline", n);
    if (freed > 0) log_info("ticker: %d place hold(s) ran out and were freed", freed);
    if (closed > 0)
        log_info("ticker: %d winter-plan service(s) closed after the plan's end", closed);
    if (ended > 0) log_info("ticker: %d collaboration pact(s) ended after their last day", ended);
    if (routes > 0) log_info("ticker: %d route(s) to a good ended after their term", routes);
    /* The by-name list's counts follow the records' changes within a second. */
    if (by_name_fold(c) < 0) log_error("ticker: the by-name list's counts: %s", db_errmsg(c));
    /* Each day ended gets its daily register, once, whichever instance comes first. */
    int days = protocol_daily_produce(c, clock_now_us());
    if (days > 0) log_info("ticker: %d daily protocol register(s) made", days);
    /* Records past their retention period, hourly: a few hundred at a time. */
    if (clock_now_us() - retention_at >= INT64_C(3600000000)) {
        retention_at = clock_now_us();
        int done = -1;
        if (db_begin(c) == DB_OK) done = pathways_retention(c, clock_now_us(), 500);
        if (done < 0 || db_commit(c) != DB_OK) {
            db_rollback(c);
            log_error("ticker: the retention periods could not be applied: %s", db_errmsg(c));
        } else if (done > 0) {
            log_info("ticker: %d record(s) pseudonymised after the retention period", done);
        }
    }
    /* Mail goes out after the changes it reports are committed, outside any transaction. */
    mail_config mail = {a->smtp_host, a->smtp_port, a->mail_from, a->base_url};
    if (outbox_deliver(c, a->views, &mail, clock_now_us()) < 0)
        log_error("ticker: the outbox failed: %s", db_errmsg(c));
}

static void *loop(void *arg)
{
    app *a = arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        pthread_mutex_unlock(&lock);
        tick(a);
        pthread_mutex_lock(&lock);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        while (!stopping && pthread_cond_timedwait(&wake, &lock, &ts) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int ticker_start(app *a)
{
    stopping = false;
    if (pthread_create(&thread, NULL, loop, a) != 0) return -1;
    running = true;
    return 0;
}

void ticker_stop(void)
{
    if (!running) return;
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    running = false;
}

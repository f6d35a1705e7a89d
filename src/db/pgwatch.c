#include "db/pgwatch.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

struct pgwatch {
    char *conninfo;
    pthread_t thread;
    int wake[2]; /* a byte here wakes the thread: a sync asked for, or stop */
    pthread_mutex_t lock;
    pthread_cond_t cv;
    uint64_t version, received;
    bool live, stopping;
    uint64_t asked, started, done; /* syncs: the highest asked for, begun, finished */
};

static void deadline_in(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void poke(pgwatch *w)
{
    char b = 1;
    ssize_t n = write(w->wake[1], &b, 1);
    (void)n; /* a full pipe already wakes the thread */
}

/* Takes the notifications libpq has read; true if there were any. */
static bool drain(PGconn *conn, pgwatch *w)
{
    uint64_t n = 0;
    PGnotify *nt;
    while ((nt = PQnotifies(conn))) {
        n++;
        PQfreemem(nt);
    }
    if (!n) return false;
    pthread_mutex_lock(&w->lock);
    w->version++;
    w->received += n;
    pthread_mutex_unlock(&w->lock);
    return true;
}

static void set_live(pgwatch *w, bool live)
{
    pthread_mutex_lock(&w->lock);
    w->live = live;
    w->version++; /* whatever was committed while no one listened */
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->lock);
}

/* One round trip: PostgreSQL passes on the notifications signalled before it answers. */
static bool ping(PGconn *conn, pgwatch *w)
{
    PGresult *r = PQexec(conn, "SELECT 1");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    if (ok) drain(conn, w);
    return ok;
}

static bool sync_once(PGconn *conn, pgwatch *w, uint64_t mine)
{
    bool ok = ping(conn, w);
    pthread_mutex_lock(&w->lock);
    if (ok) w->done = mine;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->lock);
    return ok;
}

/* Listens until the connection fails or stop is asked. */
static void listen_on(PGconn *conn, pgwatch *w)
{
    int sock = PQsocket(conn);
    for (;;) {
        pthread_mutex_lock(&w->lock);
        bool stop = w->stopping;
        uint64_t mine = w->asked > w->started ? (w->started = w->asked) : 0;
        pthread_mutex_unlock(&w->lock);
        if (stop) return;
        if (mine && !sync_once(conn, w, mine)) return;
        if (mine) continue;
        struct pollfd p[2] = {{.fd = sock, .events = POLLIN}, {.fd = w->wake[0], .events = POLLIN}};
        int ready = poll(p, 2, 10000);
        if (ready < 0 && errno != EINTR) return;
        if (ready == 0) { /* quiet for 10 s: is the connection still there? */
            if (!ping(conn, w)) return;
            continue;
        }
        if (p[1].revents & POLLIN) {
            char b[64];
            while (read(w->wake[0], b, sizeof b) > 0) {
            }
        }
        if (p[0].revents & (POLLIN | POLLERR | POLLHUP)) {
            if (!PQconsumeInput(conn)) return;
            drain(conn, w);
        }
    }
}

static void *run(void *arg)
{
    pgwatch *w = arg;
    bool said = false, down = false; /* said: started; down: its loss logged */
    for (;;) {
        pthread_mutex_lock(&w->lock);
        bool stop = w->stopping;
        pthread_mutex_unlock(&w->lock);
        if (stop) break;
        PGconn *conn = PQconnectdb(w->conninfo);
        PGresult *r = PQstatus(conn) == CONNECTION_OK
                          ? PQexec(conn, "SET application_name = '" PGWATCH_APPLICATION
                                         "'; LISTEN " PGWATCH_CHANNEL)
                          : NULL;
        bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (ok) {
            set_live(w, true);
            if (!said || down)
                log_info("watching the database's commits (LISTEN " PGWATCH_CHANNEL ")");
            said = true;
            down = false;
            listen_on(conn, w);
            set_live(w, false);
        }
        pthread_mutex_lock(&w->lock);
        stop = w->stopping;
        pthread_mutex_unlock(&w->lock);
        if (!stop && !down) /* once per outage, not every second of it */
            log_warn("database watch: %s; pages kept for a person are checked against the "
                     "database on every request until it is back",
                     ok ? "connection lost" : PQerrorMessage(conn));
        down = down || !stop;
        PQfinish(conn);
        /* Wait a second before trying again, or until stop is asked. */
        pthread_mutex_lock(&w->lock);
        struct timespec ts;
        deadline_in(&ts, 1000);
        while (!w->stopping && pthread_cond_timedwait(&w->cv, &w->lock, &ts) != ETIMEDOUT) {
        }
        pthread_mutex_unlock(&w->lock);
    }
    return NULL;
}

pgwatch *pgwatch_start(const char *conninfo)
{
    pgwatch *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->conninfo = strdup(conninfo);
    if (!w->conninfo || pipe(w->wake) != 0) {
        free(w->conninfo);
        free(w);
        return NULL;
    }
    fcntl(w->wake[0], F_SETFL, O_NONBLOCK);
    fcntl(w->wake[1], F_SETFL, O_NONBLOCK);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        close(w->wake[0]);
        close(w->wake[1]);
        free(w->conninfo);
        free(w);
        return NULL;
    }
    return w;
}

void pgwatch_stop(pgwatch *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->lock);
    poke(w);
    pthread_join(w->thread, NULL);
    close(w->wake[0]);
    close(w->wake[1]);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cv);
    free(w->conninfo);
    free(w);
}

bool pgwatch_version(pgwatch *w, uint64_t *version)
{
    pthread_mutex_lock(&w->lock);
    bool live = w->live;
    *version = w->version;
    pthread_mutex_unlock(&w->lock);
    return live;
}

void pgwatch_bump(pgwatch *w)
{
    pthread_mutex_lock(&w->lock);
    w->version++;
    pthread_mutex_unlock(&w->lock);
}

bool pgwatch_sync(pgwatch *w, int timeout_ms, uint64_t *version)
{
    struct timespec ts;
    deadline_in(&ts, timeout_ms);
    pthread_mutex_lock(&w->lock);
    /* A round trip already under way may have begun before a commit this caller knows of. */
    uint64_t need = w->started + 1;
    if (w->asked < need) w->asked = need;
    bool timed_out = false;
    if (w->live) poke(w);
    while (w->live && w->done < need && !timed_out)
        timed_out = pthread_cond_timedwait(&w->cv, &w->lock, &ts) == ETIMEDOUT;
    bool ok = w->live && w->done >= need;
    *version = w->version;
    pthread_mutex_unlock(&w->lock);
    return ok;
}

uint64_t pgwatch_received(pgwatch *w)
{
    pthread_mutex_lock(&w->lock);
    uint64_t n = w->received;
    pthread_mutex_unlock(&w->lock);
    return n;
}

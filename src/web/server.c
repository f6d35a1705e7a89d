#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "web/dispatch.h"

enum { REQ_ARENA_MAX = 256u << 20 };
/* Bytes asked from a streaming handler at a time. */
static const size_t STREAM_BLOCK = (size_t)64 * 1024;

static _Atomic int in_flight;
/* Bytes of request bodies held by all requests together (limits.bodies_max). */
static atomic_size_t held;

/* State kept across the calls libmicrohttpd makes for one request. */
typedef struct conn_state {
    req r;
    buf body;
    body_state state;
    size_t counted; /* this request's share of `held` */
} conn_state;

/* Counts n more bytes for st; false (nothing counted) when that would pass the limit. */
static bool hold(conn_state *st, size_t n, size_t max)
{
    size_t before = atomic_fetch_add(&held, n);
    if (before + n > max) {
        atomic_fetch_sub(&held, n);
        return false;
    }
    st->counted += n;
    return true;
}

static void drop_body(conn_state *st, body_state why)
{
    st->state = why;
    buf_free(&st->body);
    atomic_fetch_sub(&held, st->counted);
    st->counted = 0;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)n);
}

/* Behind the trusted proxy, the client is the last address of X-Forwarded-For (the one the
 * proxy itself added; earlier ones are the client's own say). Anything not an address is
 * ignored and the proxy stays the client. */
static void forwarded_ip(const app *a, struct MHD_Connection *c, char *ip, size_t n)
{
    if (!a->trusted_proxy || strcmp(ip, a->trusted_proxy) != 0) return;
    const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff) return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ') last++;
    char cand[64];
    size_t len = strcspn(last, " ");
    if (len == 0 || len >= sizeof cand) return;
    memcpy(cand, last, len);
    cand[len] = '\0';
    unsigned char probe[16];
    if (inet_pton(AF_INET, cand, probe) == 1 || inet_pton(AF_INET6, cand, probe) == 1)
        snprintf(ip, n, "%s", cand);
}

static ssize_t stream_chunk(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    req *r = cls;
    long n = r->stream(r, out, max);
    if (n < 0) return MHD_CONTENT_READER_END_WITH_ERROR;
    if (n == 0) return MHD_CONTENT_READER_END_OF_STREAM;
    r->bytes_out += (uint64_t)n;
    return (ssize_t)n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    app *a = cls;
    conn_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st) return MHD_NO;
        atomic_fetch_add(&in_flight, 1);
        req *r = &st->r;
        arena_init(&r->mem, REQ_ARENA_MAX);
        r->app = a;
        r->conn = c;
        r->start_us = clock_mono_us();
        r->method = arena_strdup(&r->mem, method);
        r->path = arena_strdup(&r->mem, url);
        char ip[64];
        client_ip(c, ip, sizeof ip);
        forwarded_ip(a, c, ip, sizeof ip);
        r->client_ip = arena_strdup(&r->mem, ip);
        buf_init(&st->body, a->lim.body_max + 1);
        *con_cls = st;
        /* Refuse an announced oversized body before reading a byte of it, and keep room for
         * an announced body as a whole, so that a crowd of uploads is admitted or told to
         * come back whole, not cut halfway. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        unsigned long long announced = cl ? strtoull(cl, NULL, 10) : 0;
        if (announced > a->lim.body_max)
            st->state = BODY_TOO_LARGE;
        else if (announced && !hold(st, (size_t)announced, a->lim.bodies_max))
            st->state = BODY_BUSY;
        return MHD_YES;
    }
    if (*upload_size) {
        if (st->state == BODY_OK) {
            size_t n = *upload_size;
            /* A body without Content-Length is counted as it comes. */
            size_t more = st->body.len + n > st->counted ? st->body.len + n - st->counted : 0;
            if (buf_append(&st->body, upload_data, n))
                drop_body(st, BODY_TOO_LARGE);
            else if (more && !hold(st, more, a->lim.bodies_max))
                drop_body(st, BODY_BUSY);
        }
        *upload_size = 0; /* consumed (or discarded, once refused) */
        return MHD_YES;
    }
    req *r = &st->r;
    dispatch(r, st->body.data, st->body.len, st->state);
    struct MHD_Response *resp;
    if (r->stream && r->status == 200) {
        /* Sent in chunks as it is produced: memory stays flat whatever the size. */
        resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_chunk, r,
                                                 NULL);
    } else if (r->static_body) {
        r->bytes_out = r->static_len;
        resp = MHD_create_response_from_buffer(r->static_len, (void *)(uintptr_t)r->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len = 0;
        char *data = buf_detach(&r->body, &len); /* libmicrohttpd frees it */
        r->bytes_out = len;
        resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        if (!resp) free(data);
    }
    if (!resp) return MHD_NO;
    for (int i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
    if (st->state != BODY_OK) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    conn_state *st = *con_cls;
    if (!st) return;
    req *r = &st->r;
    int64_t us = clock_mono_us() - r->start_us;
    log_info("%s %s %d %llu %lldus%s", r->method, r->path, r->status,
             (unsigned long long)r->bytes_out, (long long)us,
             toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    dispatch_free(r);
    buf_free(&st->body);
    atomic_fetch_sub(&held, st->counted);
    arena_free(&r->mem);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

/* libmicrohttpd's own messages come with its format strings, not ours. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n') line[n - 1] = '\0';
    log_warn("http: %s", line);
}
#pragma GCC diagnostic pop

/* Open connections are file descriptors: the soft limit is raised to the hard one, and the
 * connection limit kept FD_RESERVE under it for the database, the log and uploads. */
static const rlim_t FD_RESERVE = 256;
static unsigned connection_limit(unsigned wanted)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return wanted;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t was = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) rl.rlim_cur = was;
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)wanted + FD_RESERVE) {
        unsigned fit =
            (unsigned)(rl.rlim_cur > 2 * FD_RESERVE ? rl.rlim_cur - FD_RESERVE : FD_RESERVE);
        log_warn("open files limited to %llu: at most %u connections instead of %u",
                 (unsigned long long)rl.rlim_cur, fit, wanted);
        return fit;
    }
    return wanted;
}

int server_run(app *a, const char *host, unsigned port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        log_error("cannot listen on %s: not an IPv4 address", host);
        return -1;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* Worker threads inherit this mask, so only sigwait below sees the signals. */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    a->lim.connections = connection_limit(a->lim.connections);
    /* The logger comes first so that every later option's complaint goes through it. */
    // clang-format off
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, a,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, a->lim.threads,
        MHD_OPTION_CONNECTION_LIMIT, a->lim.connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, a->lim.per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, a->lim.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, a->lim.header_max,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
        MHD_OPTION_END);
    // clang-format on
    if (!d) {
        log_error("cannot listen on %s:%u: %s", host, port, strerror(errno));
        return -1;
    }
    log_info("coprog listening on http://%s:%u (%u threads, %u connections)", host, port,
             a->lim.threads, a->lim.connections);
    int sig = 0;
    sigwait(&stop, &sig);
    log_info("signal %d: no new connections; finishing %d requests in flight", sig,
             atomic_load(&in_flight));
    /* Closing the listening socket ourselves makes new clients fail at once instead of
     * waiting in the kernel's queue. */
    MHD_socket listener = MHD_quiesce_daemon(d);
    if (listener != MHD_INVALID_SOCKET) close(listener);
    for (int waited = 0; atomic_load(&in_flight) > 0 && waited < 300; waited++)
        usleep(100 * 1000); /* at most 30 s */
    MHD_stop_daemon(d);
    log_info("stopped");
    return 0;
}

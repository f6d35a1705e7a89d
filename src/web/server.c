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
#include "web/bodyshare.h"
#include "web/dispatch.h"
#include "web/spool.h"

enum { REQ_ARENA_MAX = 256u << 20 };
/* Bytes asked from a streaming handler at a time. */
static const size_t STREAM_BLOCK = (size_t)64 * 1024;

static _Atomic int in_flight;

/* An announced body must arrive at this average rate once the grace has passed, or it is
 * dropped (408) and its memory given back: a byte every ten seconds holds nothing for long.
 * 4 KiB/s is slower than a phone on a weak signal. */
enum { BODY_MIN_RATE = 4096, BODY_RATE_GRACE_S = 10 };

/* State kept across the calls libmicrohttpd makes for one request. */
typedef struct conn_state {
    req r;
    buf body; /* a body up to BODY_SMALL */
    spool sp; /* a larger one, on disk (web/spool.h) */
    body_state state;
    size_t counted; /* this request's share of the body memory (web/bodyshare.h) */
    bool large;     /* counted as a large body */
    size_t arrived; /* bytes of body received */
} conn_state;

/* Counts n more bytes for st; false (nothing counted) when that would pass a limit. A body
 * that grows past BODY_SMALL moves from the small to the large count. */
static bool hold(conn_state *st, size_t n)
{
    const char *ip = st->r.client_ip;
    if (!st->large && st->counted + n > BODY_SMALL) {
        if (!bodyshare_take(ip, st->counted + n, true)) return false;
        bodyshare_give(ip, st->counted, false);
        st->large = true;
        st->counted += n;
        return true;
    }
    if (!bodyshare_take(ip, n, st->large)) return false;
    st->counted += n;
    return true;
}

static void drop_body(conn_state *st, body_state why)
{
    st->state = why;
    buf_free(&st->body);
    spool_close(&st->sp);
    bodyshare_give(st->r.client_ip, st->counted, st->large);
    st->counted = 0;
}

/* Keeps n more bytes of the body: in memory up to BODY_SMALL, then in a spool file. */
static int keep(conn_state *st, const char *p, size_t n)
{
    if (st->sp.fd < 0 && st->body.len + n <= BODY_SMALL) return buf_append(&st->body, p, n);
    if (st->sp.fd < 0) {
        if (spool_open(&st->sp) || spool_write(&st->sp, st->body.data, st->body.len)) {
            log_error("spool in %s: %s", spool_dir(), strerror(errno));
            return -1;
        }
        buf_free(&st->body);
    }
    if (spool_write(&st->sp, p, n)) {
        log_error("spool in %s: %s", spool_dir(), strerror(errno));
        return -1;
    }
    return 0;
}

/* How the body is framed, checked before a byte of it is read: one length, or chunked alone.
 * A request that says both, or two lengths, is where a second request hides (smuggling). */
typedef struct framing {
    int lengths, codings;
    bool lengths_differ, bad_length, bad_coding;
    const char *first_length;
} framing;

static enum MHD_Result see_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    framing *f = cls;
    if (strcasecmp(key, "Content-Length") == 0) {
        if (!value || !*value || strspn(value, "0123456789") != strlen(value)) f->bad_length = true;
        if (f->lengths && value && f->first_length && strcmp(value, f->first_length) != 0)
            f->lengths_differ = true;
        if (!f->lengths) f->first_length = value;
        f->lengths++;
    } else if (strcasecmp(key, "Transfer-Encoding") == 0) {
        f->codings++;
        if (!value || strcasecmp(value, "chunked") != 0) f->bad_coding = true;
    }
    return MHD_YES;
}

static body_state framing_state(struct MHD_Connection *c)
{
    framing f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, see_header, &f);
    if (f.bad_coding) return BAD_CODING;
    if ((f.codings && f.lengths) || f.codings > 1 || f.lengths_differ || f.bad_length)
        return BAD_FRAMING;
    return BODY_OK;
}

/* Seen before the query string is parsed: too many parameters would fill libmicrohttpd's
 * per-connection memory and leave the client without an answer (libmicrohttpd 0.9.75 then
 * holds the connection until its timeout). The query is emptied here, before it is parsed,
 * and the request answered 414. */
static char too_many_params;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    char *q = strchr((char *)(uintptr_t)uri, '?');
    if (!q) return NULL;
    size_t n = 1;
    for (const char *p = q + 1; *p; p++) n += (*p == '&' || *p == ';');
    if (n <= QUERY_MAX_PARAMS) return NULL;
    /* libmicrohttpd has found the '?' already and parses what follows it: end it there. */
    q[1] = '\0';
    return &too_many_params;
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

static enum MHD_Result answer(conn_state *st, struct MHD_Connection *c);

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    app *a = cls;
    conn_state *st = *con_cls;
    bool too_many = st == (void *)&too_many_params;
    if (!st || too_many) {
        st = calloc(1, sizeof *st);
        if (!st) return MHD_NO;
        st->sp.fd = -1;
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
        st->state = too_many ? TOO_MANY_PARAMS : framing_state(c);
        if (st->state != BODY_OK) return answer(st, c); /* at once, the body never read */
        /* Refuse an announced oversized body before reading a byte of it, and keep room for
         * an announced body as a whole, so that a crowd of uploads is admitted or told to
         * come back whole, not cut halfway. */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        unsigned long long announced = cl ? strtoull(cl, NULL, 10) : 0;
        if (announced > a->lim.body_max)
            st->state = BODY_TOO_LARGE;
        else if (announced && !hold(st, (size_t)announced))
            st->state = BODY_BUSY;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0; /* consumed (or discarded, once refused) */
        st->arrived += n;
        /* Too slow, whatever else: the connection is closed and everything it held given
         * back (libmicrohttpd 0.9.75 cannot send an answer in the middle of a body). */
        int64_t us = clock_mono_us() - st->r.start_us;
        if (us > (int64_t)BODY_RATE_GRACE_S * 1000000 &&
            (double)st->arrived < (double)us * BODY_MIN_RATE / 1e6) {
            drop_body(st, BODY_SLOW);
            st->r.status = 408;
            return MHD_NO;
        }
        if (st->state == BODY_OK) {
            /* A body without Content-Length is counted as it comes. */
            size_t have = st->sp.fd >= 0 ? st->sp.len : st->body.len;
            size_t more = have + n > st->counted ? have + n - st->counted : 0;
            if (have + n > a->lim.body_max)
                drop_body(st, BODY_TOO_LARGE);
            else if (more && !hold(st, more))
                drop_body(st, BODY_BUSY);
            else if (keep(st, upload_data, n))
                drop_body(st, BODY_BUSY); /* the disk is full: try again later */
        }
        return MHD_YES;
    }
    return answer(st, c);
}

/* Runs the request and queues its answer. Called once the body is in, or at once for a
 * request refused before its body (then the connection closes after the answer). */
static enum MHD_Result answer(conn_state *st, struct MHD_Connection *c)
{
    req *r = &st->r;
    const char *body = st->body.data;
    size_t blen = st->body.len;
    if (st->sp.fd >= 0 && st->state == BODY_OK) {
        blen = st->sp.len;
        if (!(body = spool_map(&st->sp))) {
            log_error("spool map: %s", strerror(errno));
            drop_body(st, BODY_BUSY);
            blen = 0;
        }
    }
    dispatch(r, body, blen, st->state);
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
    if (st == (void *)&too_many_params) st = NULL; /* refused before it reached us */
    if (!st) return;
    req *r = &st->r;
    int64_t us = clock_mono_us() - r->start_us;
    /* The path as the client sent it may hold anything, line breaks included: escaped, so that
     * one request is one line of the log. */
    char path[512];
    log_escape(r->path, path, sizeof path);
    char method[32];
    log_escape(r->method, method, sizeof method);
    log_info("%s %s %d %llu %lldus%s", method, path, r->status, (unsigned long long)r->bytes_out,
             (long long)us, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    dispatch_free(r);
    buf_free(&st->body);
    spool_close(&st->sp);
    bodyshare_give(r->client_ip, st->counted, st->large);
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
    bodyshare_init(a->lim.bodies_max, a->lim.body_max);
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
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
        MHD_OPTION_END);
    // clang-format on
    if (!d) {
        log_error("cannot listen on %s:%u: %s", host, port, strerror(errno));
        return -1;
    }
    log_info("coprog listening on http://%s:%u (%u threads, %u connections, %d prepared "
             "statements kept per database connection)",
             host, port, a->lim.threads, a->lim.connections, db_stmt_capacity());
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

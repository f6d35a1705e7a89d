#include "modules/notify/smtp.h"

#include <netdb.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static bool safe_address(const char *a)
{
    return a && *a && !strpbrk(a, "\r\n<>");
}

static bool ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n') return false;
    return true;
}

/* RFC 2047: encoded words of at most 75 characters, never splitting a UTF-8 character, joined
 * by folding whitespace. 45 input bytes make 60 base64 characters plus 12 of wrapping. */
static int encode_subject(const char *s, buf *out)
{
    if (ascii_only(s)) return buf_puts(out, s);
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t take = n - i < 45 ? n - i : 45;
        while (take < n - i && ((unsigned char)s[i + take] & 0xC0) == 0x80) take--;
        char b64[64];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + i, take,
                          sodium_base64_VARIANT_ORIGINAL);
        if (buf_printf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64)) return -1;
        i += take;
    }
    return 0;
}

int smtp_format(const smtp_mail *m, buf *out)
{
    if (!safe_address(m->from) || !safe_address(m->to) || !m->message_id ||
        strpbrk(m->message_id, "\r\n<>"))
        return -1;
    char date[64];
    time_t t = (time_t)(m->date_us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    if (buf_printf(out, "From: %s\r\nTo: %s\r\nSubject: ", m->from, m->to) ||
        encode_subject(m->subject ? m->subject : "", out) ||
        buf_printf(out,
                   "\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
                   "Content-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n",
                   date, m->message_id))
        return -1;
    /* The body with CRLF line ends, then base64 in lines of 76. */
    buf crlf;
    buf_init(&crlf, 1u << 20);
    for (const char *p = m->body ? m->body : ""; *p; p++)
        if ((*p == '\n' ? buf_puts(&crlf, "\r\n") : buf_putc(&crlf, *p))) {
            buf_free(&crlf);
            return -1;
        }
    int rc = 0;
    for (size_t i = 0; i < crlf.len && !rc; i += 57) {
        size_t take = crlf.len - i < 57 ? crlf.len - i : 57;
        char line[80];
        sodium_bin2base64(line, sizeof line, (const unsigned char *)crlf.data + i, take,
                          sodium_base64_VARIANT_ORIGINAL);
        rc = buf_printf(out, "%s\r\n", line);
    }
    buf_free(&crlf);
    return rc;
}

typedef struct conn {
    int fd;
    char in[4096];
    size_t have;
} conn;

/* Reads one reply, possibly multi-line ("250-..." lines then "250 ..."); its code, or -1. */
static int reply(conn *c, char *err, size_t errlen)
{
    for (;;) {
        char *nl = memchr(c->in, '\n', c->have);
        if (nl) {
            size_t len = (size_t)(nl - c->in) + 1;
            bool last = len >= 4 && c->in[3] != '-';
            int code =
                len >= 3 ? (c->in[0] - '0') * 100 + (c->in[1] - '0') * 10 + (c->in[2] - '0') : -1;
            snprintf(err, errlen, "%.*s", (int)(len > 2 ? len - 2 : 0), c->in);
            memmove(c->in, c->in + len, c->have - len);
            c->have -= len;
            if (last) return code >= 200 && code < 600 ? code : -1;
            continue;
        }
        if (c->have == sizeof c->in) return -1;
        ssize_t got = recv(c->fd, c->in + c->have, sizeof c->in - c->have, 0);
        if (got <= 0) {
            snprintf(err, errlen, "%s", got == 0 ? "connection closed" : "no reply in time");
            return -1;
        }
        c->have += (size_t)got;
    }
}

static int say(conn *c, const char *s, size_t n)
{
    while (n) {
        ssize_t put = send(c->fd, s, n, MSG_NOSIGNAL);
        if (put <= 0) return -1;
        s += put;
        n -= (size_t)put;
    }
    return 0;
}

static int dial(const char *host, const char *port, int timeout_s, char *err, size_t errlen)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g) {
        snprintf(err, errlen, "%s", gai_strerror(g));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        struct timeval tv = {.tv_sec = timeout_s};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) snprintf(err, errlen, "cannot connect to %s:%s", host, port);
    return fd;
}

smtp_result smtp_send(const char *host, const char *port, const smtp_mail *m, int timeout_s,
                      char *err, size_t errlen)
{
    buf msg;
    buf_init(&msg, 4u << 20);
    if (smtp_format(m, &msg)) {
        buf_free(&msg);
        snprintf(err, errlen, "unusable address or message");
        return SMTP_BOUNCE;
    }
    conn c = {.fd = dial(host, port, timeout_s, err, errlen)};
    if (c.fd < 0) {
        buf_free(&msg);
        return SMTP_RETRY;
    }
    /* Each step: what we say, and the reply class that lets us go on. */
    char line[600];
    int code = reply(&c, err, errlen);
    const char *steps[4];
    char mail_from[300], rcpt_to[300];
    snprintf(mail_from, sizeof mail_from, "MAIL FROM:<%s>\r\n", m->from);
    snprintf(rcpt_to, sizeof rcpt_to, "RCPT TO:<%s>\r\n", m->to);
    steps[0] = "EHLO coprog\r\n";
    steps[1] = mail_from;
    steps[2] = rcpt_to;
    steps[3] = "DATA\r\n";
    for (int i = 0; i < 4 && code >= 200 && code < 300; i++) {
        snprintf(line, sizeof line, "%s", steps[i]);
        code = say(&c, line, strlen(line)) ? -1 : reply(&c, err, errlen);
        if (i == 3 && code == 354) code = 250;
    }
    if (code >= 200 && code < 300)
        code = say(&c, msg.data, msg.len) || say(&c, ".\r\n", 3) ? -1 : reply(&c, err, errlen);
    smtp_result res = code >= 200 && code < 300 ? SMTP_SENT
                      : code >= 500             ? SMTP_BOUNCE
                                                : SMTP_RETRY;
    char bye[64];
    if (!say(&c, "QUIT\r\n", 6)) reply(&c, bye, sizeof bye);
    close(c.fd);
    buf_free(&msg);
    return res;
}

#include "base/log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "base/timefmt.h"

static log_level min_level = LOG_INFO;

void log_set_level(log_level lvl)
{
    min_level = lvl;
}

void log_msg(log_level lvl, const char *fmt, ...)
{
    if (lvl < min_level) return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char line[2048];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    time_utc(ts.tv_sec, &tm); /* gmtime_r would take the C library's zone lock per line */
    int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000000, names[lvl]);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof line) vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    /* One fputs per line keeps lines whole across threads. */
    fprintf(stderr, "%s\n", line);
}

void log_escape(const char *text, char *out, size_t n)
{
    static const char HEX[] = "0123456789abcdef";
    size_t k = 0;
    if (!n) return;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        bool plain = *p >= 0x20 && *p < 0x7f && *p != '\\';
        size_t need = plain ? 1 : 4;
        if (k + need + 1 > n) break;
        if (plain) {
            out[k++] = (char)*p;
        } else {
            out[k++] = '\\';
            out[k++] = 'x';
            out[k++] = HEX[*p >> 4];
            out[k++] = HEX[*p & 15];
        }
    }
    out[k] = '\0';
}

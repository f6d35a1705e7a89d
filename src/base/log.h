/* Logging to stderr, one line per event, with an ISO-8601 UTC instant.
 * Never pass secrets (passwords, tokens, cookies) to these functions. */
#ifndef COPROG_BASE_LOG_H
#define COPROG_BASE_LOG_H

#include <stddef.h>

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;

void log_set_level(log_level lvl);
void log_msg(log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies text for a log line into out (always terminated, cut to fit): control characters,
 * DEL, backslash and bytes that are not printable ASCII become \xHH, so that what a client
 * sent can never start a line of its own or pass for another field. */
void log_escape(const char *text, char *out, size_t n);

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif

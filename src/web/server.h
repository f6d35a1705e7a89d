/* The HTTP server: libmicrohttpd with a thread pool, explicit limits, an access log line per
 * request, and a graceful stop (stop accepting, finish requests in flight). */
#ifndef COPROG_WEB_SERVER_H
#define COPROG_WEB_SERVER_H

#include "web/app.h"

/* Serves until SIGINT or SIGTERM; returns 0 after a clean stop. */
int server_run(app *a, const char *host, unsigned port);

#endif

/* The route table: {method, pattern, handler, permission}. Patterns are paths whose
 * segments may be {name} parameters, e.g. "/calls/{id}/proposals". The table is data:
 * tests walk it to check every route against every role. */
#ifndef COPROG_WEB_ROUTER_H
#define COPROG_WEB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "web/request.h"

typedef struct route {
    const char *method;
    const char *pattern;
    handler_fn handler;
    unsigned perm; /* PERM_PUBLIC, PERM_USER or a mask of ROLE_ bits */
    bool cached;   /* anonymous answers may come from the page cache (web/pagecache.h) */
} route;

typedef enum { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_WRONG_METHOD } route_match;

/* Finds the route for method and path, filling r's parameters. HEAD matches GET routes. */
route_match router_match(const route *table, size_t n, const char *method, const char *path, req *r,
                         const route **out);
/* Whether a user with these roles (0 = anonymous) may use a route with this permission. */
bool router_allows(unsigned perm, bool signed_in, unsigned roles);

#endif

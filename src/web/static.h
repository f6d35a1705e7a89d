/* Static files: the app's own (static/) and Bootstrap Italia (node_modules/bootstrap-italia/
 * dist, under /static/bi/). All are read into memory at start, so a request never touches the
 * file system and no path from a request ever reaches it. ETag/304 always; a URL carrying
 * ?v=<asset version> is cached for a year. */
#ifndef COPROG_WEB_STATIC_H
#define COPROG_WEB_STATIC_H

#include "web/request.h"

typedef struct statics statics;

/* Loads the trees; root is the project folder. Returns NULL on failure (message logged). */
statics *statics_load(const char *root);
void statics_free(statics *s);
void statics_serve(statics *s, req *r);
/* The same for the file at url (a "/static/..." path), answered under the request's own path:
 * a service worker's scope is the folder it is served from. */
void statics_serve_as(statics *s, req *r, const char *url);
/* A short hash of every file together: the ?v= value that makes URLs change with content. */
const char *statics_version(const statics *s);

#endif

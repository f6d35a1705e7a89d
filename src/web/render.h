/* Turns a handler's result into bytes: the view model as JSON, or as HTML through its
 * template inside the layout, or an error page; adds the security headers. */
#ifndef COPROG_WEB_RENDER_H
#define COPROG_WEB_RENDER_H

#include "web/request.h"

void render_response(req *r);
/* Sets a cookie with HttpOnly, SameSite=Lax, Path=/ (and Secure behind TLS).
 * max_age: seconds; COOKIE_DELETE removes it; COOKIE_SESSION lasts until the browser closes. */
enum { COOKIE_DELETE = -1, COOKIE_SESSION = -2 };
void render_set_cookie(req *r, const char *name, const char *value, long max_age);
/* Answers doc (view/pdf.h's shape, given up) as a PDF file named filename; inline shows it in
 * the browser, else it downloads. 0, or -1 when it could not be drawn. */
int render_pdf(req *r, json_t *doc, const char *filename, bool inline_);

#endif

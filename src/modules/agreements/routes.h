/* HTTP handlers of agreements, and of the minutes' and the final project's PDFs and signed
 * files (doc_routes.c). */
#ifndef COPROG_MODULES_AGREEMENTS_ROUTES_H
#define COPROG_MODULES_AGREEMENTS_ROUTES_H

#include "modules/agreements/agreements.h"
#include "web/request.h"

int agreements_create(req *r);
int agreements_index(req *r);
int agreements_show(req *r);
int agreements_pdf(req *r);
int agreements_sign(req *r);
int agreements_to_sign(req *r);
int agreements_signed_upload(req *r);
int agreements_signed_download(req *r);
int agreements_activate(req *r);
int agreements_close(req *r);
int minutes_pdf(req *r);
int minutes_to_sign_pdf(req *r);
int minutes_signed_page(req *r);
int minutes_signed_upload(req *r);
int minutes_signed_download(req *r);
int project_pdf(req *r);
int project_to_sign_pdf(req *r);
int project_signed_page(req *r);
int project_signed_upload(req *r);
int project_signed_download(req *r);
int call_to_sign_pdf(req *r);
int call_signed_page(req *r);
int call_signed_upload(req *r);
int call_signed_download(req *r);

/* Shared by the handlers of signed files. Sends the PDF to sign of a row of table (see
 * to_sign_freeze), rendered from doc and frozen at the first download; doc is given up. */
/* Sends a kept signed file (data malloc'd, meta {name, mime}; both given up), 404 for NULL. */
int send_kept_file(req *r, void *data, size_t len, json_t *meta);
int send_to_sign(req *r, const char *table, int64_t id, json_t *doc, const char *filename);
/* The upload in field "file", or NULL with the 422
 * answered (missing, or past the size verification takes). */
const upload *signed_upload_of(req *r);
/* The answer to a signed file not kept: rolled back, 422 with the verification report (back: the
 * page to return to) or 409 for the file not ready, no codice fiscale, the same file again; -2
 * for any other rc, left to the caller (and report freed). */
int signed_refused(req *r, ag_rc rc, json_t *report, const char *back);

#endif

/* HTTP handlers of agreements (and the minutes' PDF). */
#ifndef COPROG_MODULES_AGREEMENTS_ROUTES_H
#define COPROG_MODULES_AGREEMENTS_ROUTES_H

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

#endif

/* HTTP handlers of a resident's own data: the page, the download, the erasure. */
#ifndef COPROG_MODULES_PRIVACY_ROUTES_H
#define COPROG_MODULES_PRIVACY_ROUTES_H

#include "web/request.h"

int privacy_page(req *r);
int privacy_download(req *r);
int privacy_erase_me(req *r);

#endif

/* GET /opendata (the list) and GET /opendata/{name}.csv|.json (streamed downloads). */
#ifndef COPROG_MODULES_OPENDATA_ROUTES_H
#define COPROG_MODULES_OPENDATA_ROUTES_H

#include "web/request.h"

int opendata_index(req *r);
int opendata_file(req *r);

#endif

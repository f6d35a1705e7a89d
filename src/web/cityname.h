/* The city named in every page's header, kept per instance for a minute: a page then costs
 * one database round trip less (cities are renamed about never, and a minute late is fine). */
#ifndef COPROG_WEB_CITYNAME_H
#define COPROG_WEB_CITYNAME_H

#include "web/request.h"

/* The name of city_id (0: the first city the instance hosts), copied into r's arena; NULL
 * when there is none or the database cannot say. */
const char *cityname_get(req *r, int64_t city_id);

#endif

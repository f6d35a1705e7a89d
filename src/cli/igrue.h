/* `coprog igrue`: writes the eight monitoring files for a city's operations (or every city's)
 * as of a date into a directory. */
#ifndef COPROG_CLI_IGRUE_H
#define COPROG_CLI_IGRUE_H

#include "db/db.h"

/* city: ISTAT code or NULL for all; date YYYY-MM-DD. 0, or -1 with a message on stderr. */
int igrue_export(db *d, const char *city, const char *date, const char *dir);

#endif

/* `coprog housing import`: the housing company's whole file from the command line, with
 * progress on stderr, the rejected rows' report, and the new tenants' invitation codes
 * written to a file only the operator can read. */
#ifndef COPROG_CLI_HOUSING_IMPORT_H
#define COPROG_CLI_HOUSING_IMPORT_H

#include "db/db.h"

/* city: ISTAT code; codes_out: where the codes go (created with mode 0600, never
 * overwritten). 0 imported, 1 rejected or failed, with messages on stderr. */
int housing_import_cli(db *d, const char *city, const char *file, const char *codes_out);

#endif

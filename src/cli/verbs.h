/* The verbs of the command line, one function each (main.c picks one by name). Each returns the
 * process's exit status: 0 done, 1 failed (said why on stderr), 2 wrong usage. */
#ifndef COPROG_CLI_VERBS_H
#define COPROG_CLI_VERBS_H

#include "cli/opts.h"

int cmd_serve(opts *o);
int cmd_validate(int argc, char **argv);
int cmd_routes(void);
/* `coprog opendata sql`: the query behind each open-data file, for the database's own CLI. */
int cmd_opendata_sql(void);
int cmd_receipt_verify(int argc, char **argv);
int cmd_signature_verify(int argc, char **argv);
int cmd_audit_verify(opts *o);
int cmd_city_add(opts *o);
int cmd_user_add(opts *o);
int cmd_user_grant(opts *o);
int cmd_token_create(opts *o);

#endif

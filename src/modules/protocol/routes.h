/* HTTP handlers of the protocol register: the city's register by year (search, filters), a
 * registration with its document and attachments, an entry and its cancellation, the files,
 * and the daily registers with their hashes. */
#ifndef COPROG_MODULES_PROTOCOL_ROUTES_H
#define COPROG_MODULES_PROTOCOL_ROUTES_H

#include "web/request.h"

int protocol_index(req *r);
int protocol_create(req *r);
int protocol_show(req *r);
int protocol_cancel_entry(req *r);
int protocol_file_download(req *r);
int protocol_daily_index(req *r);
int protocol_daily_file(req *r);
int protocol_metadata_show(req *r);
int protocol_export_package(req *r);

#endif

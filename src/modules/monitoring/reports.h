/* HTTP handlers of the reports: progress per operation, the XLSX workbook per operation, the
 * IGRUE monitoring files. */
#ifndef COPROG_MODULES_MONITORING_REPORTS_H
#define COPROG_MODULES_MONITORING_REPORTS_H

#include "web/request.h"

int reports_operation(req *r);
int reports_operation_xlsx(req *r);
int reports_igrue(req *r);
int reports_igrue_file(req *r);

#endif

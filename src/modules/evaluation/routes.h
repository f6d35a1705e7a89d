/* HTTP handlers of evaluation: the officer's dashboard, admissibility, the commission, the
 * evaluator's sheet (declaration, scores), the ranking with its CSV and XLSX. */
#ifndef COPROG_MODULES_EVALUATION_ROUTES_H
#define COPROG_MODULES_EVALUATION_ROUTES_H

#include "web/request.h"

int evaluation_dashboard(req *r);
int evaluation_admissibility(req *r);
int evaluation_commission(req *r);
int evaluation_replace(req *r);
int evaluation_sheet(req *r);
int evaluation_declare(req *r);
int evaluation_scores(req *r);
int evaluation_publish(req *r);
int ranking_page(req *r);
int ranking_csv(req *r);
int ranking_xlsx(req *r);

#endif

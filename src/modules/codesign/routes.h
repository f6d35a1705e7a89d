/* HTTP handlers of co-design tables, their sessions, minutes, decisions and final project. */
#ifndef COPROG_MODULES_CODESIGN_ROUTES_H
#define COPROG_MODULES_CODESIGN_ROUTES_H

#include "web/request.h"

int tables_of_call(req *r);
int tables_open(req *r);
int tables_show(req *r);
int tables_guest(req *r);
int tables_session(req *r);
int tables_minutes(req *r);
int tables_attendance(req *r);
int tables_approve_minutes(req *r);
int tables_decision(req *r);
int tables_document(req *r);
int tables_document_get(req *r);
int tables_project(req *r);
int tables_approve_project(req *r);

#endif

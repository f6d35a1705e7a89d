/* XLSX workbooks through libxlsxwriter, which writes files only: each workbook lives in a
 * private temporary file that is read back into memory and removed. */
#ifndef COPROG_VIEW_XLSX_H
#define COPROG_VIEW_XLSX_H

#include <jansson.h>
#include <xlsxwriter.h>

#include "base/buf.h"

typedef struct xlsx {
    lxw_workbook *wb;
    lxw_format *bold;
    char path[32];
} xlsx;

typedef struct xlsx_col {
    const char *key;    /* in each row object */
    const char *header; /* first row, bold */
    char kind;          /* 't' text, 'n' number, 'e' cents written as euro */
} xlsx_col;

int xlsx_open(xlsx *x);
/* A sheet with a header row and one row per object of rows. */
int xlsx_sheet(xlsx *x, const char *name, json_t *rows, const xlsx_col *cols, int ncols);
/* Closes the workbook into out (bytes) and removes the file. 0 or -1. */
int xlsx_close(xlsx *x, buf *out);

#endif

#include "view/xlsx.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int xlsx_open(xlsx *x)
{
    snprintf(x->path, sizeof x->path, "/tmp/coprog-xlsx-XXXXXX");
    int fd = mkstemp(x->path);
    if (fd < 0) return -1;
    close(fd);
    x->wb = workbook_new(x->path);
    if (!x->wb) {
        unlink(x->path);
        return -1;
    }
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    return 0;
}

int xlsx_sheet(xlsx *x, const char *name, json_t *rows, const xlsx_col *cols, int ncols)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) return -1;
    for (int k = 0; k < ncols; k++)
        worksheet_write_string(ws, 0, (lxw_col_t)k, cols[k].header, x->bold);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        lxw_row_t row = (lxw_row_t)(i + 1);
        for (int k = 0; k < ncols; k++) {
            json_t *v = json_object_get(r, cols[k].key);
            if (cols[k].kind == 't' || !json_is_number(v)) {
                const char *s = json_is_string(v) ? json_string_value(v) : "";
                worksheet_write_string(ws, row, (lxw_col_t)k, s, NULL);
            } else {
                double n = json_number_value(v);
                worksheet_write_number(ws, row, (lxw_col_t)k, cols[k].kind == 'e' ? n / 100 : n,
                                       NULL);
            }
        }
    }
    return 0;
}

int xlsx_close(xlsx *x, buf *out)
{
    lxw_error err = workbook_close(x->wb);
    x->wb = NULL;
    FILE *f = err == LXW_NO_ERROR ? fopen(x->path, "rb") : NULL;
    int rc = -1;
    if (f) {
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, got);
        fclose(f);
        rc = out->overflow ? -1 : 0;
    }
    unlink(x->path);
    return rc;
}

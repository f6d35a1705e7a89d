#include "modules/opendata/routes.h"

#include <stdio.h>
#include <string.h>

#include "modules/opendata/opendata.h"

int opendata_index(req *r)
{
    json_t *list = json_array();
    for (size_t i = 0; i < OPENDATA_COUNT; i++) {
        json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "name", OPENDATA[i].name, "title",
                                              req_t_code(r, "opendata", OPENDATA[i].name),
                                              "columns", OPENDATA[i].columns));
    }
    r->view = json_pack("{s:o}", "datasets", list);
    r->template = "opendata/index";
    r->title_key = "opendata.title";
    return 0;
}

static long stream(req *r, char *out, size_t max)
{
    export_state *st = r->stream_state;
    long n = export_next(st, r->db, out, max);
    if (n <= 0) export_free(st); /* the last call: nothing more will be asked */
    return n;
}

int opendata_file(req *r)
{
    const char *file = req_param(r, "file");
    const char *dot = file ? strrchr(file, '.') : NULL;
    if (!dot) return req_error(r, 404, "error.not_found");
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(dot - file), file);
    const dataset *ds = opendata_find(name);
    bool json = strcmp(dot, ".json") == 0;
    if (!ds || (!json && strcmp(dot, ".csv") != 0)) return req_error(r, 404, "error.not_found");
    export_state *st = arena_alloc(&r->mem, sizeof *st);
    if (!st) return -1;
    export_init(st, ds, json);
    r->stream = stream;
    r->stream_state = st;
    r->status = 200;
    r->content_type = json ? "application/json" : "text/csv; charset=utf-8";
    req_add_header(r, "Content-Disposition",
                   arena_printf(&r->mem, "attachment; filename=\"%s\"", file));
    return 0;
}

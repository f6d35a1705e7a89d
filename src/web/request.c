#include "web/request.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "web/app.h"
#include "view/views.h"

const char *req_param(const req *r, const char *name)
{
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->param_names[i], name) == 0) return r->param_values[i];
    return NULL;
}

int64_t req_param_id(const req *r, const char *name)
{
    const char *s = req_param(r, name);
    if (!s || !*s || strlen(s) > 18) return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}

const char *req_field(req *r, const char *name)
{
    /* Later fields win, so a body field overrides the query string. */
    for (int i = r->nfields - 1; i >= 0; i--)
        if (strcmp(r->fields[i].key, name) == 0) return r->fields[i].value;
    if (json_is_object(r->json)) {
        json_t *v = json_object_get(r->json, name);
        if (json_is_string(v)) return json_string_value(v);
        /* JSON numbers and booleans are read as the text a form would send. */
        if (json_is_integer(v))
            return arena_printf(&r->mem, "%lld", (long long)json_integer_value(v));
        /* 12.5 as "12.5": the shortest text that reads back the same, which the field's own
         * parser then accepts or refuses like typed text. */
        if (json_is_real(v)) return arena_printf(&r->mem, "%.15g", json_real_value(v));
        if (json_is_boolean(v)) return json_is_true(v) ? "1" : "";
    }
    return NULL;
}

const char *req_header(const req *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *req_cookie(const req *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name) : NULL;
}

void req_add_header(req *r, const char *name, const char *value)
{
    if (r->nheaders < REQ_MAX_HEADERS) r->headers[r->nheaders++] = (header){name, value};
}

const char *req_t(const req *r, const char *key)
{
    const char *s = views_t(r->app->views, r->lang, key);
    return s ? s : key;
}

int req_error(req *r, int status, const char *message_key)
{
    r->status = status;
    /* Field errors already recorded stay with the answer: they say which fields and why. */
    json_t *errors = json_incref(json_object_get(r->view, "errors"));
    json_t *fields = json_incref(json_object_get(r->view, "field_errors"));
    json_decref(r->view);
    r->view = json_pack("{s:{s:i,s:s,s:s}}", "error", "status", status, "code", message_key,
                        "message", req_t(r, message_key));
    if (errors) json_object_set_new(r->view, "errors", errors);
    if (fields) json_object_set_new(r->view, "field_errors", fields);
    r->template = "error";
    r->title_key = "error.title";
    return 0;
}

void req_field_error(req *r, const char *field, const char *message_key)
{
    if (!r->view) r->view = json_object();
    json_t *errs = json_object_get(r->view, "errors");
    if (!errs) {
        errs = json_array();
        json_object_set_new(r->view, "errors", errs);
    }
    json_array_append_new(errs, json_pack("{s:s,s:s,s:s}", "field", field, "code", message_key,
                                          "message", req_t(r, message_key)));
    /* Templates show the message next to the field: errors_by_field.<field>. */
    json_t *by = json_object_get(r->view, "field_errors");
    if (!by) {
        by = json_object();
        json_object_set_new(r->view, "field_errors", by);
    }
    json_object_set_new(by, field, json_string(req_t(r, message_key)));
}

bool req_has_errors(const req *r)
{
    return r->view && json_array_size(json_object_get(r->view, "errors")) > 0;
}

int req_redirect(req *r, const char *location, const char *flash_key)
{
    r->redirect = location;
    r->flash = flash_key;
    return 0;
}

const char *req_url_escape(req *r, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc(&r->mem, n * 3 + 1), *o = out;
    if (!out) return "";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *req_date_text(req *r, const char *iso)
{
    static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y = 0, m = 0, d = 0;
    if (!iso || date_parse(iso, &y, &m, &d)) return iso ? iso : "";
    return strcmp(r->lang, "en") == 0 ? arena_printf(&r->mem, "%d %s %d", d, MONTHS[m - 1], y)
                                      : arena_printf(&r->mem, "%02d/%02d/%d", d, m, y);
}

void req_date_texts(req *r, json_t *list, const char *key)
{
    char name[64];
    snprintf(name, sizeof name, "%s_text", key);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        json_object_set_new(
            x, name, json_string(req_date_text(r, json_string_value(json_object_get(x, key)))));
    }
}

json_t *req_choices(req *r, const char *const *codes, const char *prefix, const char *chosen)
{
    json_t *a = json_array();
    for (int i = 0; codes[i]; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:b}", "code", codes[i], "label",
                                           req_t_code(r, prefix, codes[i]), "selected",
                                           chosen && strcmp(chosen, codes[i]) == 0));
    return a;
}

void req_lines(req *r, json_t *o, const char *key)
{
    const char *text = json_string_value(json_object_get(o, key));
    json_t *lines = json_array();
    char *save = NULL;
    for (char *l = strtok_r(arena_strdup(&r->mem, text ? text : ""), "\r\n", &save); l;
         l = strtok_r(NULL, "\r\n", &save))
        json_array_append_new(lines, json_string(l));
    json_object_set_new(o, arena_printf(&r->mem, "%s_lines", key), lines);
}

bool req_has_role(const req *r, unsigned roles)
{
    return r->user && (r->user->roles & roles);
}

int64_t req_city_for(const req *r, unsigned roles)
{
    for (int i = 0; r->user && i < r->user->nmemberships; i++)
        if (r->user->memberships[i].role & roles) return r->user->memberships[i].city_id;
    return 0;
}

int64_t req_org_for(const req *r, unsigned roles)
{
    for (int i = 0; r->user && i < r->user->nmemberships; i++)
        if (r->user->memberships[i].role & roles) return r->user->memberships[i].organisation_id;
    return 0;
}

int req_send_file(req *r, const void *data, size_t len, const char *mime, const char *filename)
{
    buf_init(&r->body, len + 1);
    buf_append(&r->body, data, len);
    r->content_type = arena_strdup(&r->mem, mime);
    if (filename) {
        char *name = arena_strdup(&r->mem, filename);
        for (char *q = name; q && *q; q++)
            if (*q == '"' || *q == '\\' || (unsigned char)*q < 0x20) *q = '_';
        req_add_header(r, "Content-Disposition",
                       arena_printf(&r->mem, "attachment; filename=\"%s\"", name ? name : "file"));
    }
    return 0;
}

int req_send_buf(req *r, const buf *b, const char *mime, const char *filename)
{
    if (b->overflow) return req_error(r, 413, "error.export_too_large");
    return req_send_file(r, b->data ? b->data : "", b->len, mime, filename);
}

const char *req_t_code(const req *r, const char *prefix, const char *code)
{
    char key[96];
    snprintf(key, sizeof key, "%s.%s", prefix, code ? code : "");
    const char *s = views_t(r->app->views, r->lang, key);
    return s ? s : (code ? code : "");
}

void req_label_each(const req *r, json_t *rows, const char *field, const char *prefix,
                    const char *label_field)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        const char *code = json_string_value(json_object_get(x, field));
        json_object_set_new(x, label_field, json_string(req_t_code(r, prefix, code)));
    }
}

void req_view_rows(req *r, const char *name, rowtab *rows)
{
    if (r->nlists == (int)(sizeof r->lists / sizeof r->lists[0])) return;
    r->lists[r->nlists].name = name;
    r->lists[r->nlists++].rows = rows;
}

void req_label_rows(const req *r, rowtab *rows, const char *field, const char *prefix,
                    const char *label_field)
{
    int from = rowtab_col(rows, field, strlen(field));
    int to = rowtab_add_col(rows, label_field);
    if (from < 0 || to < 0) return;
    for (int i = 0; i < rows->nrows; i++) {
        const rowtab_cell *c = rowtab_at(rows, i, from);
        rowtab_set_text(rows, i, to, req_t_code(r, prefix, c->t == DBT_TEXT ? c->s : NULL));
    }
}

bool req_local_path(const char *url)
{
    if (!url || url[0] != '/' || url[1] == '/' || strlen(url) > 2000) return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p < 0x20 || *p >= 0x7f || *p == '\\') return false;
    return true;
}

int req_limited(req *r, int wait_s)
{
    req_add_header(r, "Retry-After", arena_printf(&r->mem, "%d", wait_s));
    req_error(r, 429, "login.limited");
    json_object_set_new(json_object_get(r->view, "error"), "retry_after_s", json_integer(wait_s));
    return 0;
}

void req_pager(json_t *view, int64_t page, int64_t pages)
{
    json_object_set_new(view, "page", json_integer(page));
    json_object_set_new(view, "pages", json_integer(pages));
    json_object_set_new(view, "has_pages", json_boolean(pages > 1));
    json_object_set_new(view, "has_prev", json_boolean(page > 1));
    json_object_set_new(view, "has_next", json_boolean(page < pages));
    json_object_set_new(view, "prev_page", json_integer(page - 1));
    json_object_set_new(view, "next_page", json_integer(page + 1));
}

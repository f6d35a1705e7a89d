#include "modules/protocol/routes.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/filetype.h"
#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/protocol/protocol.h"
#include "web/input.h"

/* The largest package built in one answer: about 256 MB; a longer period is split. */
enum { EXPORT_MAX_BYTES = 256 << 20 };

/* The register's offices: the city's officers register and cancel, controllers read. */
static int64_t city_of(req *r)
{
    return req_city_for(r, ROLE_OFFICER | ROLE_CONTROLLER);
}

static int64_t this_year(void)
{
    char today[11];
    date_rome(clock_now_us(), today);
    return atoi(today);
}

/* The year asked in ?year=, else this year. */
static int64_t year_asked(req *r)
{
    const char *y = req_field(r, "year");
    if (!y || !*y) return this_year();
    return in_int(r, "year", 2000, 2199, IN_OPTIONAL);
}

/* codes with their labels as name, the one equal to selected (may be NULL) marked. */
static void choices(req *r, json_t *v, const char *name, const char *const *codes,
                    const char *prefix, const char *selected)
{
    json_t *a = json_array();
    for (int i = 0; codes[i]; i++) {
        const char *key = arena_printf(&r->mem, "%s.%s", prefix, codes[i]);
        json_array_append_new(a,
                              json_pack("{s:s,s:s,s:b}", "code", codes[i], "label", req_t(r, key),
                                        "selected", selected && !strcmp(selected, codes[i])));
    }
    json_object_set_new(v, name, a);
}

static void label_entries(req *r, json_t *rows)
{
    req_label_each(r, rows, "direction", "protocol.direction", "direction_label");
    req_label_each(r, rows, "kind", "protocol.kind", "kind_label");
}

int protocol_index(req *r)
{
    int64_t year = year_asked(r);
    const char *q = in_text(r, "q", 100, IN_OPTIONAL);
    const char *dir = in_choice(r, "direction", protocol_directions, IN_OPTIONAL);
    int64_t page = in_int(r, "page", 1, 1000000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "protocol.bad_filter");
    json_t *v = protocol_list(r->db, city_of(r), year, q, dir, page);
    if (!v) return -1;
    label_entries(r, json_object_get(v, "entries"));
    /* The years to choose from: those with entries, and the one shown. */
    json_t *years = json_array(), *y;
    size_t i;
    bool listed = false;
    json_array_foreach(json_object_get(v, "years"), i, y)
    {
        bool shown = json_integer_value(json_object_get(y, "year")) == year;
        listed = listed || shown;
        json_array_append_new(years, json_pack("{s:O,s:O,s:b}", "year", json_object_get(y, "year"),
                                               "entries", json_object_get(y, "entries"), "selected",
                                               shown));
    }
    if (!listed)
        json_array_insert_new(
            years, 0,
            json_pack("{s:I,s:i,s:b}", "year", (json_int_t)year, "entries", 0, "selected", true));
    json_object_set_new(v, "year_choices", years);
    json_object_set_new(v, "q", json_string(q));
    json_object_set_new(v, "direction", json_string(dir ? dir : ""));
    json_object_set_new(v, "is_officer", json_boolean(req_has_role(r, ROLE_OFFICER)));
    req_pager(v, json_integer_value(json_object_get(v, "page")),
              json_integer_value(json_object_get(v, "pages")));
    choices(r, v, "directions", protocol_directions, "protocol.direction", NULL);
    choices(r, v, "direction_filter", protocol_directions, "protocol.direction", dir);
    choices(r, v, "kinds", protocol_kinds, "protocol.kind", NULL);
    r->view = v;
    r->template = "protocol/index";
    r->title_key = "protocol.title";
    return 0;
}

/* The uploads of field, in order, checked against the size limit. */
static int files_of(req *r, const char *field, protocol_file *out, int max)
{
    int n = 0;
    for (int i = 0; i < r->nuploads; i++) {
        upload *u = &r->uploads[i];
        if (strcmp(u->field, field) != 0 || !u->len) continue;
        if (n == max) {
            req_field_error(r, field, "protocol.too_many_files");
            return n;
        }
        if (u->len > FILE_MAX_BYTES) {
            req_field_error(r, field, "proposals.file_too_large");
            continue;
        }
        const char *mime = filetype_of(u->data, u->len);
        out[n++] = (protocol_file){.name = *u->filename ? u->filename : "documento",
                                   .data = u->data,
                                   .len = u->len,
                                   .mime = mime ? mime : "application/octet-stream"};
    }
    return n;
}

int protocol_create(req *r)
{
    protocol_file files[PROTOCOL_MAX_FILES];
    protocol_in in = {.city_id = req_city_for(r, ROLE_OFFICER), .user_id = r->user->id};
    in.direction = in_choice(r, "direction", protocol_directions, IN_REQUIRED);
    in.kind = in_choice(r, "kind", protocol_kinds, IN_REQUIRED);
    in.correspondent = in_text(r, "correspondent", 300, IN_REQUIRED);
    in.subject = in_text(r, "subject", 500, IN_REQUIRED);
    if (files_of(r, "document", files, 1) == 0 && !req_has_errors(r))
        req_field_error(r, "document", "protocol.document_required");
    in.nfiles = 1 + files_of(r, "attachments", files + 1, PROTOCOL_MAX_FILES - 1);
    if (req_has_errors(r)) return req_error(r, 422, "protocol.incomplete");
    in.files = files;
    in.now = clock_now_us();
    protocol_number n;
    if (db_begin(r->db) != DB_OK) return -1;
    proto_rc rc = protocol_register(r->db, &in, &n);
    if (rc != PROTO_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        return rc == PROTO_FULL ? req_error(r, 409, "protocol.year_full") : -1;
    }
    r->view = json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)n.id, "year", (json_int_t)n.year,
                        "number", (json_int_t)n.number, "label", n.label);
    return req_redirect(r, arena_printf(&r->mem, "/protocol/%lld", (long long)n.id),
                        "protocol.registered");
}

int protocol_show(req *r)
{
    json_t *e = protocol_get(r->db, city_of(r), req_param_id(r, "id"));
    if (!e) return req_error(r, 404, "error.not_found");
    json_t *one = json_pack("[O]", e);
    label_entries(r, one);
    json_decref(one);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "files"), i, f)
    {
        json_object_set_new(f, "n", json_integer((json_int_t)i + 1));
        json_object_set_new(f, "is_document", json_boolean(i == 0));
    }
    /* The record the document belongs to, where its pages are. */
    const char *ref = json_string_value(json_object_get(e, "ref_type"));
    static const char *const PAGES[][2] = {
        {"proposal", "/proposals/"},   {"claim", "/claims/"}, {"pact", "/commons/pacts/"},
        {"agreement", "/agreements/"}, {"table", "/tables/"}, {"call", "/calls/"}};
    for (size_t k = 0; ref && k < sizeof PAGES / sizeof *PAGES; k++)
        if (!strcmp(ref, PAGES[k][0]))
            json_object_set_new(e, "ref_path",
                                json_string(arena_printf(
                                    &r->mem, "%s%lld", PAGES[k][1],
                                    (long long)json_integer_value(json_object_get(e, "ref_id")))));
    r->title_text = arena_printf(&r->mem, "%s %s", req_t(r, "protocol.number"),
                                 json_string_value(json_object_get(e, "label")));
    r->view = json_pack("{s:o,s:b}", "entry", e, "is_officer", req_has_role(r, ROLE_OFFICER));
    r->template = "protocol/entry";
    r->title_key = "protocol.title";
    return 0;
}

int protocol_cancel_entry(req *r)
{
    int64_t id = req_param_id(r, "id");
    const char *reason = in_text(r, "reason", 1000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "protocol.cancel_needs_reason");
    if (db_begin(r->db) != DB_OK) return -1;
    proto_rc rc = protocol_cancel(r->db, req_city_for(r, ROLE_OFFICER), id, r->user->id, reason,
                                  clock_now_us());
    if (rc != PROTO_OK || db_commit(r->db) != DB_OK) {
        db_rollback(r->db);
        if (rc == PROTO_NOT_FOUND) return req_error(r, 404, "error.not_found");
        if (rc == PROTO_CANCELLED) return req_error(r, 409, "protocol.already_cancelled");
        return -1;
    }
    return req_redirect(r, arena_printf(&r->mem, "/protocol/%lld", (long long)id),
                        "protocol.cancelled");
}

int protocol_file_download(req *r)
{
    size_t len = 0;
    json_t *meta = NULL;
    int64_t pos = req_param_id(r, "pos") - 1; /* 1 the document, 2.. the attachments */
    void *data =
        pos < 0 ? NULL
                : protocol_file_bytes(r->db, city_of(r), req_param_id(r, "id"), pos, &len, &meta);
    if (!data) return req_error(r, 404, "protocol.no_file");
    int rc = req_send_file(r, data, len, json_string_value(json_object_get(meta, "mime")),
                           json_string_value(json_object_get(meta, "name")));
    free(data);
    json_decref(meta);
    return rc;
}

int protocol_daily_index(req *r)
{
    int64_t year = year_asked(r);
    if (req_has_errors(r)) return req_error(r, 422, "protocol.bad_filter");
    json_t *days = protocol_daily_list(r->db, city_of(r), year);
    if (!days) return -1;
    r->view = json_pack("{s:o,s:I}", "days", days, "year", (json_int_t)year);
    r->template = "protocol/daily";
    r->title_key = "protocol.daily_title";
    return 0;
}

int protocol_daily_file(req *r)
{
    const char *day = req_param(r, "day");
    char iso[11] = "";
    /* "2026-12-01" or "2026-12-01.csv" */
    if (day && strlen(day) >= 10) memcpy(iso, day, 10);
    if (!day || date_parse(iso, NULL, NULL, NULL) || (day[10] && strcmp(day + 10, ".csv") != 0))
        return req_error(r, 404, "error.not_found");
    json_t *d = protocol_daily_get(r->db, city_of(r), iso);
    if (!d) return req_error(r, 404, "protocol.no_daily");
    const char *content = json_string_value(json_object_get(d, "content"));
    /* The hash as RFC 9530 writes it, for anyone checking the file on arrival. */
    unsigned char raw[32];
    char b64[64];
    size_t got = 0;
    const char *hex = json_string_value(json_object_get(d, "sha256"));
    if (sodium_hex2bin(raw, sizeof raw, hex, strlen(hex), NULL, &got, NULL) == 0 && got == 32) {
        sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
        req_add_header(r, "Repr-Digest", arena_printf(&r->mem, "sha-256=:%s:", b64));
    }
    int rc = req_send_file(r, content, strlen(content), "text/csv; charset=utf-8",
                           arena_printf(&r->mem, "registro-giornaliero-%s.csv", iso));
    json_decref(d);
    return rc;
}

int protocol_metadata_show(req *r)
{
    json_t *m = protocol_metadata(r->db, city_of(r), req_param_id(r, "id"));
    if (!m) return req_error(r, 404, "error.not_found");
    char *text = json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(m);
    if (!text) return -1;
    int rc = req_send_file(r, text, strlen(text), "application/json; charset=utf-8", NULL);
    free(text);
    return rc;
}

/* The package for conservation of a period: a tar built in memory up to its limit (a longer
 * period is refused with what to do), its hash sent as Repr-Digest, the export audited. */
int protocol_export_package(req *r)
{
    const char *from = in_date(r, "from", IN_REQUIRED), *to = in_date(r, "to", IN_REQUIRED);
    if (!req_has_errors(r) && strcmp(from, to) > 0)
        req_field_error(r, "to", "protocol.export_order");
    if (!req_has_errors(r) && date_day_number(to) - date_day_number(from) >= PROTOCOL_EXPORT_DAYS)
        req_field_error(r, "to", "protocol.export_too_long");
    if (req_has_errors(r)) return req_error(r, 422, "protocol.export_bad");
    int64_t city = city_of(r);
    json_t *summary = NULL;
    buf out;
    buf_init(&out, EXPORT_MAX_BYTES);
    int rc = protocol_export(r->db, city, from, to, clock_now_us(), &out, &summary);
    if (rc == 0 && db_begin(r->db) == DB_OK) {
        if (audit_append(r->db, city, r->user->id, "protocol_export", "city", city, summary) ||
            db_commit(r->db) != DB_OK) {
            db_rollback(r->db);
            rc = -1;
        }
    }
    if (rc) {
        buf_free(&out);
        json_decref(summary);
        return rc == 1 ? req_error(r, 413, "protocol.export_too_large") : -1;
    }
    unsigned char raw[32];
    char b64[64];
    crypto_hash_sha256(raw, (const unsigned char *)out.data, out.len);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    req_add_header(r, "Repr-Digest", arena_printf(&r->mem, "sha-256=:%s:", b64));
    rc = req_send_file(
        r, out.data, out.len, "application/x-tar",
        arena_printf(&r->mem, "%s.tar", json_string_value(json_object_get(summary, "id"))));
    buf_free(&out);
    json_decref(summary);
    return rc;
}

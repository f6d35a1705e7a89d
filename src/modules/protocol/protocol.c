#include "modules/protocol/protocol.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/timefmt.h"
#include "db/blobs.h"
#include "modules/audit/audit.h"

const char *const protocol_directions[] = {"in", "out", NULL};
const char *const protocol_kinds[] = {"proposal",     "claim",  "agreement", "decision",
                                      "pact_request", "letter", NULL};

void protocol_label(int64_t year, int64_t number, char out[24])
{
    snprintf(out, 24, "%07lld/%lld", (long long)number, (long long)year);
}

/* The next number of the city's year, taken with the caller's entry: the row lock on the
 * counter orders simultaneous registrations on every instance, and a rollback returns it. */
static proto_rc next_number(db_conn *c, int64_t city, int64_t year, int64_t *number)
{
    db_rc d = db_query_int(c,
                           "INSERT INTO protocol_counters (city_id, year, last_number) "
                           "VALUES (?, ?, 1) ON CONFLICT (city_id, year) DO UPDATE SET "
                           "last_number = protocol_counters.last_number + 1 RETURNING last_number",
                           DB_ARGS(DB_INT(city), DB_INT(year)), number);
    if (d == DB_CONSTRAINT) return PROTO_FULL; /* past seven digits */
    return d == DB_OK ? PROTO_OK : PROTO_ERROR;
}

static proto_rc add_file(db_conn *c, int64_t entry, int position, const protocol_file *f)
{
    char sha[65];
    bool stored = f->data != NULL;
    if (stored) {
        if (blob_put(c, f->data, f->len, f->mime ? f->mime : "application/octet-stream", sha) !=
            DB_OK)
            return PROTO_ERROR;
    } else {
        snprintf(sha, sizeof sha, "%s", f->sha256 ? f->sha256 : "");
    }
    return db_exec(c,
                   "INSERT INTO protocol_files (entry_id, position, name, sha256, size, is_stored, "
                   "is_signed, is_timestamped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(DB_INT(entry), DB_INT(position), DB_TEXT(f->name), DB_TEXT(sha),
                           stored ? DB_INT((int64_t)f->len) : DB_NULL, DB_INT(stored),
                           DB_INT(f->is_signed), DB_INT(f->is_timestamped)),
                   NULL) == DB_OK
               ? PROTO_OK
               : PROTO_ERROR;
}

proto_rc protocol_register(db_conn *c, const protocol_in *in, protocol_number *out)
{
    memset(out, 0, sizeof *out);
    if (in->nfiles < 1) return PROTO_ERROR;
    date_rome(in->now, out->day);
    out->year = atoi(out->day);
    proto_rc rc = next_number(c, in->city_id, out->year, &out->number);
    if (rc != PROTO_OK) return rc;
    if (db_query_int(
            c,
            "INSERT INTO protocol_entries (city_id, year, number, registered_at, day, direction, "
            "kind, correspondent, subject, ref_type, ref_id, registered_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            DB_ARGS(DB_INT(in->city_id), DB_INT(out->year), DB_INT(out->number), DB_INT(in->now),
                    DB_TEXT(out->day), DB_TEXT(in->direction), DB_TEXT(in->kind),
                    DB_TEXT(in->correspondent), DB_TEXT(in->subject),
                    in->ref_type ? DB_TEXT(in->ref_type) : DB_NULL,
                    in->ref_type ? DB_INT(in->ref_id) : DB_NULL,
                    in->user_id ? DB_INT(in->user_id) : DB_NULL),
            &out->id) != DB_OK)
        return PROTO_ERROR;
    for (int i = 0; i < in->nfiles; i++)
        if (add_file(c, out->id, i, &in->files[i]) != PROTO_OK) return PROTO_ERROR;
    protocol_label(out->year, out->number, out->label);
    json_t *detail = json_pack("{s:s,s:s}", "number", out->label, "direction", in->direction);
    int au = audit_append(c, in->city_id, in->user_id, "protocol_register", "protocol_entry",
                          out->id, detail);
    json_decref(detail);
    return au ? PROTO_ERROR : PROTO_OK;
}

proto_rc protocol_cancel(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                         const char *reason, int64_t now)
{
    int64_t cancelled = -1;
    if (db_query_int(c,
                     "SELECT CASE WHEN cancelled_at IS NULL THEN 0 ELSE 1 END FROM "
                     "protocol_entries WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(id), DB_INT(city_id)), &cancelled) != DB_OK)
        return PROTO_ERROR;
    if (cancelled < 0) return PROTO_NOT_FOUND;
    if (cancelled) return PROTO_CANCELLED;
    int64_t n = 0;
    if (db_exec(
            c,
            "UPDATE protocol_entries SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? "
            "WHERE id = ? AND cancelled_at IS NULL",
            DB_ARGS(DB_INT(now), user_id ? DB_INT(user_id) : DB_NULL, DB_TEXT(reason), DB_INT(id)),
            &n) != DB_OK)
        return PROTO_ERROR;
    if (n != 1) return PROTO_CANCELLED;
    json_t *detail = json_pack("{s:s}", "reason", reason);
    int au = audit_append(c, city_id, user_id, "protocol_cancel", "protocol_entry", id, detail);
    json_decref(detail);
    return au ? PROTO_ERROR : PROTO_OK;
}

#define ENTRY_COLUMNS                                                                              \
    "e.id, e.year, e.number, e.registered_at, e.day, e.direction, e.kind, e.correspondent, "       \
    "e.subject, e.ref_type, e.ref_id, e.cancelled_at, e.cancel_reason, "                           \
    "CASE WHEN e.cancelled_at IS NULL THEN 0 ELSE 1 END AS is_cancelled, "                         \
    "(SELECT f.sha256 FROM protocol_files f WHERE f.entry_id = e.id AND f.position = 0) AS "       \
    "document_sha256, (SELECT COUNT(*) - 1 FROM protocol_files f WHERE f.entry_id = e.id) AS "     \
    "attachments"

void protocol_label_each(json_t *rows, const char *year_key, const char *number_key,
                         const char *label_key)
{
    size_t i;
    json_t *e;
    json_array_foreach(rows, i, e)
    {
        if (!json_is_integer(json_object_get(e, number_key))) continue;
        char label[24];
        protocol_label(json_integer_value(json_object_get(e, year_key)),
                       json_integer_value(json_object_get(e, number_key)), label);
        json_object_set_new(e, label_key, json_string(label));
    }
}

static void label_each(json_t *rows)
{
    protocol_label_each(rows, "year", "number", "label");
}

enum { PAGE_SIZE = 50 };

json_t *protocol_list(db_conn *c, int64_t city_id, int64_t year, const char *q,
                      const char *direction, int64_t page)
{
    /* A number typed as "123" or "0000123/2026" finds that entry of the year. */
    const char *qv = q ? q : "";
    /* A number only when the whole search is one: "123", or "0000123/2026" as printed. */
    char *end = NULL;
    int64_t number = strtoll(qv, &end, 10);
    if (end == qv || (*end && !(*end == '/' && strlen(end) == 5 && isdigit((unsigned char)end[1]) &&
                                isdigit((unsigned char)end[2]) && isdigit((unsigned char)end[3]) &&
                                isdigit((unsigned char)end[4]))))
        number = -1;
    char like[260];
    snprintf(like, sizeof like, "%%%s%%", qv);
    const char *dir = direction && *direction ? direction : "";
    const char *where = "e.city_id = ? AND e.year = ? AND (? = '' OR e.direction = ?) AND "
                        "(? = '' OR e.number = ? OR lower(e.correspondent) LIKE lower(?) OR "
                        "lower(e.subject) LIKE lower(?))";
    char sql[1024];
    int64_t total = 0;
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM protocol_entries e WHERE %s", where);
#define FILTER                                                                                     \
    DB_INT(city_id), DB_INT(year), DB_TEXT(dir), DB_TEXT(dir), DB_TEXT(qv), DB_INT(number),        \
        DB_TEXT(like), DB_TEXT(like)
    if (db_query_int(c, sql, DB_ARGS(FILTER), &total) != DB_OK) return NULL;
    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    if (page < 1) page = 1;
    if (page > pages) page = pages;
    snprintf(sql, sizeof sql,
             "SELECT " ENTRY_COLUMNS " FROM protocol_entries e WHERE %s "
             "ORDER BY e.number DESC LIMIT ? OFFSET ?",
             where);
    json_t *rows =
        db_query_json(c, sql, DB_ARGS(FILTER, DB_INT(PAGE_SIZE), DB_INT((page - 1) * PAGE_SIZE)));
#undef FILTER
    json_t *years = db_query_json(
        c,
        "SELECT year, last_number AS entries FROM protocol_counters WHERE city_id = ? "
        "ORDER BY year DESC",
        DB_ARGS(DB_INT(city_id)));
    if (!rows || !years) {
        json_decref(rows);
        json_decref(years);
        return NULL;
    }
    label_each(rows);
    return json_pack("{s:o,s:I,s:I,s:I,s:I,s:o}", "entries", rows, "total", (json_int_t)total,
                     "page", (json_int_t)page, "pages", (json_int_t)pages, "year", (json_int_t)year,
                     "years", years);
}

json_t *protocol_get(db_conn *c, int64_t city_id, int64_t id)
{
    json_t *rows = db_query_json(
        c,
        "SELECT " ENTRY_COLUMNS ", u.name AS registered_by_name, x.name AS cancelled_by_name "
        "FROM protocol_entries e LEFT JOIN users u ON u.id = e.registered_by "
        "LEFT JOIN users x ON x.id = e.cancelled_by WHERE e.id = ? AND e.city_id = ?",
        DB_ARGS(DB_INT(id), DB_INT(city_id)));
    json_t *e = rows && json_array_size(rows) ? json_incref(json_array_get(rows, 0)) : NULL;
    json_decref(rows);
    if (!e) return NULL;
    json_t *files = db_query_json(c,
                                  "SELECT position, name, sha256, size, is_stored, is_signed, "
                                  "is_timestamped FROM protocol_files WHERE entry_id = ? ORDER "
                                  "BY position",
                                  DB_ARGS(DB_INT(id)));
    if (!files) {
        json_decref(e);
        return NULL;
    }
    json_t *one = json_pack("[O]", e);
    label_each(one);
    json_decref(one);
    json_object_set_new(e, "files", files);
    return e;
}

void *protocol_file_bytes(db_conn *c, int64_t city_id, int64_t id, int64_t position, size_t *len,
                          json_t **meta)
{
    return blob_named(c,
                      "SELECT f.name, b.mime, b.content FROM protocol_files f "
                      "JOIN protocol_entries e ON e.id = f.entry_id "
                      "JOIN blobs b ON b.sha256 = f.sha256 WHERE f.entry_id = ? AND "
                      "f.position = ? AND e.city_id = ? AND f.is_stored = 1",
                      DB_ARGS(DB_INT(id), DB_INT(position), DB_INT(city_id)), len, meta);
}

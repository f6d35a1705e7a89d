/* The daily register (DPR 445/2000 art. 53; AgID's guidelines ask it be sent to conservation by
 * the next working day): each day's registrations and cancellations as one CSV file with its
 * SHA-256, made by the ticker once the day is over in Europe/Rome, for every day from the
 * city's first entry, empty days included, so that a missing day is itself visible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/hex.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "modules/protocol/protocol.h"

/* A catch-up after a long stop makes at most this many days a tick (one transaction each). */
enum { DAYS_PER_TICK = 366, DAILY_MAX_BYTES = 64 << 20 };

static const char HEADER[] =
    "operazione,numero,anno,registrata_il,direzione,tipologia,corrispondente,oggetto,nome_file,"
    "impronta_sha256,annullata_il,motivo_annullamento\r\n";

/* One CSV line per row of r, whose columns follow HEADER after the operation: number, year,
 * registered_at, direction, kind, correspondent, subject, file name, SHA-256, cancelled_at,
 * reason. */
static int put_rows(buf *b, db_rows *r, const char *op, int64_t *count, int64_t *first,
                    int64_t *last)
{
    while (db_next(r)) {
        char text[32];
        csv_put_text(b, op, ',');
        for (int col = 0; col <= 10; col++) {
            buf_putc(b, ',');
            if (col == 0) {
                snprintf(text, sizeof text, "%07lld", (long long)db_int(r, 0));
                csv_put_text(b, text, ',');
            } else if (col == 1) {
                snprintf(text, sizeof text, "%lld", (long long)db_int(r, 1));
                csv_put_number(b, text, ',');
            } else if (col == 2 || col == 9) {
                *text = '\0';
                if (!db_isnull(r, col)) time_format_iso(db_int(r, col), text, sizeof text);
                csv_put_text(b, text, ',');
            } else {
                csv_put_text(b, db_isnull(r, col) ? "" : db_text(r, col), ',');
            }
        }
        if (buf_puts(b, "\r\n")) return -1;
        if (first && (*first == 0 || db_int(r, 0) < *first)) *first = db_int(r, 0);
        if (last && db_int(r, 0) > *last) *last = db_int(r, 0);
        (*count)++;
    }
    return 0;
}

/* The three sections of a day: what was registered (with the document), the attachments of
 * those entries, and what was cancelled that day (whenever registered). */
static const char *const SECTIONS[][2] = {
    {"registrazione",
     "SELECT e.number, e.year, e.registered_at, e.direction, e.kind, e.correspondent, e.subject, "
     "f.name, f.sha256, NULL, NULL FROM protocol_entries e JOIN protocol_files f ON "
     "f.entry_id = e.id AND f.position = 0 WHERE e.city_id = ? AND e.day = ? "
     "ORDER BY e.year, e.number"},
    {"allegato",
     "SELECT e.number, e.year, NULL, NULL, NULL, NULL, NULL, f.name, f.sha256, NULL, NULL "
     "FROM protocol_entries e JOIN protocol_files f ON f.entry_id = e.id AND f.position > 0 "
     "WHERE e.city_id = ? AND e.day = ? ORDER BY e.year, e.number, f.position"},
    {"annullamento",
     "SELECT e.number, e.year, e.registered_at, e.direction, e.kind, e.correspondent, "
     "e.subject, f.name, f.sha256, e.cancelled_at, e.cancel_reason FROM protocol_entries e "
     "JOIN protocol_files f ON f.entry_id = e.id AND f.position = 0 WHERE e.city_id = ? AND "
     "e.cancelled_at >= ? AND e.cancelled_at < ? ORDER BY e.year, e.number"},
};

static int make_day(db_conn *c, int64_t city, const char *day, int64_t now)
{
    int64_t from = 0, to = 0;
    char next[11];
    date_from_day_number(date_day_number(day) + 1, next);
    char a[20], z[20];
    snprintf(a, sizeof a, "%s 00:00", day);
    snprintf(z, sizeof z, "%s 00:00", next);
    if (time_parse_local(a, &from) || time_parse_local(z, &to)) return -1;
    buf b;
    buf_init(&b, DAILY_MAX_BYTES);
    buf_puts(&b, HEADER);
    int64_t counts[3] = {0, 0, 0}, first = 0, last = 0;
    int bad = 0;
    for (int i = 0; i < 3 && !bad; i++) {
        db_rows *r;
        if (i < 2)
            r = db_query(c, SECTIONS[i][1], DB_ARGS(DB_INT(city), DB_TEXT(day)));
        else
            r = db_query(c, SECTIONS[i][1], DB_ARGS(DB_INT(city), DB_INT(from), DB_INT(to)));
        bad =
            !r || put_rows(&b, r, SECTIONS[i][0], &counts[i], i ? NULL : &first, i ? NULL : &last);
        db_rows_close(r);
    }
    size_t len = 0;
    char *content = bad ? NULL : buf_detach(&b, &len);
    buf_free(&b);
    if (!content) return -1;
    char sha[65];
    sha256_hex(content, len, sha);
    db_rc d = db_exec(c,
                      "INSERT INTO protocol_daily (city_id, day, produced_at, entries, "
                      "cancellations, first_number, last_number, content, sha256) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (city_id, day) DO NOTHING",
                      DB_ARGS(DB_INT(city), DB_TEXT(day), DB_INT(now), DB_INT(counts[0]),
                              DB_INT(counts[2]), first ? DB_INT(first) : DB_NULL,
                              last ? DB_INT(last) : DB_NULL, DB_TEXT(content), DB_TEXT(sha)),
                      NULL);
    free(content);
    return d == DB_OK ? 0 : -1;
}

int protocol_daily_produce(db_conn *c, int64_t now)
{
    char today[11];
    date_rome(now, today);
    int64_t yesterday = date_day_number(today) - 1;
    char ended[11];
    date_from_day_number(yesterday, ended);
    /* Each city's next day to make: the day after its last register, else its first entry's.
     * The ticker asks every second: two index probes per city, never a scan of the register. */
    json_t *due = db_query_json(
        c,
        "SELECT x.city_id, x.made, x.first_day FROM (SELECT c.id AS city_id, COALESCE((SELECT "
        "MAX(d.day) FROM protocol_daily d WHERE d.city_id = c.id), '') AS made, (SELECT "
        "MIN(e.day) FROM protocol_entries e WHERE e.city_id = c.id) AS first_day FROM cities c) x "
        "WHERE x.first_day IS NOT NULL AND x.made < ? AND x.first_day <= ?",
        DB_ARGS(DB_TEXT(ended), DB_TEXT(ended)));
    if (!due) return -1;
    int made = 0;
    size_t i;
    json_t *row;
    json_array_foreach(due, i, row)
    {
        int64_t city = json_integer_value(json_object_get(row, "city_id"));
        const char *last = json_string_value(json_object_get(row, "made"));
        int64_t day = *last ? date_day_number(last) + 1
                            : date_day_number(json_string_value(json_object_get(row, "first_day")));
        for (int n = 0; day <= yesterday && n < DAYS_PER_TICK; day++, n++) {
            char iso[11];
            date_from_day_number(day, iso);
            if (db_begin(c) != DB_OK) break;
            if (make_day(c, city, iso, now) || db_commit(c) != DB_OK) {
                db_rollback(c);
                log_error("protocol: the daily register of %s failed: %s", iso, db_errmsg(c));
                json_decref(due);
                return -1;
            }
            made++;
        }
    }
    json_decref(due);
    return made;
}

json_t *protocol_daily_list(db_conn *c, int64_t city_id, int64_t year)
{
    char from[11], to[11];
    snprintf(from, sizeof from, "%04lld-01-01", (long long)year);
    snprintf(to, sizeof to, "%04lld-12-31", (long long)year);
    return db_query_json(c,
                         "SELECT day, produced_at, entries, cancellations, first_number, "
                         "last_number, sha256, length(content) AS size FROM protocol_daily "
                         "WHERE city_id = ? AND day BETWEEN ? AND ? ORDER BY day DESC",
                         DB_ARGS(DB_INT(city_id), DB_TEXT(from), DB_TEXT(to)));
}

json_t *protocol_daily_get(db_conn *c, int64_t city_id, const char *day)
{
    return db_query_object(c,
                           "SELECT day, produced_at, entries, cancellations, first_number, "
                           "last_number, sha256, content FROM protocol_daily WHERE city_id = ? "
                           "AND day = ?",
                           DB_ARGS(DB_INT(city_id), DB_TEXT(day)));
}

#include "modules/opendata/opendata.h"

#include "base/csv.h"
#include "base/jsonstr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/timefmt.h"

/* Formats, one letter per column after the keyset id:
 *   t text   i integer   e euro with decimal comma (OpenCoesione)   E euro with decimal point
 *   u instant (µs) as ISO-8601 UTC   p hundredths as a decimal number   b 0/1 as true/false
 *   g micro-degrees as decimal degrees (WGS 84) */
const dataset OPENDATA[] = {
    {"operations",
     "SELECT o.id, o.local_code, o.cup, o.title, o.summary, p.code, "
     "CASE o.fund WHEN 'ESF' THEN 'FSE' ELSE 'FESR' END, o.budget_cents, "
     "REPLACE(COALESCE(o.start_date, ''), '-', ''), REPLACE(COALESCE(o.end_date, ''), '-', ''), "
     "CASE o.status WHEN 'planned' THEN 'Non avviato' WHEN 'running' THEN 'In corso' "
     "WHEN 'completed' THEN 'Concluso' ELSE 'Annullato' END, ci.istat_code "
     "FROM operations o JOIN actions a ON a.id = o.action_id JOIN programmes p ON p.id = "
     "a.programme_id "
     "JOIN cities ci ON ci.id = o.city_id WHERE o.id > ? ORDER BY o.id LIMIT ?",
     "COD_LOCALE_PROGETTO,CUP,OC_TITOLO_PROGETTO,OC_SINTESI_PROGETTO,OC_CODICE_PROGRAMMA,"
     "FONDO_COMUNITARIO,FINANZ_TOTALE_PUBBLICO,OC_DATA_INIZIO_PROGETTO,"
     "OC_DATA_FINE_PROGETTO_PREVISTA,OC_STATO_PROGETTO,COD_COMUNE",
     "ttttttetttt", ';'},
    {"calls",
     "SELECT k.id, k.id, ci.name, k.title, k.state, k.total_budget_cents, k.min_cofinancing_bp, "
     "k.duration_months, k.threshold_points, k.publication_at, k.deadline_at "
     "FROM calls k JOIN cities ci ON ci.id = k.city_id WHERE k.id > ? AND k.state <> 'draft' "
     "ORDER BY k.id LIMIT ?",
     "id,city,title,state,total_budget_eur,min_cofinancing_percent,duration_months,"
     "threshold_points,publication_at,deadline_at",
     "ittsEpiiuu", ','},
    {"rankings",
     "SELECT r.proposal_id, r.call_id, k.title, a.name, r.position, o.name, o.tax_code, "
     "r.total_hundredths, r.is_above_threshold, r.is_admitted, r.requested_cents "
     "FROM ranking_entries r JOIN calls k ON k.id = r.call_id JOIN call_areas a ON a.id = "
     "r.area_id "
     "JOIN proposals p ON p.id = r.proposal_id JOIN organisations o ON o.id = p.organisation_id "
     "WHERE r.proposal_id > ? ORDER BY r.proposal_id LIMIT ?",
     "call_id,call,area,position,organisation,tax_code,score,above_threshold,admitted,"
     "requested_eur",
     "ittittpbbE", ','},
    {"agreements",
     "SELECT g.id, g.id, ci.name, o.name, o.tax_code, k.title, g.state, g.document_sha256, "
     "(SELECT s.signed_at FROM agreement_signatures s WHERE s.agreement_id = g.id AND s.party = "
     "'city') "
     "FROM agreements g JOIN cities ci ON ci.id = g.city_id JOIN organisations o ON o.id = "
     "g.organisation_id "
     "JOIN codesign_tables t ON t.id = g.table_id JOIN calls k ON k.id = t.call_id "
     "WHERE g.id > ? AND g.state IN ('signed_city', 'active', 'closed') ORDER BY g.id LIMIT ?",
     "id,city,organisation,tax_code,call,state,document_sha256,signed_at", "ittttttu", ','},
    {"indicators",
     "SELECT i.id, i.agreement_id, ci.name, op.local_code, i.code, i.name, i.unit, i.planned, "
     "COALESCE((SELECT SUM(v.achieved) FROM indicator_values v JOIN indicator_periods p ON p.id "
     "= v.period_id WHERE v.indicator_id = i.id AND p.state = 'approved'), 0) "
     "FROM agreement_indicators i JOIN agreements g ON g.id = i.agreement_id "
     "JOIN cities ci ON ci.id = g.city_id JOIN codesign_tables t ON t.id = g.table_id "
     "JOIN calls k ON k.id = t.call_id JOIN operations op ON op.id = k.operation_id "
     "WHERE i.id > ? ORDER BY i.id LIMIT ?",
     "agreement_id,city,operation,code,name,unit,planned,achieved", "itttttii", ','},
    /* The low-threshold directory, one row per service and place where it is given (the same
     * data, live and in full, is the HSDS API at /hsds). */
    {"services",
     "SELECT ss.id, s.id, ci.name, s.kind, s.name, o.name, l.name, l.address, l.postal_code, "
     "l.neighbourhood, l.latitude_e6, l.longitude_e6, ss.hours, s.status, (SELECT COUNT(*) FROM "
     "places p WHERE p.service_id = s.id AND p.kind = 'bed' AND p.active = 1) "
     "FROM service_sites ss JOIN services s ON s.id = ss.service_id JOIN cities ci ON ci.id = "
     "s.city_id JOIN organisations o ON o.id = s.organisation_id JOIN service_locations l ON l.id "
     "= ss.location_id WHERE ss.id > ? AND s.status <> 'defunct' ORDER BY ss.id LIMIT ?",
     "service_id,city,kind,name,organisation,location,address,postal_code,neighbourhood,"
     "latitude,longitude,hours,status,beds",
     "ittttttttggtti", ','},
    /* Bed-nights and no-shows per service and night. Counts of people below 5 are withheld
     * (null) and the others rounded to the nearest 5, as for participants: no one is counted
     * out of a small shelter. The key orders by night, then service. */
    {"service_nights",
     "SELECT k, night, city, service_id, service, kind, CASE WHEN stays = 0 THEN 0 WHEN stays < 5 "
     "THEN NULL ELSE (stays + 2) / 5 * 5 END, CASE WHEN no_shows = 0 THEN 0 WHEN no_shows < 5 "
     "THEN NULL ELSE (no_shows + 2) / 5 * 5 END FROM (SELECT CAST(REPLACE(h.night, '-', '') AS "
     "BIGINT) * 10000000 + p.service_id AS k, h.night, ci.name AS city, p.service_id, s.name AS "
     "service, s.kind, SUM(CASE WHEN h.state = 'checked_in' THEN 1 ELSE 0 END) AS stays, "
     "SUM(CASE WHEN h.state = 'expired' THEN 1 ELSE 0 END) AS no_shows FROM place_holds h JOIN "
     "places p ON p.id = h.place_id JOIN services s ON s.id = p.service_id JOIN cities ci ON "
     "ci.id = s.city_id WHERE p.kind = 'bed' GROUP BY h.night, p.service_id, ci.name, s.name, "
     "s.kind) x WHERE k > ? ORDER BY k LIMIT ?",
     "night,city,service_id,service,kind,stays,no_shows", "ttittii", ','},
    /* Collaboration pacts, like Bologna's dataset: a resident who proposed one is not named
     * (a group or a body is); each side's support and the citizens' hours. */
    {"pacts",
     "SELECT p.id, p.id, ci.name, p.title, g.name, g.kind, g.address, g.neighbourhood, "
     "g.latitude_e6, g.longitude_e6, p.proposer_kind, CASE WHEN p.proposer_kind = 'resident' "
     "THEN '' ELSE p.proposer_name END, p.state, p.answer_due, p.starts_on, p.ends_on, "
     "p.renewals, (SELECT COUNT(*) FROM pact_signatories s WHERE s.pact_id = p.id AND s.left_at "
     "IS NULL), (SELECT COALESCE(SUM(l.value_cents), 0) FROM pact_ledger l WHERE l.pact_id = p.id "
     "AND l.side = 'city'), (SELECT COALESCE(SUM(l.value_cents), 0) FROM pact_ledger l WHERE "
     "l.pact_id = p.id AND l.side = 'citizens'), (SELECT COALESCE(SUM(l.hours_centi), 0) FROM "
     "pact_ledger l WHERE l.pact_id = p.id AND l.side = 'citizens'), e.year, e.number FROM pacts "
     "p JOIN cities ci ON ci.id = p.city_id JOIN commons_goods g ON g.id = p.good_id LEFT JOIN "
     "protocol_entries e ON e.id = p.protocol_entry_id WHERE p.id > ? ORDER BY p.id LIMIT ?",
     "id,city,title,good,good_kind,address,neighbourhood,latitude,longitude,proposer_kind,"
     "proposer,state,answer_due,starts_on,ends_on,renewals,signatories,city_support_eur,"
     "citizens_support_eur,citizens_hours,protocol_year,protocol_number",
     "ittttttggttttttiiEEpii", ','},
};
const size_t OPENDATA_COUNT = sizeof OPENDATA / sizeof OPENDATA[0];

const dataset *opendata_find(const char *name)
{
    for (size_t i = 0; i < OPENDATA_COUNT; i++)
        if (strcmp(OPENDATA[i].name, name) == 0) return &OPENDATA[i];
    return NULL;
}

void export_init(export_state *st, const dataset *ds, bool json)
{
    memset(st, 0, sizeof *st);
    st->ds = ds;
    st->json = json;
    buf_init(&st->pending, 16u << 20);
}

void export_free(export_state *st)
{
    buf_free(&st->pending);
}

static void json_cell(buf *b, const char *name, size_t namelen, const char *text, bool raw)
{
    json_put_string(b, name, namelen);
    buf_putc(b, ':');
    if (raw)
        buf_puts(b, text);
    else
        json_put_string(b, text, strlen(text));
}

/* The value of column col as text; *raw tells JSON to write it unquoted. */
static const char *cell(db_rows *r, int col, char fmt, char *tmp, size_t n, bool *raw)
{
    *raw = false;
    if (db_isnull(r, col)) {
        *raw = true;
        return "null";
    }
    int64_t v;
    switch (fmt) {
    case 'i':
        *raw = true;
        snprintf(tmp, n, "%lld", (long long)db_int(r, col));
        return tmp;
    case 'e':
        money_format_input(db_int(r, col), "it", tmp, n);
        return tmp;
    case 'E':
        *raw = true;
        money_format_input(db_int(r, col), "en", tmp, n);
        return tmp;
    case 'p':
        *raw = true;
        v = db_int(r, col);
        snprintf(tmp, n, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
        return tmp;
    case 'b':
        *raw = true;
        return db_int(r, col) ? "true" : "false";
    case 'u':
        time_format_iso(db_int(r, col), tmp, n);
        return tmp;
    case 'g':
        *raw = true;
        v = db_int(r, col);
        snprintf(tmp, n, "%s%lld.%06lld", v < 0 ? "-" : "", (long long)(v < 0 ? -v : v) / 1000000,
                 (long long)(v < 0 ? -v : v) % 1000000);
        return tmp;
    default:
        return db_text(r, col);
    }
}

/* Formats the next page into pending; false when there are no more rows. */
static int fill(export_state *st, db_conn *c)
{
    const dataset *ds = st->ds;
    size_t ncols = strlen(ds->formats);
    if (!st->started) {
        st->started = true;
        if (st->json) {
            buf_putc(&st->pending, '[');
        } else {
            for (const char *p = ds->columns; *p; p++)
                buf_putc(&st->pending, *p == ',' ? ds->separator : *p);
            buf_puts(&st->pending, "\r\n");
        }
    }
    db_rows *r = db_query(c, ds->sql, DB_ARGS(DB_INT(st->last_id), DB_INT(OPENDATA_PAGE)));
    if (!r) return -1;
    int got = 0;
    char tmp[64];
    while (db_next(r)) {
        got++;
        st->last_id = db_int(r, 0);
        if (st->json) buf_puts(&st->pending, st->rows ? ",{" : "{");
        const char *name = ds->columns;
        for (size_t i = 0; i < ncols; i++) {
            const char *end = strchr(name, ',');
            size_t nl = end ? (size_t)(end - name) : strlen(name);
            bool raw;
            const char *v = cell(r, (int)i + 1, ds->formats[i], tmp, sizeof tmp, &raw);
            if (st->json) {
                if (i) buf_putc(&st->pending, ',');
                json_cell(&st->pending, name, nl, v ? v : "", raw);
            } else {
                if (i) buf_putc(&st->pending, ds->separator);
                /* Numbers as they are; text (names, titles) through the formula rule. */
                if (raw && strcmp(v ? v : "", "null") == 0)
                    ;
                else if (raw)
                    csv_put_number(&st->pending, v, ds->separator);
                else
                    csv_put_text(&st->pending, v ? v : "", ds->separator);
            }
            name = end ? end + 1 : name + nl;
        }
        buf_puts(&st->pending, st->json ? "}" : "\r\n");
        st->rows++;
    }
    if (db_rows_close(r) != DB_OK) return -1;
    if (got < OPENDATA_PAGE) {
        if (st->json) buf_puts(&st->pending, "]\n");
        st->finished = true;
    }
    return st->pending.overflow ? -1 : 0;
}

long export_next(export_state *st, db_conn *c, char *out, size_t max)
{
    while (st->sent == st->pending.len) {
        if (st->finished) return 0;
        buf_reset(&st->pending);
        st->sent = 0;
        if (fill(st, c)) return -1;
    }
    size_t n = st->pending.len - st->sent;
    if (n > max) n = max;
    memcpy(out, st->pending.data + st->sent, n);
    st->sent += n;
    return (long)n;
}

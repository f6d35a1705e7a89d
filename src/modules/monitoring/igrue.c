#include "modules/monitoring/igrue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timefmt.h"

const char *const IGRUE_STRUCTURES[IGRUE_NSTRUCTURES] = {"AP00", "AP06", "FN00", "FN04",
                                                         "FN06", "IN01", "PR00", "SC00"};
const char *const IGRUE_COLUMNS[IGRUE_NSTRUCTURES] = {
    "COD_LOCALE_PROGETTO|TITOLO_PROGETTO|SINTESI_PRG|TIPO_OPERAZIONE|CUP|TIPO_AIUTO|DATA_INIZIO|"
    "DATA_FINE_PREVISTA|DATA_FINE_EFFETTIVA|FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|COD_REGIONE|COD_PROVINCIA|COD_COMUNE|INDIRIZZO|FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|COD_FONDO|IMPORTO|FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|COD_IMPEGNO|TIPOLOGIA_IMPEGNO|DATA_IMPEGNO|IMPORTO_IMPEGNO|"
    "FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|COD_PAGAMENTO|TIPOLOGIA_PAG|DATA_PAGAMENTO|IMPORTO_PAG|"
    "CAUSALE_PAGAMENTO|FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|TIPO_INDICATORE|COD_INDICATORE|VALORE_PROGRAMMATO|VALORE_REALIZZATO|"
    "FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|COD_FASE|DATA_INIZIO_PREVISTA|DATA_INIZIO_EFFETTIVA|"
    "DATA_FINE_PREVISTA|DATA_FINE_EFFETTIVA|FLG_CANCELLAZIONE",
    "COD_LOCALE_PROGETTO|COD_RUOLO_SOG|CODICE_FISCALE|FLAG_SOGGETTO_PUBBLICO|DENOMINAZIONE_SOG|"
    "FLG_CANCELLAZIONE",
};

int igrue_find(const char *name)
{
    for (int i = 0; i < IGRUE_NSTRUCTURES; i++)
        if (strcmp(IGRUE_STRUCTURES[i], name) == 0) return i;
    return -1;
}

void igrue_date(const char *iso, char out[11])
{
    out[0] = '\0';
    if (iso && strlen(iso) >= 10) snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

void igrue_amount(int64_t cents, char *out, size_t n)
{
    snprintf(out, n, "%s%lld,%02lld", cents < 0 ? "-" : "", llabs(cents) / 100, llabs(cents) % 100);
}

/* An instant as its Europe/Rome calendar date, YYYY-MM-DD. */
static void local_date(int64_t us, char out[11])
{
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A text field: the separator and line breaks would break the record. */
static void field(buf *b, const char *s)
{
    for (; s && *s; s++) buf_putc(b, (*s == '|' || *s == '\n' || *s == '\r') ? ' ' : *s);
    buf_putc(b, '|');
}

static void date_field(buf *b, const char *iso)
{
    char d[11];
    igrue_date(iso, d);
    field(b, d);
}

static void amount_field(buf *b, int64_t cents)
{
    char a[32];
    igrue_amount(cents, a, sizeof a);
    field(b, a);
}

static void end_record(buf *b)
{
    buf_puts(b, "N\r\n");
}

/* The region of each metropolitan city's province (ISTAT codes). */
static const char *region_of(const char *province)
{
    static const char *const MAP[][2] = {{"001", "01"}, {"010", "07"}, {"015", "03"}, {"027", "05"},
                                         {"037", "08"}, {"048", "09"}, {"058", "12"}, {"063", "15"},
                                         {"072", "16"}, {"080", "18"}, {"082", "19"}, {"083", "19"},
                                         {"087", "19"}, {"092", "20"}};
    for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
        if (strcmp(MAP[i][0], province) == 0) return MAP[i][1];
    return "";
}

/* The agreements that the city had signed by the date, of the operations in scope (one city,
 * or every city when the city is 0). Parameters: city, city, the end of the date. */
#define AGR_FROM                                                                                   \
    "FROM agreements g JOIN codesign_tables t ON t.id = g.table_id "                               \
    "JOIN calls k ON k.id = t.call_id JOIN operations o ON o.id = k.operation_id "                 \
    "JOIN agreement_signatures s ON s.agreement_id = g.id AND s.party = 'city' "
#define AGR_WHERE "WHERE (o.city_id = ? OR ? = 0) AND s.signed_at <= ? "

/* Each structure is written from two queries over every operation in scope at once, both in
 * the order of the operations' ids: the operations themselves and the structure's detail rows
 * (their first column the operation), walked side by side. A few statements per file, however
 * many operations: on PostgreSQL every statement is a round trip. */
static const char *const DETAIL_SQL[IGRUE_NSTRUCTURES] = {
    [1] = "SELECT DISTINCT k.operation_id, sp.address " AGR_FROM
          "JOIN space_assignments sa ON sa.agreement_id = g.id "
          "JOIN spaces sp ON sp.id = sa.space_id " AGR_WHERE "ORDER BY 1, 2",
    [2] = "SELECT k.operation_id, g.document " AGR_FROM AGR_WHERE "ORDER BY 1",
    [3] =
        "SELECT k.operation_id, g.id, g.document, s.signed_at " AGR_FROM AGR_WHERE "ORDER BY 1, 2",
    [4] = "SELECT k.operation_id, p.id, p.instalment, p.amount_cents, p.paid_on " AGR_FROM
          "JOIN payment_requests p ON p.agreement_id = g.id " AGR_WHERE
          "AND p.state = 'paid' AND p.paid_on <= ? ORDER BY 1, 2",
    /* The date of the approved periods comes first: its ? stands before the others. */
    [5] = "SELECT k.operation_id, i.code, SUM(i.planned), SUM(COALESCE((SELECT SUM(v.achieved) "
          "FROM indicator_values v JOIN indicator_periods p ON p.id = v.period_id "
          "WHERE v.indicator_id = i.id AND p.state = 'approved' AND p.ends_on <= ?), 0)) " AGR_FROM
          "JOIN agreement_indicators i ON i.agreement_id = g.id " AGR_WHERE
          "GROUP BY k.operation_id, i.code ORDER BY 1, 2",
    [6] = "SELECT k.operation_id, k.publication_at, k.deadline_at, "
          "(SELECT MIN(s.signed_at) FROM agreement_signatures s JOIN agreements g "
          "ON g.id = s.agreement_id JOIN codesign_tables t ON t.id = g.table_id "
          "WHERE t.call_id = k.id AND s.party = 'city') "
          "FROM calls k JOIN operations o ON o.id = k.operation_id "
          "WHERE (o.city_id = ? OR ? = 0) AND k.state <> 'draft' AND k.publication_at <= ? "
          "ORDER BY 1, k.id",
    [7] = "SELECT DISTINCT k.operation_id, og.tax_code, og.name " AGR_FROM
          "JOIN organisations og ON og.id = g.organisation_id " AGR_WHERE "ORDER BY 1, 2",
};

/* An operation as the files need it: a row of the operations' query. */
typedef struct operation {
    int64_t id, budget_cents;
    const char *code, *title, *summary, *cup, *fund, *start, *end, *status, *istat, *city, *city_cf;
} operation;

/* A query's rows and whether one is current. */
typedef struct cursor {
    db_rows *r;
    bool row;
} cursor;

static void cursor_next(cursor *d)
{
    d->row = d->r && db_next(d->r);
}

/* True while the detail is on a row of operation op; rows of operations before it (not chosen)
 * are passed over. */
static bool rows_of(cursor *d, int64_t op)
{
    while (d->row && db_int(d->r, 0) < op) cursor_next(d);
    return d->row && db_int(d->r, 0) == op;
}

static const char *text_or_empty(db_rows *r, int col)
{
    const char *t = db_text(r, col);
    return t ? t : "";
}

static bool is_erdf(const operation *o)
{
    return strcmp(o->fund, "ERDF") == 0;
}

static bool ended_by(const operation *o, const char *as_of)
{
    return strcmp(o->status, "completed") == 0 && *o->end && strcmp(o->end, as_of) <= 0;
}

/* A JSON text's integer member (an agreement's document), 0 when absent. */
static int64_t doc_cents(const char *doc, const char *key)
{
    json_t *j = json_loads(doc ? doc : "", 0, NULL);
    int64_t v = json_integer_value(json_object_get(j, key));
    json_decref(j);
    return v;
}

static int write_op(int s, const operation *o, cursor *d, const char *as_of, int64_t until, buf *b)
{
    int n = 0;
    switch (s) {
    case 0: /* AP00: the project master. Type 1 works (ERDF), 2 services (ESF); no state aid. */
        field(b, o->code);
        field(b, o->title);
        field(b, o->summary);
        field(b, is_erdf(o) ? "1" : "2");
        field(b, o->cup);
        field(b, "X");
        date_field(b, o->start);
        date_field(b, o->end);
        date_field(b, ended_by(o, as_of) ? o->end : NULL);
        end_record(b);
        return 1;
    case 1: { /* AP06: where. One record per space granted, else the city itself. */
        char prov[4];
        snprintf(prov, sizeof prov, "%.3s", o->istat);
        bool has = rows_of(d, o->id);
        do {
            field(b, o->code);
            field(b, region_of(prov));
            field(b, prov);
            field(b, o->istat);
            field(b, has ? text_or_empty(d->r, 1) : "");
            end_record(b);
            n++;
            if (has) {
                cursor_next(d);
                has = rows_of(d, o->id);
            }
        } while (has);
        return n;
    }
    case 2: { /* FN00: the public funding by fund, and the bodies' own co-financing. */
        int64_t cofin = 0;
        for (; rows_of(d, o->id); cursor_next(d))
            cofin += doc_cents(db_text(d->r, 1), "cofinancing_cents");
        field(b, o->code);
        field(b, is_erdf(o) ? "FESR" : "FSE");
        amount_field(b, o->budget_cents);
        end_record(b);
        n = 1;
        if (cofin > 0) {
            field(b, o->code);
            field(b, "PRIVATO");
            amount_field(b, cofin);
            end_record(b);
            n++;
        }
        return n;
    }
    case 3: /* FN04: each agreement signed by the city commits its public funding. */
        for (; rows_of(d, o->id); cursor_next(d)) {
            char id[32], day[11];
            snprintf(id, sizeof id, "CONV-%lld", (long long)db_int(d->r, 1));
            local_date(db_int(d->r, 3), day);
            field(b, o->code);
            field(b, id);
            field(b, "I");
            date_field(b, day);
            amount_field(b, doc_cents(db_text(d->r, 2), "funding_cents"));
            end_record(b);
            n++;
        }
        return n;
    case 4: /* FN06: payments made by the date. */
        for (; rows_of(d, o->id); cursor_next(d)) {
            const char *inst = text_or_empty(d->r, 2);
            char id[32];
            snprintf(id, sizeof id, "PAG-%lld", (long long)db_int(d->r, 1));
            field(b, o->code);
            field(b, id);
            field(b, "P");
            date_field(b, db_text(d->r, 4));
            amount_field(b, db_int(d->r, 3));
            field(b, strcmp(inst, "advance") == 0   ? "ANTICIPO"
                     : strcmp(inst, "interim") == 0 ? "INTERMEDIO"
                                                    : "SALDO");
            end_record(b);
            n++;
        }
        return n;
    case 5: /* IN01: output indicators, planned and achieved in periods approved by the date. */
        for (; rows_of(d, o->id); cursor_next(d)) {
            char planned[32], achieved[32];
            snprintf(planned, sizeof planned, "%lld", (long long)db_int(d->r, 2));
            snprintf(achieved, sizeof achieved, "%lld", (long long)db_int(d->r, 3));
            field(b, o->code);
            field(b, "O");
            field(b, text_or_empty(d->r, 1));
            field(b, planned);
            field(b, achieved);
            end_record(b);
            n++;
        }
        return n;
    case 6: { /* PR00: procedural steps of each call: publication and deadline, then execution. */
        for (; rows_of(d, o->id); cursor_next(d)) {
            char pub[11], dl[11], sig[11] = "";
            local_date(db_int(d->r, 1), pub);
            local_date(db_int(d->r, 2), dl);
            int64_t signed_at = db_isnull(d->r, 3) ? 0 : db_int(d->r, 3);
            if (signed_at && signed_at <= until) local_date(signed_at, sig);
            /* Each step: planned start, actual start, planned end, actual end. */
            const char *steps[][5] = {
                {"AVVISO", pub, strcmp(pub, as_of) <= 0 ? pub : "", dl,
                 strcmp(dl, as_of) <= 0 ? dl : ""},
                {"CONVENZIONE", dl, *sig ? dl : "", "", sig},
            };
            for (size_t k = 0; k < 2; k++) {
                field(b, o->code);
                field(b, steps[k][0]);
                for (int f = 1; f < 5; f++) date_field(b, steps[k][f]);
                end_record(b);
                n++;
            }
        }
        bool started = *o->start && strcmp(o->start, as_of) <= 0;
        field(b, o->code);
        field(b, "ESECUZIONE");
        date_field(b, o->start);
        date_field(b, started ? o->start : NULL);
        date_field(b, o->end);
        date_field(b, ended_by(o, as_of) ? o->end : NULL);
        end_record(b);
        return n + 1;
    }
    default: /* SC00: the city programmes (1) and is the beneficiary (2); the bodies
                implement (3). */
        for (int role = 1; role <= 2; role++) {
            field(b, o->code);
            field(b, role == 1 ? "1" : "2");
            field(b, o->city_cf);
            field(b, "S");
            field(b, o->city);
            end_record(b);
            n++;
        }
        for (; rows_of(d, o->id); cursor_next(d)) {
            field(b, o->code);
            field(b, "3");
            field(b, text_or_empty(d->r, 1));
            field(b, "N");
            field(b, text_or_empty(d->r, 2));
            end_record(b);
            n++;
        }
        return n;
    }
}

static db_rows *detail_rows(db_conn *c, int s, int64_t city, const char *as_of, int64_t until)
{
    if (!DETAIL_SQL[s]) return NULL;
    if (s == 4)
        return db_query(c, DETAIL_SQL[s],
                        DB_ARGS(DB_INT(city), DB_INT(city), DB_INT(until), DB_TEXT(as_of)));
    if (s == 5)
        return db_query(c, DETAIL_SQL[s],
                        DB_ARGS(DB_TEXT(as_of), DB_INT(city), DB_INT(city), DB_INT(until)));
    return db_query(c, DETAIL_SQL[s], DB_ARGS(DB_INT(city), DB_INT(city), DB_INT(until)));
}

long igrue_write(db_conn *c, int s, int64_t city, const int64_t *ops, int nops, const char *as_of,
                 buf *out)
{
    if (s < 0 || s >= IGRUE_NSTRUCTURES || !as_of) return -1;
    /* The end of the day, Europe/Rome, as an instant. */
    char text[32];
    int64_t until = 0;
    snprintf(text, sizeof text, "%.10s 23:59:59", as_of);
    if (time_parse_local(text, &until)) return -1;
    until += 999999;
    db_rows *all = db_query(
        c,
        "SELECT o.id, o.budget_cents, o.local_code, o.title, o.summary, o.cup, o.fund, "
        "o.start_date, o.end_date, o.status, ci.istat_code, ci.name, "
        "(SELECT og.tax_code FROM organisations og WHERE og.city_id = ci.id AND og.kind = 'city' "
        "ORDER BY og.id LIMIT 1) "
        "FROM operations o JOIN cities ci ON ci.id = o.city_id "
        "WHERE o.city_id = ? OR ? = 0 ORDER BY o.id",
        DB_ARGS(DB_INT(city), DB_INT(city)));
    if (!all) return -1;
    cursor d = {.r = detail_rows(c, s, city, as_of, until)};
    bool failed = DETAIL_SQL[s] && !d.r;
    cursor_next(&d);
    long n = 0;
    int next = 0; /* ops and the rows both ascend: the next chosen operation not yet met */
    while (!failed && db_next(all)) {
        int64_t id = db_int(all, 0);
        while (next < nops && ops[next] < id) next++;
        if (next == nops) break;
        if (ops[next] != id) continue;
        const operation o = {
            .id = id,
            .budget_cents = db_int(all, 1),
            .code = text_or_empty(all, 2),
            .title = text_or_empty(all, 3),
            .summary = text_or_empty(all, 4),
            .cup = text_or_empty(all, 5),
            .fund = text_or_empty(all, 6),
            .start = text_or_empty(all, 7),
            .end = text_or_empty(all, 8),
            .status = text_or_empty(all, 9),
            .istat = text_or_empty(all, 10),
            .city = text_or_empty(all, 11),
            .city_cf = text_or_empty(all, 12),
        };
        n += write_op(s, &o, &d, as_of, until, out);
    }
    if (d.r && db_rows_close(d.r) != DB_OK) failed = true;
    if (db_rows_close(all) != DB_OK) failed = true;
    return failed || out->overflow ? -1 : n;
}

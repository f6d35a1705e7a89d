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

/* Agreements of an operation that the city had signed by the date. */
#define OP_AGREEMENTS                                                                              \
    "FROM agreements g JOIN codesign_tables t ON t.id = g.table_id "                               \
    "JOIN calls k ON k.id = t.call_id JOIN agreement_signatures s ON s.agreement_id = g.id "       \
    "AND s.party = 'city' WHERE k.operation_id = ? AND s.signed_at <= ? "

static int write_op(db_conn *c, int s, int64_t op, const char *as_of, int64_t until, buf *b)
{
    json_t *o = db_query_object(c,
                                "SELECT o.local_code, o.title, o.summary, o.cup, o.fund, "
                                "o.start_date, o.end_date, o.status, o.budget_cents, "
                                "ci.istat_code, ci.name AS city, ci.id AS city_id "
                                "FROM operations o JOIN cities ci ON ci.id = o.city_id "
                                "WHERE o.id = ?",
                                DB_ARGS(DB_INT(op)));
    if (!o) return 0;
    const char *code = json_string_value(json_object_get(o, "local_code"));
    const char *fund = json_string_value(json_object_get(o, "fund"));
    int n = 0;
    json_t *rows = NULL;
    size_t i;
    json_t *x;
    switch (s) {
    case 0: { /* AP00: the project master. Type 1 works (ERDF), 2 services (ESF); no state aid. */
        const char *end = json_string_value(json_object_get(o, "end_date"));
        bool done = strcmp(json_string_value(json_object_get(o, "status")), "completed") == 0 &&
                    end && strcmp(end, as_of) <= 0;
        field(b, code);
        field(b, json_string_value(json_object_get(o, "title")));
        field(b, json_string_value(json_object_get(o, "summary")));
        field(b, strcmp(fund, "ERDF") == 0 ? "1" : "2");
        field(b, json_string_value(json_object_get(o, "cup")));
        field(b, "X");
        date_field(b, json_string_value(json_object_get(o, "start_date")));
        date_field(b, end);
        date_field(b, done ? end : NULL);
        end_record(b);
        n = 1;
        break;
    }
    case 1: { /* AP06: where. One record per space granted, else the city itself. */
        const char *istat = json_string_value(json_object_get(o, "istat_code"));
        char prov[4];
        snprintf(prov, sizeof prov, "%.3s", istat);
        rows = db_query_json(c,
                             "SELECT DISTINCT sp.address FROM space_assignments sa "
                             "JOIN spaces sp ON sp.id = sa.space_id WHERE sa.agreement_id IN "
                             "(SELECT g.id " OP_AGREEMENTS ") ORDER BY sp.address",
                             DB_ARGS(DB_INT(op), DB_INT(until)));
        size_t k = json_array_size(rows);
        for (i = 0; i < (k ? k : 1); i++) {
            field(b, code);
            field(b, region_of(prov));
            field(b, prov);
            field(b, istat);
            field(b,
                  k ? json_string_value(json_object_get(json_array_get(rows, i), "address")) : "");
            end_record(b);
            n++;
        }
        break;
    }
    case 2: { /* FN00: the public funding by fund, and the bodies' own co-financing. */
        int64_t cofin = 0;
        rows = db_query_json(c, "SELECT g.document " OP_AGREEMENTS,
                             DB_ARGS(DB_INT(op), DB_INT(until)));
        json_array_foreach(rows, i, x)
        {
            json_t *doc = json_loads(json_string_value(json_object_get(x, "document")), 0, NULL);
            cofin += json_integer_value(json_object_get(doc, "cofinancing_cents"));
            json_decref(doc);
        }
        field(b, code);
        field(b, strcmp(fund, "ERDF") == 0 ? "FESR" : "FSE");
        amount_field(b, json_integer_value(json_object_get(o, "budget_cents")));
        end_record(b);
        n = 1;
        if (cofin > 0) {
            field(b, code);
            field(b, "PRIVATO");
            amount_field(b, cofin);
            end_record(b);
            n++;
        }
        break;
    }
    case 3: /* FN04: each agreement signed by the city commits its public funding. */
        rows =
            db_query_json(c, "SELECT g.id, g.document, s.signed_at " OP_AGREEMENTS "ORDER BY g.id",
                          DB_ARGS(DB_INT(op), DB_INT(until)));
        json_array_foreach(rows, i, x)
        {
            json_t *doc = json_loads(json_string_value(json_object_get(x, "document")), 0, NULL);
            char id[32], day[11];
            snprintf(id, sizeof id, "CONV-%lld",
                     (long long)json_integer_value(json_object_get(x, "id")));
            local_date(json_integer_value(json_object_get(x, "signed_at")), day);
            field(b, code);
            field(b, id);
            field(b, "I");
            date_field(b, day);
            amount_field(b, json_integer_value(json_object_get(doc, "funding_cents")));
            end_record(b);
            json_decref(doc);
            n++;
        }
        break;
    case 4: /* FN06: payments made by the date. */
        rows = db_query_json(c,
                             "SELECT p.id, p.instalment, p.amount_cents, p.paid_on "
                             "FROM payment_requests p WHERE p.state = 'paid' AND p.paid_on <= ? "
                             "AND p.agreement_id IN (SELECT g.id " OP_AGREEMENTS ") ORDER BY p.id",
                             DB_ARGS(DB_TEXT(as_of), DB_INT(op), DB_INT(until)));
        json_array_foreach(rows, i, x)
        {
            const char *inst = json_string_value(json_object_get(x, "instalment"));
            char id[32];
            snprintf(id, sizeof id, "PAG-%lld",
                     (long long)json_integer_value(json_object_get(x, "id")));
            field(b, code);
            field(b, id);
            field(b, "P");
            date_field(b, json_string_value(json_object_get(x, "paid_on")));
            amount_field(b, json_integer_value(json_object_get(x, "amount_cents")));
            field(b, strcmp(inst, "advance") == 0   ? "ANTICIPO"
                     : strcmp(inst, "interim") == 0 ? "INTERMEDIO"
                                                    : "SALDO");
            end_record(b);
            n++;
        }
        break;
    case 5: /* IN01: output indicators, planned and achieved in periods approved by the date. */
        rows = db_query_json(
            c,
            "SELECT i.code, SUM(i.planned) AS planned, SUM(COALESCE((SELECT SUM(v.achieved) "
            "FROM indicator_values v JOIN indicator_periods p ON p.id = v.period_id "
            "WHERE v.indicator_id = i.id AND p.state = 'approved' AND p.ends_on <= ?), 0)) AS "
            "achieved FROM agreement_indicators i WHERE i.agreement_id IN (SELECT "
            "g.id " OP_AGREEMENTS ") GROUP BY i.code ORDER BY i.code",
            DB_ARGS(DB_TEXT(as_of), DB_INT(op), DB_INT(until)));
        json_array_foreach(rows, i, x)
        {
            char planned[32], achieved[32];
            snprintf(planned, sizeof planned, "%lld",
                     (long long)json_integer_value(json_object_get(x, "planned")));
            snprintf(achieved, sizeof achieved, "%lld",
                     (long long)json_integer_value(json_object_get(x, "achieved")));
            field(b, code);
            field(b, "O");
            field(b, json_string_value(json_object_get(x, "code")));
            field(b, planned);
            field(b, achieved);
            end_record(b);
            n++;
        }
        break;
    case 6: { /* PR00: procedural steps of each call: publication and deadline, then execution. */
        rows = db_query_json(c,
                             "SELECT k.publication_at, k.deadline_at, "
                             "(SELECT MIN(s.signed_at) FROM agreement_signatures s JOIN agreements "
                             "g ON g.id = s.agreement_id JOIN codesign_tables t ON t.id = "
                             "g.table_id WHERE t.call_id = k.id AND s.party = 'city') AS signed_at "
                             "FROM calls k WHERE k.operation_id = ? AND k.state <> 'draft' "
                             "AND k.publication_at <= ? ORDER BY k.id",
                             DB_ARGS(DB_INT(op), DB_INT(until)));
        json_array_foreach(rows, i, x)
        {
            char pub[11], dl[11], sig[11] = "";
            local_date(json_integer_value(json_object_get(x, "publication_at")), pub);
            local_date(json_integer_value(json_object_get(x, "deadline_at")), dl);
            int64_t signed_at = json_integer_value(json_object_get(x, "signed_at"));
            if (signed_at && signed_at <= until) local_date(signed_at, sig);
            /* Each step: planned start, actual start, planned end, actual end. */
            const char *steps[][5] = {
                {"AVVISO", pub, strcmp(pub, as_of) <= 0 ? pub : "", dl,
                 strcmp(dl, as_of) <= 0 ? dl : ""},
                {"CONVENZIONE", dl, *sig ? dl : "", "", sig},
            };
            for (size_t k = 0; k < 2; k++) {
                field(b, code);
                field(b, steps[k][0]);
                for (int f = 1; f < 5; f++) date_field(b, steps[k][f]);
                end_record(b);
                n++;
            }
        }
        const char *start = json_string_value(json_object_get(o, "start_date"));
        const char *end = json_string_value(json_object_get(o, "end_date"));
        bool started = start && strcmp(start, as_of) <= 0;
        bool ended = end && strcmp(end, as_of) <= 0 &&
                     strcmp(json_string_value(json_object_get(o, "status")), "completed") == 0;
        field(b, code);
        field(b, "ESECUZIONE");
        date_field(b, start);
        date_field(b, started ? start : NULL);
        date_field(b, end);
        date_field(b, ended ? end : NULL);
        end_record(b);
        n++;
        break;
    }
    default: { /* SC00: the city programmes (1) and is the beneficiary (2); the bodies
                  implement (3). */
        json_t *city =
            db_query_object(c,
                            "SELECT tax_code, name FROM organisations WHERE city_id = "
                            "? AND kind = 'city' ORDER BY id LIMIT 1",
                            DB_ARGS(DB_INT(json_integer_value(json_object_get(o, "city_id")))));
        const char *cf = city ? json_string_value(json_object_get(city, "tax_code")) : "";
        const char *name = json_string_value(json_object_get(o, "city"));
        for (int role = 1; role <= 2; role++) {
            field(b, code);
            field(b, role == 1 ? "1" : "2");
            field(b, cf);
            field(b, "S");
            field(b, name);
            end_record(b);
            n++;
        }
        json_decref(city);
        rows = db_query_json(c,
                             "SELECT DISTINCT og.tax_code, og.name FROM organisations og "
                             "WHERE og.id IN (SELECT g.organisation_id " OP_AGREEMENTS ") "
                             "ORDER BY og.tax_code",
                             DB_ARGS(DB_INT(op), DB_INT(until)));
        json_array_foreach(rows, i, x)
        {
            field(b, code);
            field(b, "3");
            field(b, json_string_value(json_object_get(x, "tax_code")));
            field(b, "N");
            field(b, json_string_value(json_object_get(x, "name")));
            end_record(b);
            n++;
        }
        break;
    }
    }
    json_decref(rows);
    json_decref(o);
    return n;
}

long igrue_write(db_conn *c, int s, const int64_t *ops, int nops, const char *as_of, buf *out)
{
    if (s < 0 || s >= IGRUE_NSTRUCTURES || !as_of) return -1;
    /* The end of the day, Europe/Rome, as an instant. */
    char text[32];
    int64_t until = 0;
    snprintf(text, sizeof text, "%.10s 23:59:59", as_of);
    if (time_parse_local(text, &until)) return -1;
    until += 999999;
    long n = 0;
    for (int i = 0; i < nops; i++) n += write_op(c, s, ops[i], as_of, until, out);
    return out->overflow ? -1 : n;
}

/* The SIUSS export: the benefits each person received in a period, one line each, in the record
 * of INPS's social benefits (the Casellario dell'assistenza's flow of "prestazioni sociali",
 * schema PS_PSA_SINA): its attribute names as columns, under a pseudonym instead of the
 * person's identity (docs/pathways.md says what is left out and why). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/hex.h"
#include "base/timefmt.h"
#include "modules/pathways/pathways.h"

const char *const SIUSS_KINDS[] = {"charge",  "shelter", "meal", "shower", "street",
                                   "housing", "address", "mail", NULL};

/* A benefit line's first columns, read alike from every query: the person, then the benefit's
 * first source row, its start and end (dates or instants), and whether the person had a pathway
 * open at some time in the period (SIUSS PresaCarico: 1 yes, 2 no; binds the period's end and
 * start instants). */
#define PERSON_COLS "p.id, p.birth_year, p.gender, COALESCE(p.ethos, '')"
#define IN_CHARGE                                                                                  \
    "CASE WHEN EXISTS (SELECT 1 FROM pathways w2 WHERE w2.person_id = p.id AND w2.opened_at < ? "  \
    "AND (w2.closed_at IS NULL OR w2.closed_at >= ?)) THEN 1 ELSE 2 END"
/* The nights a person spent in a place of the given kind of one service: one benefit. */
#define HOLDS_SQL(place_kind)                                                                      \
    "SELECT " PERSON_COLS ", MIN(h.id), MIN(h.night), MAX(h.night), " IN_CHARGE                    \
    " FROM place_holds h JOIN places x ON x.id = h.place_id JOIN person_links l ON l.hold_id = "   \
    "h.id JOIN people p ON p.id = l.person_id WHERE h.city_id = ? AND h.state = 'checked_in' "     \
    "AND x.kind = '" place_kind "' AND h.night <= ? AND h.night >= ? GROUP BY p.id, x.service_id"

/* Each kind's benefits. Every query binds the period's end and start instants (IN_CHARGE), the
 * city, then the period's end and start: instants (the end exclusive) when `instants`, else the
 * last and first dates. */
typedef struct benefit_kind {
    const char *kind, *sql;
    bool instants;
    char character; /* SIUSS CaratterePrestazione: '1' periodic, '2' once */
} benefit_kind;

/* clang-format off */
static const benefit_kind KINDS[] = {
    {"charge",
     "SELECT " PERSON_COLS ", w.id, w.opened_at, w.closed_at, " IN_CHARGE " FROM pathways w JOIN "
     "people p ON p.id = w.person_id WHERE w.city_id = ? AND w.opened_at < ? AND (w.closed_at IS "
     "NULL OR w.closed_at >= ?)", true, '1'},
    {"shelter", HOLDS_SQL("bed"), false, '1'},
    {"meal", HOLDS_SQL("meal"), false, '1'},
    {"shower", HOLDS_SQL("shower"), false, '1'},
    {"street",
     "SELECT " PERSON_COLS ", MIN(s.id), MIN(s.met_at), MAX(s.met_at), " IN_CHARGE " FROM "
     "street_contacts s JOIN person_links l ON l.contact_id = s.id JOIN people p ON p.id = "
     "l.person_id WHERE s.city_id = ? AND s.met_at < ? AND s.met_at >= ? GROUP BY p.id", true,
     '1'},
    {"housing",
     "SELECT " PERSON_COLS ", k.id, k.moved_in_on, k.ended_on, " IN_CHARGE " FROM placements k "
     "JOIN people p ON p.id = k.person_id WHERE k.city_id = ? AND k.moved_in_on IS NOT NULL AND "
     "k.moved_in_on <= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)", false, '1'},
    {"address",
     "SELECT " PERSON_COLS ", a.id, a.decided_at, a.ended_at, " IN_CHARGE " FROM "
     "registered_addresses a JOIN people p ON p.id = a.person_id WHERE a.city_id = ? AND "
     "a.certificate_number IS NOT NULL AND a.decided_at < ? AND (a.ended_at IS NULL OR "
     "a.ended_at >= ?)", true, '2'},
    {"mail",
     "SELECT " PERSON_COLS ", MIN(m.id), MIN(m.arrived_at), MAX(m.arrived_at), " IN_CHARGE
     " FROM mail_items m JOIN people p ON p.id = m.person_id WHERE m.city_id = ? AND "
     "m.arrived_at < ? AND m.arrived_at >= ? GROUP BY p.id", true, '1'},
};
/* clang-format on */
enum { N_KINDS = sizeof KINDS / sizeof *KINDS };

/* The period, bound as every query above wants it. */
typedef struct period {
    const char *from, *to;
    int64_t start, end;
} period;

/* sql (a kind's query, or a count over it) with the kind's binds. */
static db_rows *benefits(db_conn *c, const char *sql, const benefit_kind *k, int64_t city_id,
                         const period *p)
{
    if (k->instants)
        return db_query(c, sql,
                        DB_ARGS(DB_INT(p->end), DB_INT(p->start), DB_INT(city_id), DB_INT(p->end),
                                DB_INT(p->start)));
    return db_query(c, sql,
                    DB_ARGS(DB_INT(p->end), DB_INT(p->start), DB_INT(city_id), DB_TEXT(p->to),
                            DB_TEXT(p->from)));
}

/* The city's codes by kind: {kind: {code, name}}, or NULL. */
static json_t *codes_of(db_conn *c, int64_t city_id)
{
    json_t *rows = db_query_json(c, "SELECT kind, code, name FROM siuss_codes WHERE city_id = ?",
                                 DB_ARGS(DB_INT(city_id)));
    json_t *out = rows ? json_object() : NULL;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
        json_object_set(out, json_string_value(json_object_get(x, "kind")), x);
    json_decref(rows);
    return out;
}

path_rc siuss_code_set(db_conn *c, int64_t city_id, int64_t user_id, const char *kind,
                       const char *code, const char *name, int64_t now)
{
    if (db_exec(c,
                "INSERT INTO siuss_codes (city_id, kind, code, name, set_by, set_at) VALUES (?, ?, "
                "?, ?, ?, ?) ON CONFLICT (city_id, kind) DO UPDATE SET code = excluded.code, name "
                "= excluded.name, set_by = excluded.set_by, set_at = excluded.set_at",
                DB_ARGS(DB_INT(city_id), DB_TEXT(kind), DB_TEXT(code), DB_TEXT(name),
                        DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK)
        return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "siuss_code_set", "siuss_codes", city_id,
                          json_pack("{s:s,s:s}", "kind", kind, "code", code));
}

static bool period_of(const char *from, const char *to, period *p)
{
    *p = (period){.from = from, .to = to};
    return report_period_instants(from, to, &p->start, &p->end);
}

json_t *siuss_kinds(db_conn *c, int64_t city_id, const char *from, const char *to)
{
    period p;
    if (!period_of(from, to, &p)) return NULL;
    json_t *codes = codes_of(c, city_id);
    json_t *out = codes ? json_array() : NULL;
    for (int i = 0; out && i < N_KINDS; i++) {
        /* Counted by the database, the benefits themselves left where they are. */
        char *sql = NULL;
        db_rows *r = asprintf(&sql, "SELECT COUNT(*) FROM (%s) t", KINDS[i].sql) < 0
                         ? NULL
                         : benefits(c, sql, &KINDS[i], city_id, &p);
        free(sql);
        json_int_t n = r && db_next(r) ? (json_int_t)db_int(r, 0) : -1;
        if (db_rows_close(r) != DB_OK || n < 0) {
            json_decref(out);
            out = NULL;
            break;
        }
        json_t *mine = json_object_get(codes, KINDS[i].kind);
        const char *code = mine ? json_string_value(json_object_get(mine, "code")) : "";
        const char *name = mine ? json_string_value(json_object_get(mine, "name")) : "";
        json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:I,s:b}", "kind", KINDS[i].kind, "code",
                                             code, "name", name, "benefits", n, "has_code",
                                             mine != NULL));
    }
    json_decref(codes);
    return out;
}

/* The city's secret for pseudonyms (32 bytes), made on first use; two instances racing both
 * try, and both read the one that was kept. */
static bool pseudonym_key(db_conn *c, int64_t city_id, unsigned char key[32])
{
    char name[48];
    snprintf(name, sizeof name, "siuss_key_%lld", (long long)city_id);
    for (int attempt = 0; attempt < 2; attempt++) {
        db_rows *r =
            db_query(c, "SELECT value FROM settings WHERE key = ?", DB_ARGS(DB_TEXT(name)));
        bool found = false;
        if (r && db_next(r)) {
            const char *hex = db_text(r, 0);
            size_t n = 0;
            found =
                hex && sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &n, NULL) == 0 && n == 32;
        }
        if (db_rows_close(r) != DB_OK) return false;
        if (found) return true;
        unsigned char made[32];
        char hex[65];
        randombytes_buf(made, sizeof made);
        hex_encode(made, sizeof made, hex);
        sodium_memzero(made, sizeof made);
        db_rc rc = db_exec(
            c, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            DB_ARGS(DB_TEXT(name), DB_TEXT(hex)), NULL);
        sodium_memzero(hex, sizeof hex);
        if (rc != DB_OK) return false;
    }
    return false;
}

/* "P" and 16 hex digits of the keyed hash of the record's number. */
static void pseudonym(const unsigned char key[32], int64_t person_id, char out[18])
{
    char id[24];
    unsigned char h[8];
    int n = snprintf(id, sizeof id, "%lld", (long long)person_id);
    crypto_generichash(h, sizeof h, (const unsigned char *)id, (size_t)n, key, 32);
    out[0] = 'P';
    hex_encode(h, sizeof h, out + 1);
}

static const char *const HEAD[] = {
    "Pseudonimo",         "AnnoNascita",           "Genere",
    "CategoriaETHOS",     "CodicePrestazione",     "DenominazionePrestazione",
    "ProtocolloDomanda",  "DataInizioPrestazione", "DataFinePrestazione",
    "PresenzaProvaMezzi", "CaratterePrestazione",  "PresaCarico",
    "AreaUtenza",
};

static void cell(buf *out, const char *s, bool first)
{
    if (!first) buf_append(out, ",", 1);
    csv_put_text(out, s, ',');
}

static void number(buf *out, const char *s)
{
    buf_append(out, ",", 1);
    csv_put_number(out, s, ',');
}

/* A start or end as a date: the column itself, or the instant's day in Rome; "" for none. */
static void day_of(db_rows *r, int col, bool instants, char out[11])
{
    out[0] = '\0';
    if (db_isnull(r, col)) return;
    if (instants)
        date_rome(db_int(r, col), out);
    else
        snprintf(out, 11, "%s", db_text(r, col));
}

static void write_line(buf *out, db_rows *r, const benefit_kind *k, const char *code,
                       const char *name, const unsigned char key[32])
{
    char pseudo[18], year[8] = "", protocol[40], start[11], end[11];
    pseudonym(key, db_int(r, 0), pseudo);
    if (!db_isnull(r, 1)) snprintf(year, sizeof year, "%lld", (long long)db_int(r, 1));
    const char *gender = db_text(r, 2);
    /* SIUSS Genere: 1 man, 2 woman; nothing else is a value of the record. */
    const char *genere = strcmp(gender, "man") == 0 ? "1" : strcmp(gender, "woman") == 0 ? "2" : "";
    snprintf(protocol, sizeof protocol, "%s-%lld", k->kind, (long long)db_int(r, 4));
    day_of(r, 5, k->instants, start);
    day_of(r, 6, k->instants, end);
    char charge[2] = {(char)('0' + db_int(r, 7)), '\0'}, character[2] = {k->character, '\0'};
    cell(out, pseudo, true);
    number(out, year);
    number(out, genere);
    cell(out, db_text(r, 3), false);
    cell(out, code, false);
    cell(out, name, false);
    cell(out, protocol, false);
    cell(out, start, false);
    cell(out, end, false);
    number(out, "4"); /* PresenzaProvaMezzi: no means test for these services */
    number(out, character);
    number(out, charge);
    number(out, "3"); /* AreaUtenza: poverty and social exclusion */
    buf_append(out, "\r\n", 2);
}

path_rc siuss_csv(db_conn *c, int64_t city_id, int64_t user_id, const char *from, const char *to,
                  buf *out, int64_t *rows)
{
    period p;
    unsigned char key[32];
    *rows = 0;
    if (!period_of(from, to, &p)) return PATH_ERROR;
    json_t *codes = codes_of(c, city_id);
    if (!codes || !pseudonym_key(c, city_id, key)) {
        json_decref(codes);
        return PATH_ERROR;
    }
    /* Nothing to send until the city has said under which codes it reports. */
    if (json_object_size(codes) == 0) {
        json_decref(codes);
        return PATH_BAD_STATE;
    }
    for (size_t i = 0; i < sizeof HEAD / sizeof *HEAD; i++) cell(out, HEAD[i], i == 0);
    buf_append(out, "\r\n", 2);
    path_rc rc = PATH_OK;
    for (int i = 0; rc == PATH_OK && i < N_KINDS; i++) {
        json_t *k = json_object_get(codes, KINDS[i].kind);
        if (!k) continue;
        const char *code = json_string_value(json_object_get(k, "code")),
                   *name = json_string_value(json_object_get(k, "name"));
        db_rows *r = benefits(c, KINDS[i].sql, &KINDS[i], city_id, &p);
        if (!r) rc = PATH_ERROR;
        while (r && db_next(r)) {
            write_line(out, r, &KINDS[i], code, name, key);
            (*rows)++;
        }
        if (r && db_rows_close(r) != DB_OK) rc = PATH_ERROR;
    }
    sodium_memzero(key, sizeof key);
    json_decref(codes);
    if (rc != PATH_OK) return rc;
    return pathways_audit(
        c, city_id, user_id, "siuss_exported", "siuss_codes", city_id,
        json_pack("{s:s,s:s,s:I}", "from", from, "to", to, "lines", (json_int_t)*rows));
}

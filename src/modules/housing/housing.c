#include "modules/housing/housing.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/hex.h"
#include "base/utf8.h"
#include "check/check.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"

const char *const IMPORT_COLUMNS[8] = {"building_code", "address",   "neighbourhood", "municipio",
                                       "managing_body", "unit_code", "full_name",     "tax_code"};
enum { C_BUILDING, C_ADDRESS, C_NEIGHBOURHOOD, C_MUNICIPIO, C_BODY, C_UNIT, C_NAME, C_TAX };

typedef struct row {
    long line;
    const char *f[8];
    char tax[CHECK_MAX_IN];
    int municipio;
} row;

static void reject(json_t *list, long *count, long line, const char *field, const char *key)
{
    if ((*count)++ < IMPORT_MAX_ERRORS)
        json_array_append_new(list, json_pack("{s:I,s:s,s:s}", "line", (json_int_t)line, "field",
                                              field, "message", key));
}

static int by_building(const void *a, const void *b)
{
    const row *x = a, *y = b;
    int d = strcmp(x->f[C_BUILDING], y->f[C_BUILDING]);
    return d ? d : (x->line > y->line) - (x->line < y->line);
}

typedef struct person {
    const char *tax;
    long line;
} person;

/* By tax code, then by line: the later of two rows is the one reported. */
static int by_tax(const void *a, const void *b)
{
    const person *x = a, *y = b;
    int d = strcmp(x->tax, y->tax);
    return d ? d : (x->line > y->line) - (x->line < y->line);
}

/* Reads and checks every row; rows and *n set, errors appended to list. */
static row *read_rows(char *data, size_t len, json_t *list, long *errors, long *n)
{
    *n = 0;
    if (!utf8_valid(data, len)) {
        reject(list, errors, 1, "file", "housing.not_utf8");
        return NULL;
    }
    csv_reader rd;
    csv_init(&rd, data, len);
    char *f[CSV_MAX_FIELDS];
    int nf = csv_next(&rd, f);
    int col[8];
    for (int k = 0; k < 8; k++) {
        col[k] = -1;
        for (int i = 0; i < nf && i < CSV_MAX_FIELDS; i++)
            if (strcmp(f[i], IMPORT_COLUMNS[k]) == 0) col[k] = i;
        if (col[k] < 0) reject(list, errors, 1, IMPORT_COLUMNS[k], "housing.missing_column");
    }
    if (*errors) return NULL;
    size_t cap = 1024;
    row *rows = malloc(cap * sizeof *rows);
    while (rows && (nf = csv_next(&rd, f)) != 0) {
        if (nf < 0) {
            reject(list, errors, rd.line, "file", "housing.bad_quote");
            break;
        }
        if (nf == 1 && !*f[0]) continue; /* an empty line */
        if (*n >= IMPORT_MAX_ROWS) {
            reject(list, errors, rd.line, "file", "housing.too_many_rows");
            break;
        }
        if ((size_t)*n == cap) {
            row *more = realloc(rows, 2 * cap * sizeof *rows);
            if (!more) break;
            rows = more;
            cap *= 2;
        }
        row *r = &rows[(*n)++];
        memset(r, 0, sizeof *r);
        r->line = rd.line;
        for (int k = 0; k < 8; k++) {
            const char *v = col[k] < nf && col[k] < CSV_MAX_FIELDS ? f[col[k]] : "";
            while (*v == ' ') v++;
            r->f[k] = v;
        }
        static const int REQUIRED[] = {C_BUILDING, C_ADDRESS, C_NEIGHBOURHOOD,
                                       C_BODY,     C_UNIT,    C_NAME};
        for (size_t k = 0; k < sizeof REQUIRED / sizeof REQUIRED[0]; k++)
            if (!*r->f[REQUIRED[k]] || strlen(r->f[REQUIRED[k]]) > 200)
                reject(list, errors, r->line, IMPORT_COLUMNS[REQUIRED[k]], "housing.required");
            else if (utf8_has(r->f[REQUIRED[k]], strlen(r->f[REQUIRED[k]]),
                              REQUIRED[k] == C_NAME ? UTF8_INVISIBLE : UTF8_BIDI))
                reject(list, errors, r->line, IMPORT_COLUMNS[REQUIRED[k]], "input.hidden_chars");
        if (*r->f[C_MUNICIPIO]) {
            char *endp;
            long m = strtol(r->f[C_MUNICIPIO], &endp, 10);
            if (*endp || m < 1 || m > 99)
                reject(list, errors, r->line, "municipio", "housing.bad_municipio");
            else
                r->municipio = (int)m;
        }
        if (*r->f[C_TAX] && check_cf_person(r->f[C_TAX], r->tax) != CHECK_OK) {
            reject(list, errors, r->line, "tax_code", "housing.bad_tax_code");
            r->tax[0] = '\0';
        }
    }
    if (!rows) return NULL;
    /* Across rows, reported with the others: one address per building, one row per person. */
    qsort(rows, (size_t)*n, sizeof *rows, by_building);
    for (long i = 1; i < *n; i++)
        if (strcmp(rows[i].f[C_BUILDING], rows[i - 1].f[C_BUILDING]) == 0 &&
            strcmp(rows[i].f[C_ADDRESS], rows[i - 1].f[C_ADDRESS]) != 0)
            reject(list, errors, rows[i].line, "address", "housing.address_differs");
    person *people = malloc((size_t)(*n ? *n : 1) * sizeof(person));
    long np = 0;
    for (long i = 0; people && i < *n; i++)
        if (rows[i].tax[0]) people[np++] = (person){rows[i].tax, rows[i].line};
    if (people) qsort(people, (size_t)np, sizeof(person), by_tax);
    for (long i = 1; people && i < np; i++)
        if (strcmp(people[i].tax, people[i - 1].tax) == 0)
            reject(list, errors, people[i].line, "tax_code", "housing.duplicate_person");
    free(people);
    return rows;
}

/* How many buildings and units the city has. */
static void stock_counts(db_conn *c, int64_t city_id, int64_t *buildings, int64_t *units)
{
    db_query_int(c, "SELECT COUNT(*) FROM buildings WHERE city_id = ?", DB_ARGS(DB_INT(city_id)),
                 buildings);
    db_query_int(c,
                 "SELECT COUNT(*) FROM units u JOIN buildings b ON b.id = u.building_id "
                 "WHERE b.city_id = ?",
                 DB_ARGS(DB_INT(city_id)), units);
}

/* A code people can type: 10 characters without look-alikes (50 bits). */
static void new_code(char out[INVITE_LEN + 1], char hash[65])
{
    static const char ALPHABET[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char raw[INVITE_LEN];
    randombytes_buf(raw, sizeof raw);
    for (int i = 0; i < INVITE_LEN; i++) out[i] = ALPHABET[raw[i] % 32];
    out[INVITE_LEN] = '\0';
    sha256_hex(out, INVITE_LEN, hash);
}

housing_rc housing_import(db_conn *c, int64_t city_id, char *data, size_t len, int64_t now,
                          json_t **report)
{
    return housing_import_progress(c, city_id, data, len, now, report, NULL, NULL);
}

housing_rc housing_import_progress(db_conn *c, int64_t city_id, char *data, size_t len, int64_t now,
                                   json_t **report, import_progress_fn progress, void *ctx)
{
    json_t *list = json_array();
    long errors = 0, n = 0;
    row *rows = read_rows(data, len, list, &errors, &n);
    if (errors || !rows) {
        free(rows);
        *report = json_pack("{s:o,s:I}", "rejected", list, "errors", (json_int_t)errors);
        return errors ? HOUSING_REJECTED : HOUSING_ERROR;
    }
    json_decref(list);
    json_t *codes = json_array();
    int64_t before_b = 0, before_u = 0, moved = 0, created = 0;
    stock_counts(c, city_id, &before_b, &before_u);
    housing_rc rc = HOUSING_OK;
    /* Every row gets a code now; only the rows that become new residents keep theirs. */
    char(*code)[INVITE_LEN + 1] = malloc((size_t)(n ? n : 1) * sizeof *code);
    long max_line = 0;
    for (long i = 0; i < n; i++)
        if (rows[i].line > max_line) max_line = rows[i].line;
    long *at_line = malloc((size_t)(max_line + 1) * sizeof *at_line);
    if (!code || !at_line) rc = HOUSING_ERROR;
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    uint64_t bits = 0;
    for (size_t k = 0; k < sizeof rnd; k++) bits = (bits << 8) | rnd[k];
    int64_t batch = (int64_t)(bits & (uint64_t)INT64_MAX);
    /* 1. The rows, loaded as the database loads files (COPY on PostgreSQL). */
    db_copy cp = {0};
    if (rc == HOUSING_OK &&
        db_copy_begin(c, &cp, "housing_import_rows",
                      "batch, line, building_code, address, neighbourhood, municipio, "
                      "managing_body, unit_code, full_name, tax_code, invite_hash",
                      11) != DB_OK)
        rc = HOUSING_ERROR;
    for (long i = 0; i < n && rc == HOUSING_OK; i++) {
        row *r = &rows[i];
        if (progress && i && i % IMPORT_PROGRESS_EVERY == 0) progress(ctx, i, n);
        char hash[65];
        new_code(code[i], hash);
        at_line[r->line] = i;
        db_param v[] = {DB_INT(batch),
                        DB_INT(r->line),
                        DB_TEXT(r->f[C_BUILDING]),
                        DB_TEXT(r->f[C_ADDRESS]),
                        DB_TEXT(r->f[C_NEIGHBOURHOOD]),
                        r->municipio ? DB_INT(r->municipio) : DB_NULL,
                        DB_TEXT(r->f[C_BODY]),
                        DB_TEXT(r->f[C_UNIT]),
                        DB_TEXT(r->f[C_NAME]),
                        r->tax[0] ? DB_TEXT(r->tax) : DB_NULL,
                        DB_TEXT(hash)};
        if (db_copy_row(&cp, v) != DB_OK) rc = HOUSING_ERROR;
    }
    if (db_copy_end(&cp) != DB_OK) rc = HOUSING_ERROR;
    /* 2. Buildings, then units, each once; 3. who is known already; 4. moves; 5. newcomers. */
    static const char *const STEPS[] = {
        "INSERT INTO buildings (city_id, code, address, neighbourhood, municipio, managing_body, "
        "created_at) SELECT ?, building_code, MIN(address), MIN(neighbourhood), MIN(municipio), "
        "MIN(managing_body), ? FROM housing_import_rows WHERE batch = ? GROUP BY building_code "
        "ON CONFLICT (city_id, code) DO UPDATE SET address = excluded.address, neighbourhood = "
        "excluded.neighbourhood, municipio = excluded.municipio, managing_body = "
        "excluded.managing_body",
        "INSERT INTO units (building_id, code) SELECT DISTINCT b.id, r.unit_code FROM "
        "housing_import_rows r JOIN buildings b ON b.city_id = ? AND b.code = r.building_code "
        "WHERE r.batch = ? ON CONFLICT (building_id, code) DO NOTHING",
        "UPDATE housing_import_rows SET known_id = (SELECT re.id FROM residents re WHERE "
        "re.city_id = ? AND re.tax_code = housing_import_rows.tax_code) WHERE batch = ? "
        "AND tax_code IS NOT NULL",
        "UPDATE residents SET unit_id = x.unit_id, full_name = x.full_name, updated_at = ? FROM "
        "(SELECT r.known_id, u.id AS unit_id, r.full_name FROM housing_import_rows r JOIN "
        "buildings b ON b.city_id = ? AND b.code = r.building_code JOIN units u ON u.building_id "
        "= b.id AND u.code = r.unit_code WHERE r.batch = ? AND r.known_id IS NOT NULL) x WHERE "
        "residents.id = x.known_id AND residents.unit_id <> x.unit_id",
        "INSERT INTO residents (city_id, unit_id, full_name, tax_code, state, invite_hash, "
        "created_at, updated_at) SELECT ?, u.id, r.full_name, r.tax_code, 'invited', "
        "r.invite_hash, ?, ? FROM housing_import_rows r JOIN buildings b ON b.city_id = ? AND "
        "b.code = r.building_code JOIN units u ON u.building_id = b.id AND u.code = r.unit_code "
        "WHERE r.batch = ? AND r.known_id IS NULL",
    };
    const db_param args[][5] = {
        {DB_INT(city_id), DB_INT(now), DB_INT(batch)},
        {DB_INT(city_id), DB_INT(batch)},
        {DB_INT(city_id), DB_INT(batch)},
        {DB_INT(now), DB_INT(city_id), DB_INT(batch)},
        {DB_INT(city_id), DB_INT(now), DB_INT(now), DB_INT(city_id), DB_INT(batch)},
    };
    static const int NARGS[] = {3, 2, 2, 3, 5};
    for (int k = 0; k < 5 && rc == HOUSING_OK; k++) {
        int64_t changed = 0;
        if (db_exec(c, STEPS[k], args[k], NARGS[k], &changed) != DB_OK) rc = HOUSING_ERROR;
        if (k == 3) moved = changed;
        if (k == 4) created = changed;
    }
    /* The codes of the newcomers, in the file's order. */
    db_rows *q = rc == HOUSING_OK ? db_query(c,
                                             "SELECT line FROM housing_import_rows WHERE batch = "
                                             "? AND known_id IS NULL ORDER BY line",
                                             DB_ARGS(DB_INT(batch)))
                                  : NULL;
    while (q && db_next(q)) {
        int64_t line = db_int(q, 0);
        if (line < 0 || line > max_line) continue;
        const row *r = &rows[at_line[line]];
        json_array_append_new(codes,
                              json_pack("{s:I,s:s,s:s,s:s,s:s}", "line", (json_int_t)r->line,
                                        "full_name", r->f[C_NAME], "building", r->f[C_BUILDING],
                                        "unit", r->f[C_UNIT], "code", code[at_line[line]]));
    }
    if (q && db_rows_close(q) != DB_OK) rc = HOUSING_ERROR;
    if (rc == HOUSING_OK && db_exec(c, "DELETE FROM housing_import_rows WHERE batch = ?",
                                    DB_ARGS(DB_INT(batch)), NULL) != DB_OK)
        rc = HOUSING_ERROR;
    if (code) sodium_memzero(code, (size_t)(n ? n : 1) * sizeof *code);
    free(code);
    free(at_line);
    free(rows);
    if (progress && rc == HOUSING_OK) progress(ctx, n, n);
    int64_t after_b = 0, after_u = 0;
    stock_counts(c, city_id, &after_b, &after_u);
    /* audit_append borrows the detail. */
    json_t *detail =
        json_pack("{s:I,s:I}", "rows", (json_int_t)n, "residents_new", (json_int_t)created);
    if (rc == HOUSING_OK && audit_append(c, city_id, 0, "housing_import", "city", city_id, detail))
        rc = HOUSING_ERROR;
    json_decref(detail);
    *report = json_pack("{s:I,s:I,s:I,s:I,s:I,s:o}", "rows", (json_int_t)n, "buildings_new",
                        (json_int_t)(after_b - before_b), "units_new",
                        (json_int_t)(after_u - before_u), "residents_new", (json_int_t)created,
                        "residents_moved", (json_int_t)moved, "codes", codes);
    return rc;
}

static housing_rc new_account(db_conn *c, const char *email, const char *name, const char *password,
                              int64_t *user_id)
{
    acc_rc a = account_create(c, email, name, password, "it", user_id);
    return a == ACC_OK              ? HOUSING_OK
           : a == ACC_EXISTS        ? HOUSING_EMAIL_TAKEN
           : a == ACC_WEAK_PASSWORD ? HOUSING_WEAK_PASSWORD
           : a == ACC_BAD_EMAIL     ? HOUSING_BAD_EMAIL
           : a == ACC_BAD_NAME      ? HOUSING_BAD_NAME
                                    : HOUSING_ERROR;
}

housing_rc resident_join(db_conn *c, const char *code, const char *email, const char *name,
                         const char *password, int64_t now, int64_t *user_id)
{
    char upper[INVITE_LEN + 1] = "", hash[65];
    size_t k = 0;
    for (const char *p = code; *p && k < INVITE_LEN + 1; p++)
        if (*p != ' ' && *p != '-') upper[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    if (k != INVITE_LEN) return HOUSING_BAD_CODE;
    upper[k] = '\0';
    sha256_hex(upper, INVITE_LEN, hash);
    int64_t resident = 0, city = 0;
    db_rows *r = db_query(c,
                          "SELECT id, city_id FROM residents WHERE invite_hash = ? "
                          "AND state = 'invited' AND user_id IS NULL",
                          DB_ARGS(DB_TEXT(hash)));
    if (r && db_next(r)) {
        resident = db_int(r, 0);
        city = db_int(r, 1);
    }
    db_rows_close(r);
    if (!resident) return HOUSING_BAD_CODE;
    housing_rc rc = new_account(c, email, name, password, user_id);
    if (rc) return rc;
    int64_t changed = 0;
    /* The code is spent in the same statement that links the account. */
    if (account_add_membership(c, *user_id, city, 0, "resident", false) != ACC_OK ||
        db_exec(c,
                "UPDATE residents SET user_id = ?, state = 'active', invite_hash = NULL, "
                "updated_at = ? WHERE id = ? AND invite_hash IS NOT NULL",
                DB_ARGS(DB_INT(*user_id), DB_INT(now), DB_INT(resident)), &changed) != DB_OK)
        return HOUSING_ERROR;
    if (!changed) return HOUSING_BAD_CODE;
    return audit_append(c, city, *user_id, "resident_join", "resident", resident, NULL)
               ? HOUSING_ERROR
               : HOUSING_OK;
}

housing_rc resident_signup(db_conn *c, int64_t city_id, const char *email, const char *name,
                           const char *password, const char *building_code, const char *unit_code,
                           int64_t now, int64_t *resident_id)
{
    int64_t unit = 0, user = 0;
    db_query_int(c,
                 "SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id "
                 "WHERE b.city_id = ? AND b.code = ? AND u.code = ?",
                 DB_ARGS(DB_INT(city_id), DB_TEXT(building_code), DB_TEXT(unit_code)), &unit);
    if (!unit) return HOUSING_NOT_FOUND;
    housing_rc rc = new_account(c, email, name, password, &user);
    if (rc) return rc;
    if (db_query_int(c,
                     "INSERT INTO residents (city_id, unit_id, full_name, user_id, state, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_INT(unit), DB_TEXT(name), DB_INT(user),
                             DB_INT(now), DB_INT(now)),
                     resident_id) != DB_OK)
        return HOUSING_ERROR;
    return HOUSING_OK;
}

housing_rc resident_verify(db_conn *c, int64_t city_id, int64_t resident_id, bool approve,
                           int64_t officer, int64_t now)
{
    int64_t changed = 0, user = 0;
    if (db_exec(c,
                "UPDATE residents SET state = ?, verified_by = ?, verified_at = ?, updated_at = ? "
                "WHERE id = ? AND city_id = ? AND state = 'pending'",
                DB_ARGS(DB_TEXT(approve ? "active" : "refused"), DB_INT(officer), DB_INT(now),
                        DB_INT(now), DB_INT(resident_id), DB_INT(city_id)),
                &changed) != DB_OK)
        return HOUSING_ERROR;
    if (!changed) {
        db_query_int(c, "SELECT COUNT(*) FROM residents WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(resident_id), DB_INT(city_id)), &changed);
        return changed ? HOUSING_WRONG_STATE : HOUSING_NOT_FOUND;
    }
    db_query_int(c, "SELECT user_id FROM residents WHERE id = ?", DB_ARGS(DB_INT(resident_id)),
                 &user);
    if (approve && account_add_membership(c, user, city_id, 0, "resident", false) != ACC_OK)
        return HOUSING_ERROR;
    return audit_append(c, city_id, officer, approve ? "resident_verify" : "resident_refuse",
                        "resident", resident_id, NULL)
               ? HOUSING_ERROR
               : HOUSING_OK;
}

json_t *housing_overview(db_conn *c, int64_t city_id, const char *q)
{
    json_t *states = db_query_json(c,
                                   "SELECT state, COUNT(*) AS n FROM residents WHERE city_id = ? "
                                   "GROUP BY state ORDER BY state",
                                   DB_ARGS(DB_INT(city_id)));
    int64_t nb = 0, nu = 0;
    stock_counts(c, city_id, &nb, &nu);
    char like[256];
    snprintf(like, sizeof like, "%%%s%%", q ? q : "");
    json_t *buildings = db_query_json(
        c,
        "SELECT b.id, b.code, b.address, b.neighbourhood, b.municipio, b.managing_body, "
        "(SELECT COUNT(*) FROM units u WHERE u.building_id = b.id) AS units "
        "FROM buildings b WHERE b.city_id = ? AND (b.code LIKE ? OR b.address LIKE ?) "
        "ORDER BY b.neighbourhood, b.code LIMIT 100",
        DB_ARGS(DB_INT(city_id), DB_TEXT(like), DB_TEXT(like)));
    json_t *pending = db_query_json(c,
                                    "SELECT r.id, r.full_name, us.email, b.code AS building, "
                                    "b.address, u.code AS unit, r.created_at "
                                    "FROM residents r JOIN units u ON u.id = r.unit_id "
                                    "JOIN buildings b ON b.id = u.building_id "
                                    "JOIN users us ON us.id = r.user_id "
                                    "WHERE r.city_id = ? AND r.state = 'pending' "
                                    "ORDER BY r.created_at LIMIT 200",
                                    DB_ARGS(DB_INT(city_id)));
    return json_pack("{s:I,s:I,s:o,s:o,s:o}", "buildings_n", (json_int_t)nb, "units_n",
                     (json_int_t)nu, "states", states ? states : json_array(), "buildings",
                     buildings ? buildings : json_array(), "pending",
                     pending ? pending : json_array());
}

bool resident_place_of(db_conn *c, int64_t user_id, resident_place *out)
{
    memset(out, 0, sizeof *out);
    db_rows *r = db_query(c,
                          "SELECT b.city_id, b.id, b.neighbourhood FROM residents re JOIN units u "
                          "ON u.id = re.unit_id JOIN buildings b ON b.id = u.building_id "
                          "WHERE re.user_id = ? AND re.state = 'active'",
                          DB_ARGS(DB_INT(user_id)));
    bool found = r && db_next(r);
    if (found) {
        out->city_id = db_int(r, 0);
        out->building_id = db_int(r, 1);
        snprintf(out->neighbourhood, sizeof out->neighbourhood, "%s", db_text(r, 2));
    }
    db_rows_close(r);
    return found;
}

json_t *resident_of_user(db_conn *c, int64_t user_id)
{
    return db_query_object(c,
                           "SELECT r.id, r.full_name, r.state, u.code AS unit, b.id AS "
                           "building_id, b.code AS building, b.address, b.neighbourhood, "
                           "b.municipio, b.managing_body FROM residents r "
                           "JOIN units u ON u.id = r.unit_id JOIN buildings b ON b.id = "
                           "u.building_id WHERE r.user_id = ?",
                           DB_ARGS(DB_INT(user_id)));
}

int housing_codes_csv(buf *b, json_t *codes)
{
    int rc = buf_puts(b, "line;full_name;building_code;unit_code;invite_code\r\n");
    size_t i;
    json_t *x;
    json_array_foreach(codes, i, x)
    {
        static const char *const KEYS[] = {"full_name", "building", "unit", "code"};
        rc |= buf_printf(b, "%lld", (long long)json_integer_value(json_object_get(x, "line")));
        for (size_t k = 0; k < 4; k++) {
            rc |= buf_putc(b, ';');
            rc |= csv_put_text(b, json_string_value(json_object_get(x, KEYS[k])), ';');
        }
        rc |= buf_puts(b, "\r\n");
    }
    return rc;
}

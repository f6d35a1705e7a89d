#include "cli/demo_housing.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/housing/housing.h"

int demo_housing(db_conn *c, int64_t city)
{
    static const struct {
        const char *code, *address, *neighbourhood;
        int municipio;
    } B[] = {{"MI-ERP-0101", "viale Omero 15", "Corvetto", 4},
             {"MI-ERP-0102", "via Mompiani 5", "Corvetto", 4},
             {"MI-ERP-0201", "largo Boccioni 10", "Gallaratese", 8},
             {"MI-ERP-0202", "via Alex Visconti 24", "Gallaratese", 8},
             {"MI-ERP-0301", "via Fratelli Zoia 105", "Quarto Cagnino", 7},
             {"MI-ERP-0401", "via Sant'Erlembaldo 2", "Gorla", 2},
             {"MI-ERP-0501", "viale Faenza 25", "Barona", 6},
             {"MI-ERP-0601", "piazzetta Capuana 3", "Quarto Oggiaro", 8}};
    static const char *const FIRST[] = {"Alda", "Bice", "Ciro", "Dina", "Enzo", "Fulvia"};
    buf csv;
    buf_init(&csv, 1u << 20);
    buf_puts(&csv, "building_code;address;neighbourhood;municipio;managing_body;unit_code;"
                   "full_name;tax_code\n");
    for (size_t b = 0; b < sizeof B / sizeof B[0]; b++)
        for (int u = 1; u <= 6; u++)
            buf_printf(
                &csv,
                "%s;%s;%s;%d;ALER Milano (demo);Scala A int. %d;%s Inquilino %zu%d (fittizio);\n",
                B[b].code, B[b].address, B[b].neighbourhood, B[b].municipio, u, FIRST[u - 1], b + 1,
                u);
    json_t *report = NULL;
    size_t len = csv.len;
    char *data = buf_detach(&csv, NULL);
    housing_rc rc =
        data ? housing_import(c, city, data, len, clock_now_us(), &report) : HOUSING_ERROR;
    free(data);
    json_decref(report);
    if (rc != HOUSING_OK) return -1;
    /* resident1 lives in the first building, a unit of their own. */
    int64_t user = account_find(c, "resident1@demo.invalid"), unit = 0;
    if (!user) return 0;
    if (db_query_int(c,
                     "INSERT INTO units (building_id, code) SELECT id, 'Scala B int. 7' FROM "
                     "buildings WHERE city_id = ? AND code = 'MI-ERP-0101' RETURNING id",
                     DB_ARGS(DB_INT(city)), &unit) != DB_OK)
        return -1;
    return db_exec(c,
                   "INSERT INTO residents (city_id, unit_id, full_name, user_id, state, "
                   "created_at, updated_at) VALUES (?, ?, 'Rita Residente (demo)', ?, 'active', "
                   "?, ?)",
                   DB_ARGS(DB_INT(city), DB_INT(unit), DB_INT(user), DB_INT(clock_now_us()),
                           DB_INT(clock_now_us())),
                   NULL) == DB_OK
               ? 0
               : -1;
}

#include "cli/demo_housing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/cities/cities.h"
#include "base/timefmt.h"
#include "modules/bookings/bookings.h"
#include "modules/events/events.h"
#include "modules/housing/housing.h"
#include "modules/ideas/ideas.h"
#include "modules/tickets/tickets.h"
#include "modules/timebank/timebank.h"

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

int demo_tickets(db_conn *c, int64_t city)
{
    if (city_default_categories(c, city)) return -1;
    static const char *const CAT[] = {"guasti", "pulizie", "sicurezza", "bisogni"};
    int64_t author = account_find(c, "resident1@demo.invalid");
    int64_t staff = account_find(c, "officer@demo.invalid");
    if (!author || !staff) return 0;
    /* One ticket in each state, opened over the last weeks. */
    static const struct {
        int cat, days_ago;
        const char *text, *path[4];
    } T[] = {{0, 1, "L'ascensore della scala B è fermo da due giorni.", {NULL}},
             {1, 3, "Sacchi abbandonati nel cortile interno.", {"acknowledged", NULL}},
             {0,
              9,
              "Infiltrazione d'acqua dal soffitto del pianerottolo.",
              {"acknowledged", "in_progress", NULL}},
             {2,
              15,
              "Lampione spento all'ingresso del caseggiato.",
              {"acknowledged", "in_progress", "resolved", NULL}},
             {3,
              20,
              "Cerco aiuto per le pratiche del contributo affitto.",
              {"in_progress", "resolved", "closed", NULL}},
             {1, 25, "Richiesta di pulizia straordinaria già programmata.", {"rejected", NULL}}};
    int64_t now = clock_now_us();
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        int64_t cat = 0, id = 0;
        db_query_int(c, "SELECT id FROM ticket_categories WHERE city_id = ? AND code = ?",
                     DB_ARGS(DB_INT(city), DB_TEXT(CAT[T[i].cat])), &cat);
        int64_t at = now - (int64_t)T[i].days_ago * 86400 * 1000000;
        ticket_in in = {.category_id = cat, .place = "", .description = T[i].text};
        if (ticket_open(c, author, &in, at, &id) != TICKET_OK) return -1;
        for (int k = 0; k < 4 && T[i].path[k]; k++) {
            at += 20 * INT64_C(3600000000);
            const char *why = strcmp(T[i].path[k], "rejected") == 0
                                  ? "Pulizia già prevista dal calendario del gestore."
                                  : "";
            bool by_author = strcmp(T[i].path[k], "closed") == 0;
            if (ticket_act(c, id, by_author ? author : staff, !by_author, T[i].path[k], why, at) !=
                TICKET_OK)
                return -1;
        }
    }
    return 0;
}

int demo_events(db_conn *c, int64_t city)
{
    /* The body running the portineria in viale Omero publishes two activities there. */
    int64_t org = 0, rep = 0, space = 0, id = 0;
    db_query_int(c, "SELECT id FROM organisations WHERE tax_code = '97000000022'", DB_NOARGS, &org);
    db_query_int(c,
                 "SELECT user_id FROM memberships WHERE organisation_id = ? AND legal_rep = 1 "
                 "ORDER BY id LIMIT 1",
                 DB_ARGS(DB_INT(org)), &rep);
    db_query_int(c, "SELECT id FROM spaces WHERE city_id = ? AND address = 'viale Omero 15'",
                 DB_ARGS(DB_INT(city)), &space);
    if (!org || !rep) return 0;
    int64_t now = clock_now_us(), day = INT64_C(86400000000);
    event_in in[] = {{"Ciclofficina di cortile",
                      "Ripariamo insieme biciclette e piccoli elettrodomestici.",
                      "Ex portineria viale Omero 15", "Inquilini e vicini", now + 7 * day,
                      now + 7 * day + 3 * day / 24, 12, space},
                     {"Sportello casa: bollette e contributi",
                      "Aiuto per domande di contributo affitto.", "Ex portineria viale Omero 15",
                      "Inquilini ERP", now + 10 * day, now + 10 * day + 2 * day / 24, 6, space}};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        if (event_create(c, city, org, rep, &in[i], now, &id) != EVENT_OK) return -1;
    int64_t resident = account_find(c, "resident1@demo.invalid");
    const char *state = NULL;
    return resident && event_register(c, id, resident, now, true, &state) != EVENT_OK ? -1 : 0;
}

int demo_rooms(db_conn *c, int64_t city)
{
    int64_t omero = 0, boccioni = 0, room = 0, id = 0;
    db_query_int(c, "SELECT id FROM buildings WHERE city_id = ? AND code = 'MI-ERP-0101'",
                 DB_ARGS(DB_INT(city)), &omero);
    db_query_int(c, "SELECT id FROM buildings WHERE city_id = ? AND code = 'MI-ERP-0201'",
                 DB_ARGS(DB_INT(city)), &boccioni);
    room_in in[] = {{"Sala comune di viale Omero", omero, 8 * 60, 22 * 60, 8, 12, false},
                    {"Sala feste di largo Boccioni", boccioni, 9 * 60, 23 * 60, 12, 24, true}};
    int64_t now = clock_now_us();
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        if (room_create(c, city, &in[i], now, i == 0 ? &room : &id) != BOOKING_OK) return -1;
    /* resident1 has the common room in two days, 18:00 to 20:00 local time. */
    int64_t user = account_find(c, "resident1@demo.invalid"), at = 0, booking = 0;
    char when[32];
    time_t t = (time_t)(now / 1000000) + (time_t)2 * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d 18:00", &tm);
    const char *state = NULL;
    if (!user || time_parse_local(when, &at)) return 0;
    return booking_make(c, room, user, at, at + 4 * SLOT_US, "Riunione del comitato inquilini", now,
                        &booking, &state) == BOOKING_OK
               ? 0
               : -1;
}

int demo_timebank(db_conn *c)
{
    int64_t user = account_find(c, "resident1@demo.invalid"), id = 0;
    if (!user) return 0;
    int64_t now = clock_now_us();
    return help_post(c, user, "offer", "lessons", "Aiuto con i compiti di matematica (medie)", now,
                     &id) != TB_OK ||
                   help_post(c, user, "request", "repairs",
                             "Cerco chi mi aiuti a montare una "
                             "mensola",
                             now, &id) != TB_OK
               ? -1
               : 0;
}

int demo_ideas(db_conn *c)
{
    int64_t user = account_find(c, "resident1@demo.invalid"), id = 0;
    if (!user) return 0;
    return idea_add(c, user, "need", "Più panchine nel cortile di viale Omero",
                    "Gli anziani non hanno dove sedersi all'ombra d'estate.", clock_now_us(),
                    &id) == IDEA_OK
               ? 0
               : -1;
}

#include "cli/demo_services.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/accounts/accounts.h"
#include "modules/services/services.h"

/* Milan's low-threshold network, fictional and looking it: the places where services are
 * given, the services with their bodies, hours and who they are for, and the places of the
 * shelters, the day centre and the canteen. */
static const struct {
    const char *name, *address, *cap, *hood, *access;
    int64_t lat, lon;
} L[] = {
    {"Centro di accoglienza Sammartini (demo)", "via Sammartini 120", "20125", "Greco",
     "Ingresso a raso, ascensore", 45489000, 9205000},
    {"Casa di via Aldini (demo)", "via Aldini 74", "20157", "Quarto Oggiaro",
     "Una rampa all'ingresso", 45512000, 9141000},
    {"Rifugio di viale Ortles (demo)", "viale Ortles 69", "20139", "Vigentino", "", 45440000,
     9204000},
    {"Centro diurno di via Lecco (demo)", "via Lecco 12", "20124", "Porta Venezia",
     "Ingresso a raso", 45480000, 9207000},
    {"Mensa di corso Concordia (demo)", "corso Concordia 8", "20129", "Porta Monforte", "",
     45469000, 9208000},
    {"Sportello di via Dogana (demo)", "via Dogana 4", "20123", "Centro storico",
     "Ascensore e servizi accessibili", 45463000, 9190000},
    {"Stazione di posta di via Aporti (demo)", "via Ferrante Aporti 3", "20125", "Loreto", "",
     45493000, 9210000},
};

#define EVERY_DAY(h) "lun " h "\nmar " h "\nmer " h "\ngio " h "\nven " h "\nsab " h "\ndom " h
#define WEEKDAYS(h)  "lun " h "\nmar " h "\nmer " h "\ngio " h "\nven " h

static const struct {
    const char *org, *kind, *name, *name_en, *desc, *desc_en, *hours, *documents, *languages,
        *phone;
    int location;
    /* men, women, families, minors, couples, pets, accessible */
    int for_[7];
    /* places: beds (of which women only, accessible, family, pets), meals, showers */
    int pl[7];
} S[] = {
    {"01199250158",
     "social_emergency",
     "Pronto intervento sociale (demo)",
     "Social emergency service (demo)",
     "Risponde giorno e notte a chi è in strada o in emergenza e cerca un posto per la notte.",
     "Answers day and night for people on the street or in an emergency and looks for a place "
     "for the night.",
     EVERY_DAY("0:00-24:00"),
     "",
     "it,en,fr,ar",
     "02 0000 0100",
     5,
     {1, 1, 1, 1, 1, 1, 1},
     {0}},
    {"01199250158",
     "night_shelter",
     "Dormitorio Sammartini (demo)",
     "Sammartini night shelter (demo)",
     "Accoglienza notturna con cena e colazione. Si entra dalle 19.",
     "Night shelter with dinner and "
     "breakfast. Entry from 7 pm.",
     EVERY_DAY("0:00-8:00 19:00-24:00"),
     "Un documento se lo hai; si entra anche senza",
     "it,en,fr,ar,ro",
     "02 0000 0101",
     0,
     {1, 1, 0, 0, 0, 0, 1},
     {24, 4, 2, 0, 0, 0, 0}},
    {"97000000014",
     "night_shelter",
     "Casa Aldini per famiglie (demo)",
     "Aldini family house (demo)",
     "Stanze per famiglie e coppie; si accettano animali.",
     "Rooms for families and couples; pets welcome.",
     EVERY_DAY("0:00-9:00 18:00-24:00"),
     "",
     "it,en,es",
     "02 0000 0102",
     1,
     {1, 1, 1, 1, 1, 1, 0},
     {10, 0, 0, 8, 2, 0, 0}},
    {"97000000022",
     "night_shelter",
     "Rifugio Ortles per donne (demo)",
     "Ortles women's shelter (demo)",
     "Accoglienza notturna riservata alle donne.",
     "Night shelter for women only.",
     EVERY_DAY("0:00-8:00 20:00-24:00"),
     "",
     "it,en,ro,uk",
     "02 0000 0103",
     2,
     {0, 1, 0, 0, 0, 0, 0},
     {12, 12, 0, 0, 0, 0, 0}},
    {"97000000030",
     "day_centre",
     "Centro diurno Lecco (demo)",
     "Lecco day centre (demo)",
     "Un posto caldo di giorno, docce, ascolto e orientamento.",
     "A warm place by day, showers, listening and guidance.",
     WEEKDAYS("9:00-17:00"),
     "",
     "it,en,fr",
     "02 0000 0104",
     3,
     {1, 1, 1, 0, 1, 0, 1},
     {0, 0, 0, 0, 0, 0, 6}},
    {"97000000048",
     "canteen",
     "Mensa Concordia (demo)",
     "Concordia canteen (demo)",
     "Pranzo e cena, senza tessera.",
     "Lunch and dinner, no card needed.",
     EVERY_DAY("12:00-14:00 19:00-21:00"),
     "",
     "it,en,ar",
     "",
     4,
     {1, 1, 1, 1, 1, 0, 1},
     {0, 0, 0, 0, 0, 80, 0}},
    {"97000000014",
     "street_unit",
     "Unità di strada notturna (demo)",
     "Night street unit (demo)",
     "Passa nelle zone della stazione e dei portici con bevande calde e coperte; segnala chi ha "
     "bisogno di un posto.",
     "Goes round the station and the arcades with hot drinks and blankets; finds a place for who "
     "needs one.",
     EVERY_DAY("21:00-24:00"),
     "",
     "it,en,fr,ar",
     "02 0000 0105",
     5,
     {1, 1, 1, 1, 1, 1, 1},
     {0}},
    {"97000000030",
     "street_unit",
     "Unità di strada diurna (demo)",
     "Day street unit (demo)",
     "Di giorno lungo i Navigli e a Porta Garibaldi: ascolto, orientamento ai servizi, "
     "accompagnamento.",
     "By day along the Navigli and at Porta Garibaldi: listening, guidance to services, going "
     "along.",
     EVERY_DAY("9:00-18:00"),
     "",
     "it,en,es",
     "02 0000 0109",
     5,
     {1, 1, 1, 1, 1, 1, 1},
     {0}},
    {"01199250158",
     "post_station",
     "Stazione di posta Aporti (demo)",
     "Aporti post station (demo)",
     "Docce, deposito bagagli, guardaroba e lavanderia in un solo posto.",
     "Showers, luggage storage, clothes and laundry in one place.",
     EVERY_DAY("8:00-20:00"),
     "",
     "it,en",
     "02 0000 0106",
     6,
     {1, 1, 1, 0, 1, 1, 0},
     {0, 0, 0, 0, 0, 0, 4}},
    {"01199250158",
     "registered_address",
     "Residenza fittizia via Dogana (demo)",
     "Registered address desk (demo)",
     "L'indirizzo per chi non ne ha uno: serve per la carta d'identità, il medico e i servizi.",
     "An address for who has none: needed for an identity card, a doctor and services.",
     WEEKDAYS("9:00-12:00"),
     "Un documento di identità, anche scaduto",
     "it,en",
     "02 0000 0107",
     5,
     {1, 1, 1, 0, 1, 0, 1},
     {0}},
    {"97000000030",
     "health",
     "Ambulatorio solidale (demo)",
     "Free clinic (demo)",
     "Visite mediche senza tessera sanitaria.",
     "Medical visits without a health card.",
     "mar 14:00-18:00\ngio 14:00-18:00",
     "",
     "it,en,fr,ar",
     "02 0000 0108",
     3,
     {1, 1, 1, 1, 1, 0, 1},
     {0}},
    {"97000000048",
     "legal",
     "Sportello legale di strada (demo)",
     "Street legal desk (demo)",
     "Documenti, permessi di soggiorno, multe e sfratti.",
     "Papers, residence permits, fines and evictions.",
     "mer 15:00-18:00",
     "",
     "it,en,fr",
     "",
     5,
     {1, 1, 1, 0, 1, 0, 1},
     {0}},
};

/* Adds n places of kind with the attributes, through the module as an officer would. */
static int add(db_conn *c, int64_t service, const char *kind, int n, place_needs a)
{
    return n > 0 && places_add(c, service, 0, kind, n, &a, false) != SVC_OK ? -1 : 0;
}

/* Milan's size: the reception centre's network of about 2,700 places a night in winter. Sixteen
 * more shelters across the city, a winter plan with four services (a gym, a parish, a tent, a
 * closed school), and the past month of nights as their registers would give it: most beds
 * taken, a few no-shows, some turned away. Tonight, the new shelters are as full. */
static int demo_network(db_conn *c, int64_t city, int64_t team, int64_t now)
{
    static const struct {
        const char *name, *address, *cap, *hood;
        int64_t lat, lon;
    } NL[] = {
        {"Accoglienza di via Mambretti (demo)", "via Mambretti 33", "20157", "Quarto Oggiaro",
         45517000, 9130000},
        {"Accoglienza di viale Fulvio Testi (demo)", "viale Fulvio Testi 180", "20126", "Bicocca",
         45520000, 9215000},
        {"Accoglienza di via Saponaro (demo)", "via Saponaro 40", "20142", "Gratosoglio", 45415000,
         9175000},
        {"Accoglienza di via Barabino (demo)", "via Barabino 8", "20139", "Corvetto", 45440000,
         9220000},
        {"Accoglienza di viale Forlanini (demo)", "viale Forlanini 100", "20134", "Forlanini",
         45460000, 9255000},
        {"Palestra di via Cambini (demo)", "via Cambini 5", "20125", "Loreto", 45488000, 9218000},
        {"Parrocchia di San Marco (demo)", "piazza San Marco 2", "20121", "Brera", 45474000,
         9186000},
        {"Ex scuola di via Zama (demo)", "via Zama 23", "20138", "Ponte Lambro", 45447000, 9240000},
    };
    int64_t loc[8];
    for (int i = 0; i < 8; i++) {
        location_in in = {NL[i].name, NL[i].address, NL[i].cap, NL[i].hood,
                          "",         NL[i].lat,     NL[i].lon};
        if (location_create(c, city, 0, &in, now, &loc[i]) != SVC_OK) return -1;
    }
    char tonight[11], starts[11], ends[11];
    services_night(now, tonight);
    int64_t today = date_day_number(tonight);
    date_from_day_number(today - 20, starts);
    date_from_day_number(today + 100, ends);
    int64_t plan = 0, org = 0, officer = account_find(c, "officer@demo.invalid");
    if (winter_plan_declare(c, city, officer, "Piano freddo 2026-2027 (demo)", starts, ends, now,
                            &plan) != SVC_OK)
        return -1;
    db_query_int(c, "SELECT id FROM organisations WHERE tax_code = '01199250158'", DB_NOARGS, &org);
    static const char *const WINTER[] = {
        "Palestra Cambini, piano freddo (demo)", "Parrocchia San Marco, piano freddo (demo)",
        "Tensostruttura Forlanini, piano freddo (demo)", "Ex scuola Zama, piano freddo (demo)"};
    static const int WINTER_BEDS[] = {120, 40, 200, 80}, WINTER_LOC[] = {5, 6, 4, 7};
    int64_t ids[20];
    int n = 0;
    for (int i = 0; i < 20; i++) {
        char name[96];
        bool winter = i >= 16;
        int w = winter ? i - 16 : 0; /* the winter plan's four */
        if (winter)
            snprintf(name, sizeof name, "%s", WINTER[w]);
        else
            snprintf(name, sizeof name, "Accoglienza notturna %s %d (demo)", NL[i % 5].hood,
                     i / 5 + 1);
        service_in in = {.organisation_id = org,
                         .location_id = loc[winter ? WINTER_LOC[w] : i % 5],
                         .winter_plan_id = winter ? plan : 0,
                         .hold_minutes = 90,
                         .kind = "night_shelter",
                         .name = name,
                         .name_en = "",
                         .description = winter ? "Posti in più per le notti fredde."
                                               : "Accoglienza notturna con cena e colazione.",
                         .description_en = winter ? "Extra places for the cold nights."
                                                  : "Night shelter with dinner and breakfast.",
                         .documents = "",
                         .languages = "it,en",
                         .fees = "",
                         .phone = "",
                         .email = "",
                         .hours = EVERY_DAY("0:00-8:00 19:00-24:00"),
                         .for_ = {1, 1, 0, 0, 0, 0, 0}};
        int beds = winter ? WINTER_BEDS[w] : 140;
        if (service_create(c, city, 0, &in, now, &ids[n]) != SVC_OK ||
            add(c, ids[n], "bed", 6, (place_needs){.women_only = true}) ||
            add(c, ids[n], "bed", 4, (place_needs){.accessible = true}) ||
            add(c, ids[n], "bed", beds - 10, (place_needs){0}))
            return -1;
        n++;
    }
    /* The first three shelters' past nights too, a few beds of each. */
    db_rows *r = db_query(c,
                          "SELECT id FROM services WHERE city_id = ? AND kind = "
                          "'night_shelter' AND name IN ('Dormitorio Sammartini (demo)', "
                          "'Casa Aldini per famiglie (demo)', 'Rifugio Ortles per donne "
                          "(demo)')",
                          DB_ARGS(DB_INT(city)));
    int64_t first[3];
    int k = 0;
    while (r && db_next(r) && k < 3) first[k++] = db_int(r, 0);
    if (!r || db_rows_close(r) != DB_OK) return -1;
    /* The past month (and tonight, for the new shelters): from 80% to 97% of the beds, a
     * deterministic spread so every run looks the same. */
    for (int64_t d = 30; d >= 0; d--) {
        char night[11];
        date_from_day_number(today - d, night);
        /* The demo is one transaction, which the database's own statistics never see: without
         * them PostgreSQL plans each night's free beds as if the holds were few (100 s, not 3). */
        if (db_exec(c, "ANALYZE place_holds", DB_NOARGS, NULL) != DB_OK) return -1;
        for (int i = 0; i < n; i++) {
            bool winter = i >= 16;
            if (winter && today - d < today - 20) continue;
            int beds = winter ? WINTER_BEDS[winter ? i - 16 : 0] : 140;
            int pct = 80 + (int)((d * 7 + (int64_t)i * 5) % 18);
            if (stays_record(c, ids[i], night, (int64_t)beds * pct / 100, d ? (i + d) % 4 : 0, team,
                             now, NULL) != SVC_OK)
                return -1;
        }
        /* The first shelters' past nights too. */
        if (!d) continue;
        for (int i = 0; i < k; i++)
            if (stays_record(c, first[i], night, 8 + (d + i) % 6, d % 3 == 0, team, now, NULL) !=
                SVC_OK)
                return -1;
    }
    return 0;
}

/* The street teams' zones, alerts in every state, a few contacts of tonight and last winter's
 * night count. */
static int demo_street(db_conn *c, int64_t city, int64_t team, int64_t hold, int64_t now)
{
    static const struct {
        const char *zone, *unit;
    } Z[] = {
        {"Stazione Centrale (demo)", "Unità di strada notturna (demo)"},
        {"Centro storico (demo)", "Unità di strada notturna (demo)"},
        {"Navigli e Darsena (demo)", "Unità di strada diurna (demo)"},
        {"Porta Garibaldi (demo)", "Unità di strada diurna (demo)"},
    };
    int64_t zone[4], officer = account_find(c, "officer@demo.invalid");
    for (int i = 0; i < 4; i++) {
        int64_t unit = 0;
        db_query_int(c, "SELECT id FROM services WHERE city_id = ? AND name = ?",
                     DB_ARGS(DB_INT(city), DB_TEXT(Z[i].unit)), &unit);
        if (zone_create(c, city, officer, Z[i].zone, unit, &zone[i]) != SVC_OK) return -1;
    }
    /* Alerts: one new, one taken, one for each outcome. */
    static const struct {
        int zone;
        const char *place, *description, *state, *outcome;
    } A[] = {
        {0, "Portici di piazza Duca d'Aosta (demo)", "Due persone con coperte, una tossisce molto",
         NULL, NULL},
        {1, "Galleria, lato via Silvio Pellico (demo)", "Uomo anziano su un cartone", "taken",
         NULL},
        {2, "Alzaia Naviglio Grande 40 (demo)", "Donna giovane con uno zaino blu", "helped",
         "Accompagnata al rifugio di viale Ortles"},
        {3, "Sotto il ponte di via Farini (demo)", "Uomo con una bicicletta", "declined",
         "Non vuole un posto; ha accettato coperta e tè caldo"},
        {0, "Via Vittor Pisani 20 (demo)", "Persona dentro un sacco a pelo verde", "not_found",
         "Nessuno sul posto alle 22:30"},
    };
    int64_t alert[5];
    for (int i = 0; i < 5; i++) {
        char code[ALERT_CODE_LEN + 1];
        if (alert_report(c, city, zone[A[i].zone], A[i].place,
                         now - INT64_C(3600) * 1000000 * (i + 1), A[i].description, "", now, code,
                         &alert[i]) != SVC_OK)
            return -1;
        int64_t unit = 0;
        db_query_int(c, "SELECT service_id FROM street_zones WHERE id = ?",
                     DB_ARGS(DB_INT(zone[A[i].zone])), &unit);
        if (A[i].state && alert_take(c, city, alert[i], unit, team, now) != SVC_OK) return -1;
        if (A[i].outcome &&
            alert_close(c, city, alert[i], A[i].state, A[i].outcome, team, now) != SVC_OK)
            return -1;
    }
    /* Tonight's contacts: the held place of the street team, the alert it answered. */
    static const struct {
        int zone;
        const char *key, *place, *person, *needs, *offered;
    } K[] = {
        {0, "00000000000000000000000000de0001", "Piazza Duca d'Aosta (demo)",
         "Giovane con il cane grigio", "shelter,food", "Tè caldo; posto tenuto al Sammartini"},
        {1, "00000000000000000000000000de0002", "Galleria (demo)", "Uomo anziano, cappello di lana",
         "health,clothes", "Coperta; invio all'ambulatorio solidale"},
        {2, "00000000000000000000000000de0003", "Alzaia Naviglio Grande (demo)",
         "Donna con lo zaino blu", "shelter,documents", "Accompagnata al rifugio Ortles"},
    };
    for (int i = 0; i < 3; i++) {
        int64_t unit = 0, id = 0;
        bool again = false;
        db_query_int(c, "SELECT service_id FROM street_zones WHERE id = ?",
                     DB_ARGS(DB_INT(zone[K[i].zone])), &unit);
        contact_in in = {.client_key = K[i].key,
                         .place = K[i].place,
                         .person = K[i].person,
                         .needs = K[i].needs,
                         .offered = K[i].offered,
                         .referral = "",
                         .zone_id = zone[K[i].zone],
                         .service_id = unit,
                         .hold_id = i == 0 ? hold : 0,
                         .alert_id = i == 2 ? alert[2] : 0,
                         .met_at = now - INT64_C(1800) * 1000000 * (i + 1)};
        if (contact_record(c, city, team, &in, now, &id, &again) != SVC_OK) return -1;
    }
    /* Last winter's night count, closed: pairs in every zone and their tallies. */
    int64_t count = 0;
    if (count_create(c, city, officer, "2026-01-28", "Conta notturna di gennaio (demo)", now,
                     &count) != SVC_OK)
        return -1;
    static const char *const NAMES[] = {"Anna (demo)",  "Bruno (demo)", "Carla (demo)",
                                        "Dario (demo)", "Elena (demo)", "Fabio (demo)",
                                        "Gaia (demo)",  "Hamid (demo)"};
    for (int i = 0; i < 4; i++) {
        if (count_pair_add(c, city, officer, count, zone[i], NAMES[(size_t)i * 2],
                           NAMES[(size_t)i * 2 + 1]) != SVC_OK)
            return -1;
        count_cell cells[] = {
            {"public_space", "man", "30_49", 6 + 3 * i}, {"public_space", "man", "50_64", 4 + i},
            {"public_space", "woman", "30_49", 1 + i},   {"public_space", "unknown", "unknown", 2},
            {"non_conventional", "man", "18_29", i},
        };
        if (count_tally(c, city, officer, count, zone[i], cells, 5, now) != SVC_OK) return -1;
    }
    return count_close(c, city, officer, count, now) == SVC_OK ? 0 : -1;
}

int demo_services(db_conn *c, int64_t city)
{
    int64_t now = clock_now_us(), loc[sizeof L / sizeof L[0]];
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        location_in in = {L[i].name,   L[i].address, L[i].cap, L[i].hood,
                          L[i].access, L[i].lat,     L[i].lon};
        if (location_create(c, city, 0, &in, now, &loc[i]) != SVC_OK) return -1;
    }
    int64_t shelter = 0;
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        service_in in = {.location_id = loc[S[i].location],
                         .hold_minutes = 90,
                         .kind = S[i].kind,
                         .name = S[i].name,
                         .name_en = S[i].name_en,
                         .description = S[i].desc,
                         .description_en = S[i].desc_en,
                         .documents = S[i].documents,
                         .languages = S[i].languages,
                         .fees = "",
                         .phone = S[i].phone ? S[i].phone : "",
                         .email = "",
                         .hours = S[i].hours};
        for (int k = 0; k < 7; k++) in.for_[k] = S[i].for_[k];
        db_query_int(c, "SELECT id FROM organisations WHERE tax_code = ?",
                     DB_ARGS(DB_TEXT(S[i].org)), &in.organisation_id);
        int64_t id = 0;
        /* Beds: those for women, accessible, for families, with pets, then the others. */
        const int *pl = S[i].pl;
        if (service_create(c, city, 0, &in, now, &id) != SVC_OK ||
            add(c, id, "bed", pl[1], (place_needs){.women_only = true}) ||
            add(c, id, "bed", pl[2], (place_needs){.accessible = true}) ||
            add(c, id, "bed", pl[3], (place_needs){.family = true}) ||
            add(c, id, "bed", pl[4], (place_needs){.pets = true}) ||
            add(c, id, "bed", pl[0] - pl[1] - pl[2] - pl[3] - pl[4], (place_needs){0}) ||
            add(c, id, "meal", pl[5], (place_needs){0}) ||
            add(c, id, "shower", pl[6], (place_needs){0}))
            return -1;
        if (!shelter && S[i].pl[0]) shelter = id;
    }
    /* Tonight at the first shelter: two people checked in, one place held by the street team. */
    int64_t team = account_find(c, "ets1@demo.invalid"), hold = 0, place = 0;
    static const char *const WHO[] = {"Marco, giubbotto rosso", "Signora con il carrello",
                                      "Giovane con il cane grigio"};
    place_needs none = {0};
    for (int i = 0; i < 3; i++) {
        if (place_hold(c, shelter, "bed", &none, WHO[i], team, now, &hold, &place) != SVC_OK)
            return -1;
        if (i < 2 && place_check_in(c, hold, team, now) != SVC_OK) return -1;
    }
    if (turnaway_record(c, city, shelter, "bed", "Tardi, dopo le 23", team, now) != SVC_OK)
        return -1;
    return demo_street(c, city, team, hold, now) || demo_network(c, city, team, now) ? -1 : 0;
}

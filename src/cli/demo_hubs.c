#include "cli/demo_hubs.h"

#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/committees/committees.h"
#include "modules/hubs/hubs.h"

/* The hub of each active agreement: the body's portineria in the neighbourhood it serves. */
int demo_hubs(db_conn *c, int64_t city)
{
    static const struct {
        const char *cf, *name, *hood, *address, *phone, *email, *hours;
        const char *buildings[3];
    } H[] = {{"97000000022",
              "Portineria sociale di viale Omero",
              "Corvetto",
              "viale Omero 15",
              "02 0000 0001",
              "portineria.omero@demo.invalid",
              "lun 9:00-12:30 14:00-18:00\nmer 9:00-12:30\nven 14:00-18:00",
              {"MI-ERP-0101", "MI-ERP-0102", NULL}},
             {"97000000030",
              "Portineria di comunità di piazzetta Capuana",
              "Quarto Oggiaro",
              "piazzetta Capuana 3",
              "02 0000 0002",
              "",
              "mar 10:00-13:00\ngio 15:00-19:00",
              {"MI-ERP-0601", NULL}}};
    static const struct {
        int hub;
        const char *name, *audience, *schedule, *access;
    } S[] = {{0, "Sportello casa", "Inquilini ERP", "lunedì mattina",
              "Senza appuntamento; portare l'ultima bolletta"},
             {0, "Piccole riparazioni", "Inquilini anziani o soli", "mercoledì",
              "Su richiesta in portineria o con una segnalazione"},
             {0, "Ritiro pacchi e chiavi", "Tutti gli inquilini", "negli orari di apertura",
              "Con un documento"},
             {1, "Ascolto e orientamento", "Famiglie del quartiere", "martedì e giovedì",
              "Senza appuntamento"}};
    int64_t ids[2] = {0}, now = clock_now_us();
    for (int i = 0; i < 2; i++) {
        int64_t agreement = 0;
        db_query_int(c,
                     "SELECT a.id FROM agreements a JOIN organisations o ON o.id = "
                     "a.organisation_id WHERE a.city_id = ? AND o.tax_code = ? AND a.state IN "
                     "('signed_city', 'active')",
                     DB_ARGS(DB_INT(city), DB_TEXT(H[i].cf)), &agreement);
        if (!agreement) continue;
        int64_t space = 0;
        db_query_int(c, "SELECT id FROM spaces WHERE city_id = ? AND address = ?",
                     DB_ARGS(DB_INT(city), DB_TEXT(H[i].address)), &space);
        hub_in in = {agreement, space, H[i].name, H[i].hood, H[i].address, H[i].phone, H[i].email};
        week_period hours[HOURS_MAX_PERIODS];
        int n = hours_parse(H[i].hours, hours, HOURS_MAX_PERIODS);
        int nb = 0;
        while (H[i].buildings[nb]) nb++;
        if (n < 0 || hub_create(c, city, &in, now, &ids[i]) != HUB_OK ||
            hub_update(c, ids[i], H[i].phone, H[i].email, hours, n) != HUB_OK ||
            hub_set_buildings(c, ids[i], H[i].buildings, nb) != HUB_OK)
            return -1;
    }
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
        if (ids[S[i].hub] && hub_add_service(c, ids[S[i].hub], S[i].name, S[i].audience,
                                             S[i].schedule, S[i].access, now) != HUB_OK)
            return -1;
    /* The tenants' committee of Corvetto follows both buildings there; resident1 sits on it. */
    static const char *const FOLLOWED[] = {"MI-ERP-0101", "MI-ERP-0102"};
    int64_t officer = account_find(c, "officer@demo.invalid"), committee = 0, member = 0;
    if (!officer) return 0;
    if (committee_create(c, city, "Comitato inquilini Corvetto (demo)", FOLLOWED, 2, officer, now,
                         &committee) != COMMITTEE_OK ||
        committee_add_member(c, committee, city, "resident1@demo.invalid", now, &member) !=
            COMMITTEE_OK)
        return -1;
    return 0;
}

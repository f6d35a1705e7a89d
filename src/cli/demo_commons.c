#include "cli/demo_commons.h"

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/accounts/accounts.h"
#include "modules/commons/commons.h"
#include "modules/network/network.h"

static const int64_t DAY = INT64_C(86400) * 1000000;

/* The pact's start as the day it was signed. */
static cm_rc sign_on(db_conn *c, int64_t city, int64_t pact, int64_t officer, int64_t at)
{
    char day[11];
    date_rome(at, day);
    return pact_sign(c, city, pact, officer, day, at);
}

int demo_commons(db_conn *c, int64_t city, int64_t officer)
{
    int64_t now = clock_now_us();
    int64_t resident = account_find(c, "resident1@demo.invalid");
    int64_t ets = account_find(c, "ets1@demo.invalid");
    pact_rules_in rules = {.regulation = "Regolamento sulla collaborazione tra cittadini e "
                                         "amministrazione per la cura dei beni comuni (demo)",
                           .answer_days = 45,
                           .comment_days = 15,
                           .max_months = 36,
                           .max_renewals = 1};
    if (pact_rules_set(c, city, officer, &rules, now - 120 * DAY)) return -1;
    static const good_in GOODS[] = {
        {"green_area", "Giardino condiviso di via Esempio (demo)", "via Esempio 4 (demo)",
         "Corvetto", NULL, "Un'aiuola abbandonata tra le case popolari.", 45441000, 9221000, 800,
         true},
        {"schoolyard", "Cortile della scuola primaria Esempio (demo)", "via Scolastica 1 (demo)",
         "Giambellino", NULL, "Il cortile, aperto al quartiere il sabato.", 45450000, 9143000, 1200,
         true},
        {"square", "Piazzetta Esempio (demo)", "piazzetta Esempio (demo)", "Niguarda", NULL,
         "Panchine e aiuole da curare.", 45518000, 9190000, 600, true},
        {"confiscated", "Appartamento confiscato di via Esempio 12 (demo)", "via Esempio 12 (demo)",
         "Lorenteggio", "MI-0000123-DEMO", "Trilocale confiscato, da destinare a un uso sociale.",
         45452000, 9128000, 85, true},
        {"building", "Ex casa del custode Esempio (demo)", "via del Parco 3 (demo)", "Corvetto",
         NULL, "Piccolo edificio vuoto nel parco.", 45439000, 9224000, 120, true},
        {"heritage", "Lavatoio storico Esempio (demo)", "alzaia Esempio (demo)", "Navigli", NULL,
         "Lavatoio ottocentesco sul naviglio.", 45451000, 9170000, 60, true},
        {"building", "Locale di via Padre Luigi Monti (demo)", "via Padre Luigi Monti", "Niguarda",
         NULL, "Locale da ristrutturare, offerto anche negli avvisi di co-progettazione.", 45517000,
         9185000, 52, true},
    };
    int64_t good[7], space = 0;
    for (int i = 0; i < 7; i++)
        if (good_add(c, city, officer, &GOODS[i], now - (110 - i) * DAY, &good[i])) return -1;
    /* The last is also a space of the register, offered by "Quartieri Connessi". */
    if (db_query_int(c, "SELECT id FROM spaces WHERE city_id = ? AND name = ?",
                     DB_ARGS(DB_INT(city), DB_TEXT("Spazio via Padre Luigi Monti")),
                     &space) != DB_OK ||
        !space || good_set_space(c, city, good[6], officer, space))
        return -1;
    char label[24];
    int64_t orto = 0, cortile = 0, piazzetta = 0, custode = 0;
    pact_in orto_in = {good[0],
                       "Orto di quartiere a Corvetto (demo)",
                       "Orto comune, compostiera, due pomeriggi di cura a settimana e una festa "
                       "del raccolto aperta a tutti.",
                       "resident",
                       "Rino Inquilino (demo)",
                       0,
                       24,
                       true,
                       0};
    pact_in custode_in = {good[4],
                          "Sala studio nella ex casa del custode (demo)",
                          "Apertura serale come sala studio per i ragazzi del quartiere.",
                          "informal_group",
                          "Studenti di Corvetto (demo)",
                          0,
                          12,
                          false,
                          0};
    pact_in piazzetta_in = {good[2],
                            "Panchine e fiori per la piazzetta (demo)",
                            "Riverniciatura delle panchine e cura delle aiuole ogni mese.",
                            "informal_group",
                            "Amici della piazzetta (demo)",
                            0,
                            12,
                            true,
                            0};
    pact_in cortile_in = {good[1],
                          "Cortile aperto il sabato (demo)",
                          "Apertura del cortile il sabato mattina con giochi e laboratori.",
                          "body",
                          NULL,
                          0,
                          12,
                          true,
                          0};
    db_query_int(c,
                 "SELECT organisation_id FROM memberships WHERE user_id = ? AND organisation_id "
                 "IS NOT NULL",
                 DB_ARGS(DB_INT(ets)), &cortile_in.organisation_id);
    /* In order of date, as the protocol register takes them. The garden is proposed,
     * published, signed, joined by a neighbour, and both sides give; the study room is signed
     * and then revoked for the evenings left closed; the square's proposal is past the office's
     * 45 days; the schoolyard, a body's proposal, is published for comments until next week. */
    if (pact_propose(c, resident, &orto_in, now - 100 * DAY, &orto, label) ||
        pact_propose(c, resident, &custode_in, now - 95 * DAY, &custode, label) ||
        pact_publish(c, city, orto, officer, now - 90 * DAY) ||
        pact_publish(c, city, custode, officer, now - 88 * DAY) ||
        sign_on(c, city, orto, officer, now - 74 * DAY) ||
        sign_on(c, city, custode, officer, now - 72 * DAY) ||
        pact_join(c, orto, ets, now - 70 * DAY))
        return -1;
    static const ledger_in LEDGER[] = {
        {"city", "materials", "Terriccio, sementi e recinzione (demo)", NULL, 0, 35000},
        {"city", "fee_waiver", "Esenzione dal canone per l'occupazione dell'area (demo)", NULL, 0,
         120000},
        {"city", "staff_hours", "Sopralluogo e formazione del servizio verde (demo)", NULL, 600,
         18000},
        {"citizens", "volunteer_hours", "Cura dell'orto, settembre (demo)", NULL, 6400, 0},
        {"citizens", "volunteer_hours", "Cura dell'orto, ottobre (demo)", NULL, 5600, 0},
        {"citizens", "tools", "Attrezzi portati dai vicini (demo)", NULL, 0, 8000},
    };
    for (int i = 0; i < 6; i++) {
        ledger_in l = LEDGER[i];
        char day[11];
        date_rome(now - (70 - 8 * i) * DAY, day);
        l.on_date = day;
        if (pact_ledger_add(c, orto, i < 3 ? officer : resident, &l, now - (70 - 8 * i) * DAY))
            return -1;
    }
    /* The garden's first report, for September and October. */
    char from[11], to[11];
    date_rome(now - 74 * DAY, from);
    date_rome(now - 31 * DAY, to);
    pact_report_in report = {.from = from,
                             .to = to,
                             .text = "Ripulita l'aiuola, posata la recinzione, seminati ortaggi "
                                     "d'autunno.\nDue pomeriggi a settimana, dodici vicini in "
                                     "tutto; la festa del raccolto il 10 ottobre (demo).",
                             .hours = 120};
    int64_t report_id = 0;
    if (pact_report_add(c, orto, resident, &report, now - 30 * DAY, &report_id)) return -1;
    if (pact_propose(c, resident, &piazzetta_in, now - 50 * DAY, &piazzetta, label) ||
        pact_propose(c, ets, &cortile_in, now - 48 * DAY, &cortile, label) ||
        pact_revoke(c, city, custode, officer,
                    "Sala chiusa nelle sere previste per sei settimane, nonostante due richiami "
                    "(demo).",
                    now - 45 * DAY) ||
        pact_publish(c, city, cortile, officer, now - 4 * DAY))
        return -1;
    /* The empty building goes by free loan to a body (art. 71 CTS), the confiscated flat by
     * concession, its ranking now late; both before the demo's letters, in order of date. */
    int64_t loan = 0, concession = 0;
    if (asset_route_start(c, city, good[4], officer, "free_loan",
                          "Fondazione Cortili Solidali ETS (demo)", 120, now - 44 * DAY, &loan) ||
        asset_route_start(c, city, good[3], officer, "confiscated_concession",
                          "Associazione Vicini di Casa APS (demo)", 96, now - 43 * DAY,
                          &concession))
        return -1;
    static const char *const LOAN_NOTES[] = {
        "Iscrizione al RUNTS verificata (demo)", "Progetto di sala studio valutato (demo)",
        "Delibera di Giunta (demo)", "Contratto di comodato firmato (demo)"};
    for (int k = 0; k < 4; k++)
        if (asset_route_advance(c, city, loan, officer, k + 1, LOAN_NOTES[k],
                                now - 43 * DAY + k * DAY / 4))
            return -1;
    if (asset_route_advance(c, city, concession, officer, 1, "Avviso pubblicato all'albo (demo)",
                            now - 42 * DAY))
        return -1;
    /* Profiles of three bodies, so offers meet needs and a need of space meets the goods. */
    static const struct {
        const char *cf, *kind, *hood, *description;
        const char *items[3][3]; /* direction, category, text */
    } ACTORS[] = {
        {"97000000014",
         "ets",
         "Corvetto",
         "Cooperativa che cura orti e cortili con i residenti.",
         {{"need", "spaces", "Un locale per i laboratori del sabato (demo)"},
          {"offer", "skills", "Formazione sull'orticoltura urbana (demo)"},
          {"need", "volunteers", "Volontari per la festa del raccolto (demo)"}}},
        {"97000000022",
         "ets",
         "Corvetto",
         "Gestisce la portineria sociale di quartiere.",
         {{"offer", "volunteers", "Gruppo di inquilini disponibili il sabato (demo)"},
          {"offer", "spaces", "La sala della portineria, la sera (demo)"},
          {"need", "materials", "Sedie e tavoli pieghevoli (demo)"}}},
        {"97000000055",
         "ets",
         "Giambellino",
         "Laboratori culturali per ragazzi.",
         {{"offer", "materials", "Sedie e tavoli da prestare (demo)"},
          {"need", "skills", "Qualcuno che insegni a coltivare (demo)"},
          {NULL, NULL, NULL}}},
    };
    for (size_t i = 0; i < sizeof ACTORS / sizeof *ACTORS; i++) {
        int64_t org = 0, item = 0;
        db_query_int(c, "SELECT id FROM organisations WHERE tax_code = ?",
                     DB_ARGS(DB_TEXT(ACTORS[i].cf)), &org);
        if (!org || actor_profile_set(c, org, officer, ACTORS[i].kind, ACTORS[i].hood,
                                      ACTORS[i].description, now - 30 * DAY))
            return -1;
        for (int k = 0; k < 3 && ACTORS[i].items[k][0]; k++)
            if (actor_offer_add(c, org, officer, ACTORS[i].items[k][0], ACTORS[i].items[k][1],
                                ACTORS[i].items[k][2], now - (29 - k) * DAY, &item))
                return -1;
    }
    return 0;
}

int demo_commons_notice(db_conn *c, int64_t city, int64_t officer)
{
    int64_t now = clock_now_us();
    int64_t resident = account_find(c, "resident1@demo.invalid");
    int64_t ets = account_find(c, "ets1@demo.invalid");
    static const good_in MILL = {"heritage",
                                 "Ex mulino Esempio sul Lambro (demo)",
                                 "via del Mulino 2 (demo)",
                                 "Lambrate",
                                 NULL,
                                 "Mulino ottocentesco in disuso, incluso dal Consiglio tra i beni "
                                 "per i patti complessi.",
                                 45484000,
                                 9241000,
                                 340,
                                 true};
    int64_t mill = 0, notice = 0, a = 0, b = 0;
    char label[24];
    if (good_add(c, city, officer, &MILL, now - 3 * DAY, &mill)) return -1;
    /* A notice for complex pacts, after the council listed the mill; two proposals compete,
     * so the comparison meeting comes once the notice closes. */
    notice_in n = {.good_id = mill,
                   .days = 30,
                   .title = "Avviso per la cura condivisa dell'ex mulino sul Lambro (demo)",
                   .council_act = "Delibera di Consiglio n. 45 del 10/10/2026 (demo)",
                   .body = "Si cercano proposte per riaprire il mulino come casa del quartiere: "
                           "attività culturali, laboratori, custodia del giardino (demo)."};
    if (notice_publish(c, city, officer, &n, now - 2 * DAY, &notice, label)) return -1;
    pact_in first = {mill,
                     "Il mulino come casa del quartiere (demo)",
                     "Apertura tre pomeriggi a settimana, laboratori per ragazzi, un orto "
                     "didattico nel giardino.",
                     "informal_group",
                     "Vicini del Lambro (demo)",
                     0,
                     24,
                     true,
                     notice};
    pact_in second = {mill,
                      "Laboratori di mestieri al mulino (demo)",
                      "Corsi di falegnameria e riparazione per adulti senza lavoro, con "
                      "tutor volontari.",
                      "body",
                      NULL,
                      0,
                      24,
                      true,
                      notice};
    db_query_int(c,
                 "SELECT organisation_id FROM memberships WHERE user_id = ? AND organisation_id "
                 "IS NOT NULL",
                 DB_ARGS(DB_INT(ets)), &second.organisation_id);
    if (pact_propose(c, resident, &first, now - DAY, &a, label) ||
        pact_propose(c, ets, &second, now - DAY / 2, &b, label))
        return -1;
    return 0;
}

#include "cli/demo_practices.h"

#include <sodium.h>
#include <stdio.h>

#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/cities/cities.h"
#include "modules/commons/commons.h"
#include "modules/practices/practices.h"

static const int64_t DAY = INT64_C(86400) * 1000000;

/* A hosted city with its officer (a random password: no one signs in as them in the demo). */
static int city_with_officer(db_conn *c, const char *istat, const char *name, const char *email,
                             const char *officer_name, int64_t *city, int64_t *officer)
{
    char pw[33];
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
    int rc = city_add(c, istat, name, 0, clock_now_us(), city) != CITY_OK ||
             account_create(c, email, officer_name, pw, "it", officer) != ACC_OK ||
             account_add_membership(c, *officer, *city, 0, "officer", false) != ACC_OK;
    sodium_memzero(pw, sizeof pw);
    return rc ? -1 : 0;
}

int demo_practices(db_conn *c, int64_t milan, int64_t officer)
{
    int64_t now = clock_now_us();
    int64_t bologna = 0, turin = 0, bo_officer = 0, to_officer = 0;
    if (city_with_officer(c, "037006", "Comune di Bologna", "ufficio.bologna@demo.invalid",
                          "Bruna Funzionaria di Bologna (demo)", &bologna, &bo_officer) ||
        city_with_officer(c, "001272", "Comune di Torino", "ufficio.torino@demo.invalid",
                          "Tito Funzionario di Torino (demo)", &turin, &to_officer))
        return -1;
    pact_rules_in bo = {"Regolamento sulla collaborazione per la cura dei beni comuni urbani "
                        "(demo)",
                        45,
                        15,
                        36,
                        2,
                        30};
    pact_rules_in to = {
        "Regolamento per il governo dei beni comuni urbani (demo)", 30, 20, 24, 1, 60};
    if (pact_rules_set(c, bologna, bo_officer, &bo, now - 200 * DAY) ||
        pact_rules_set(c, turin, to_officer, &to, now - 190 * DAY))
        return -1;
    static const practice_in P[] = {
        {"Portinerie sociali nei quartieri di case popolari (demo)", "neighbourhood_services",
         "portinerie",
         "Quartieri di edilizia pubblica con servizi lontani e inquilini anziani soli.",
         "Avviso di co-progettazione per area; tavoli con gli enti; spazi recuperati al piano "
         "terra; orari e servizi decisi con gli inquilini.",
         "Tre portinerie aperte cinque giorni su sette; le segnalazioni risolte si leggono qui "
         "accanto.",
         "Gli orari serali contano più dei servizi aggiunti.",
         "ufficio.coprogettazione@demo.invalid"},
        {"Patti di collaborazione per i giardini di quartiere (demo)", "commons", "verde",
         "Aiuole e giardini abbandonati tra i condomini.",
         "Regolamento sui beni comuni; proposte dei residenti; patti aperti a chi vuole aderire; "
         "ore e materiali registrati da entrambe le parti.",
         "Decine di patti attivi; il bilancio di comunità mostra chi ha messo che cosa.",
         "Un patto aperto tiene vivo il gruppo quando i primi firmatari si stancano.",
         "ufficio.bologna@demo.invalid"},
        {"Housing First per chi vive in strada da anni (demo)", "housing_inclusion",
         "housing first",
         "Persone senza casa da molto tempo, passate da molti servizi senza uscirne.",
         "Alloggi dell'agenzia sociale per la locazione; équipe di accompagnamento; nessuna "
         "condizione di ingresso.",
         "Otto persone su dieci ancora in casa dopo un anno.", "", "ufficio.torino@demo.invalid"},
    };
    int64_t cities[] = {milan, bologna, turin}, authors[] = {officer, bo_officer, to_officer};
    int64_t ids[3];
    for (int i = 0; i < 3; i++)
        if (practice_add(c, cities[i], authors[i], &P[i], now - (60 - 10 * i) * DAY, &ids[i]))
            return -1;
    /* Peer reviews come from another city. */
    if (practice_review(c, ids[0], bo_officer, bologna,
                        "Utile l'idea degli orari serali: a Bologna l'abbiamo provata in due "
                        "quartieri. Quanto costa il personale per portineria?",
                        now - 30 * DAY) ||
        practice_review(c, ids[1], officer, milan,
                        "Il bilancio di comunità ci interessa: lo usiamo anche noi per i patti di "
                        "Corvetto.",
                        now - 20 * DAY) ||
        practice_review(c, ids[2], bo_officer, bologna,
                        "Come scegliete gli alloggi privati? Avete un fondo di garanzia?",
                        now - 10 * DAY))
        return -1;
    int64_t notice = 0, reg = 0, v = 0;
    if (model_act_add(c, milan, officer, "notice", "Avviso tipo di co-progettazione (art. 55 CTS)",
                      "Art. 1 Oggetto\nIl Comune indice una procedura di co-progettazione.\n"
                      "Art. 2 Soggetti ammessi\nEnti del Terzo settore iscritti al RUNTS.\n"
                      "Art. 3 Cofinanziamento\nAlmeno il 10% del valore del progetto.\n",
                      now - 50 * DAY, &notice) ||
        model_act_version(c, milan, notice, officer,
                          "Art. 1 Oggetto\nIl Comune indice una procedura di co-progettazione.\n"
                          "Art. 2 Soggetti ammessi\nEnti del Terzo settore iscritti al RUNTS, "
                          "anche in partenariato.\n"
                          "Art. 3 Cofinanziamento\nAlmeno il 10% del valore del progetto.\n"
                          "Art. 4 Tavoli\nI tavoli si chiudono entro 60 giorni.\n",
                          "Partenariati e durata dei tavoli", now - 15 * DAY, &v) ||
        model_act_add(c, bologna, bo_officer, "regulation",
                      "Regolamento tipo sui beni comuni urbani",
                      "Art. 1 Finalità\nLa collaborazione tra cittadini e Comune per la cura dei "
                      "beni comuni.\nArt. 2 Patti ordinari\nRisposta entro 45 giorni.\n",
                      now - 40 * DAY, &reg))
        return -1;
    return 0;
}

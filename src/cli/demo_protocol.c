#include "cli/demo_protocol.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "modules/protocol/protocol.h"

int demo_protocol(db_conn *c, int64_t city, int64_t officer)
{
    static const struct {
        const char *direction, *kind, *correspondent, *subject;
        int days_ago, attachments;
        const char *cancel;
    } ENTRIES[] = {
        {"in", "letter", "Cooperativa Sociale Esempio Aurora ETS (demo)",
         "Richiesta di incontro sul tavolo di co-progettazione di Corvetto", 40, 1, NULL},
        {"out", "letter", "Cooperativa Sociale Esempio Aurora ETS (demo)",
         "Convocazione del tavolo di co-progettazione di Corvetto", 38, 0, NULL},
        {"out", "decision", "Albo pretorio (demo)",
         "Determina di approvazione dell'avviso per l'accoglienza invernale", 20, 2, NULL},
        {"in", "letter", "Comitato inquilini di Corvetto (demo)",
         "Segnalazione sulle sale comuni di viale Omero", 12, 0,
         "Registrata due volte: vale la registrazione successiva"},
        {"in", "letter", "Comitato inquilini di Corvetto (demo)",
         "Segnalazione sulle sale comuni di viale Omero", 12, 1, NULL},
        {"out", "letter", "Fondazione Esempio Borgo ETS (demo)",
         "Richiesta di integrazioni alla rendicontazione", 3, 0, NULL},
    };
    int64_t now = clock_now_us(), day = INT64_C(86400) * 1000000;
    for (size_t i = 0; i < sizeof ENTRIES / sizeof *ENTRIES; i++) {
        char doc[160], annex[2][160], names[3][48];
        protocol_file files[3];
        snprintf(names[0], sizeof names[0], "documento-%zu.pdf", i + 1);
        snprintf(doc, sizeof doc, "%%PDF-1.4\n%% demo: %s\n%%%%EOF\n", ENTRIES[i].subject);
        files[0] = (protocol_file){
            .name = names[0], .data = doc, .len = strlen(doc), .mime = "application/pdf"};
        for (int k = 0; k < ENTRIES[i].attachments; k++) {
            snprintf(names[k + 1], sizeof names[k + 1], "allegato-%d.txt", k + 1);
            snprintf(annex[k], sizeof annex[k], "Allegato %d (demo) a: %s\n", k + 1,
                     ENTRIES[i].subject);
            files[k + 1] = (protocol_file){.name = names[k + 1],
                                           .data = annex[k],
                                           .len = strlen(annex[k]),
                                           .mime = "text/plain"};
        }
        int64_t at = now - ENTRIES[i].days_ago * day + (int64_t)i * 60 * 1000000;
        protocol_in in = {.city_id = city,
                          .user_id = officer,
                          .direction = ENTRIES[i].direction,
                          .kind = ENTRIES[i].kind,
                          .correspondent = ENTRIES[i].correspondent,
                          .subject = ENTRIES[i].subject,
                          .files = files,
                          .nfiles = 1 + ENTRIES[i].attachments,
                          .now = at};
        protocol_number n;
        if (protocol_register(c, &in, &n) != PROTO_OK) return -1;
        if (ENTRIES[i].cancel && protocol_cancel(c, city, n.id, officer, ENTRIES[i].cancel,
                                                 at + 3600 * INT64_C(1000000)) != PROTO_OK)
            return -1;
    }
    return 0;
}

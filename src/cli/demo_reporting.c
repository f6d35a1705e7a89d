#include "cli/demo_reporting.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/accounts/accounts.h"
#include "modules/claims/claims.h"
#include "modules/monitoring/monitoring.h"
#include "modules/participants/participants.h"

static void at(const char *local)
{
    int64_t us = 0;
    time_parse_local(local, &us);
    clock_set_offset(us - clock_now_us() + clock_offset());
}

/* Fictional people: each characteristic as an index into its answers ("refused" included). */
static int participants(db_conn *c, int64_t agreement, int n, int salt)
{
    static const char *const NAMES[] = {"Anna",  "Bruno",  "Carla", "Dario", "Elena",
                                        "Fabio", "Giulia", "Hamid", "Irina", "Luca",
                                        "Marta", "Nadia",  "Omar",  "Paola"};
    for (int i = 0; i < n; i++) {
        participant_in in = {0};
        char name[64], entry[16], exit_date[16];
        snprintf(name, sizeof name, "%s Esempio %d (fittizio)", NAMES[(i + salt) % 14], i + 1);
        /* Entries spread from July 2021 to June 2022; some of 2021's left in 2022. */
        int m = i % 12;
        snprintf(entry, sizeof entry, "%d-%02d-%02d", m < 6 ? 2021 : 2022, m < 6 ? 7 + m : m - 5,
                 1 + (i * 3) % 27);
        snprintf(exit_date, sizeof exit_date, "2022-%02d-15", 1 + i % 6);
        in.full_name = name;
        in.entry_date = entry;
        in.exit_date = i % 4 == 3 && m < 6 ? exit_date : NULL;
        for (int t = 0; t < PART_NTRAITS; t++) {
            int k = 0;
            while (PART_TRAIT_VALUES[t][k]) k++;
            int answers = k - 1; /* the real answers, "refused" aside */
            if (answers < 1) return -1;
            /* Every seventh answer refused; yes to a special category about one time in
             * five; the rest spread over the real answers. */
            int pick =
                answers == 2 ? ((i + t + salt) % 5 == 0 ? 0 : 1) : (i * (t + 1) + salt) % answers;
            in.traits[t] = PART_TRAIT_VALUES[t][(i + t) % 7 == 6 ? k - 1 : pick];
        }
        int64_t id = 0;
        char pseudonym[16];
        if (participant_add(c, agreement, &in, clock_now_us(), &id, pseudonym) != PART_OK)
            return -1;
    }
    return 0;
}

/* A period with the entered indicators (services, m²) and the participants from records. */
static int period(db_conn *c, int64_t city, int64_t agreement, const char *label, const char *from,
                  const char *to, int64_t holder, int64_t officer, bool approve)
{
    int64_t pid = 0;
    if (monitoring_period_add(c, agreement, label, from, to, clock_now_us(), &pid) != MON_OK)
        return -1;
    json_t *ind = db_query_json(c,
                                "SELECT id, code, planned FROM agreement_indicators "
                                "WHERE agreement_id = ? AND code <> ?",
                                DB_ARGS(DB_INT(agreement), DB_TEXT(MON_FROM_RECORDS)));
    int64_t ids[16], vals[16];
    int n = 0;
    size_t i;
    json_t *x;
    json_array_foreach(ind, i, x)
    {
        if (n == 16) break;
        ids[n] = json_integer_value(json_object_get(x, "id"));
        vals[n++] = json_integer_value(json_object_get(x, "planned"));
    }
    json_decref(ind);
    if (monitoring_values(c, pid, ids, vals, n) != MON_OK ||
        monitoring_submit(c, pid, holder) != MON_OK)
        return -1;
    return approve ? monitoring_decide(c, city, pid, true, "", officer, clock_now_us()) : 0;
}

static const char PDF[] = "%PDF-1.4\n% documento di spesa dimostrativo di coprog\n%%EOF\n";

static int line(db_conn *c, int64_t claim, int budget_line, const char *supplier,
                const char *number, const char *date, int64_t cents, int64_t *id)
{
    expense_in in = {.budget_line = budget_line,
                     .supplier = supplier,
                     .doc_number = number,
                     .doc_date = date,
                     .paid_on = date,
                     .amount_cents = cents,
                     .document = PDF,
                     .document_len = sizeof PDF - 1,
                     .document_mime = "application/pdf",
                     .document_name = "documento.pdf"};
    bool over = false;
    return claim_line_add(c, claim, &in, clock_now_us(), id, &over) == CLAIM_OK ? 0 : -1;
}

int demo_reporting(db_conn *c, int64_t city, int64_t officer)
{
    int64_t controller = account_find(c, "controller@demo.invalid");
    json_t *active =
        db_query_json(c,
                      "SELECT g.id, (SELECT m.user_id FROM memberships m WHERE m.organisation_id = "
                      "g.organisation_id AND m.legal_rep = 1 ORDER BY m.user_id LIMIT 1) AS holder "
                      "FROM agreements g WHERE g.city_id = ? AND g.state = 'active' ORDER BY g.id",
                      DB_ARGS(DB_INT(city)));
    int rc = -1;
    if (json_array_size(active) < 2 || !controller) goto out;
    int64_t a = json_integer_value(json_object_get(json_array_get(active, 0), "id"));
    int64_t ha = json_integer_value(json_object_get(json_array_get(active, 0), "holder"));
    int64_t b = json_integer_value(json_object_get(json_array_get(active, 1), "id"));
    int64_t hb = json_integer_value(json_object_get(json_array_get(active, 1), "holder"));
    int64_t id = 0, amount = 0, c1 = 0, c2 = 0, c3 = 0, l[6] = {0};

    /* Payments: the advance on activation. */
    int64_t ida = 0;
    at("2021-07-10T10:00");
    if (payment_request(c, a, "advance", ha, clock_now_us(), &ida, &amount) != CLAIM_OK ||
        payment_request(c, b, "advance", hb, clock_now_us(), &id, &amount) != CLAIM_OK)
        goto out;
    at("2021-07-20T10:00");
    if (payment_paid(c, city, ida, "2021-07-20", officer, clock_now_us()) != CLAIM_OK) goto out;
    at("2021-07-22T10:00");
    if (payment_paid(c, city, id, "2021-07-22", officer, clock_now_us()) != CLAIM_OK) goto out;

    /* People: 14 for the first agreement, 3 for the second (too few to show in public). */
    at("2022-06-30T10:00");
    if (participants(c, a, 14, 0) || participants(c, b, 3, 5)) goto out;

    /* Indicators: the second half of 2021 approved; the first of 2022 waiting. */
    at("2022-07-05T10:00");
    if (period(c, city, a, "2021-S2", "2021-07-01", "2021-12-31", ha, officer, true) ||
        period(c, city, b, "2021-S2", "2021-07-01", "2021-12-31", hb, officer, true))
        goto out;
    at("2022-07-20T10:00");
    if (period(c, city, a, "2022-S1", "2022-01-01", "2022-06-30", ha, officer, false)) goto out;

    /* Claims: 2021-S2 checked (admitted, reduced, rejected), 2022-S1 submitted, 2022-S2 draft. */
    at("2022-01-25T10:00");
    if (claim_add(c, a, "2021-S2", "2021-07-01", "2021-12-31", clock_now_us(), &c1) != CLAIM_OK ||
        line(c, c1, 1, "Personale dipendente (cedolini luglio-dicembre)", "LUL-2021-2",
             "2021-12-27", 4200000, &l[0]) ||
        line(c, c1, 2, "Arredi Esempio srl", "FT-118", "2021-09-14", 800000, &l[1]) ||
        line(c, c1, 2, "Ristorazione Esempio snc", "FT-77", "2021-10-02", 200000, &l[2]) ||
        claim_submit(c, c1, ha, clock_now_us()) != CLAIM_OK)
        goto out;
    at("2022-02-20T10:00");
    bool all_yes[CHECKLIST_N] = {true, true, true, true, true};
    if (claim_line_check(c, city, l[0], "admitted", 0, "", controller) != CLAIM_OK ||
        claim_line_check(c, city, l[1], "reduced", 600000, "Due sedute fuori dal progetto",
                         controller) != CLAIM_OK ||
        claim_line_check(c, city, l[2], "rejected", 0, "Spesa di rappresentanza non ammissibile",
                         controller) != CLAIM_OK ||
        claim_close_check(c, city, c1, all_yes, "Rendiconto regolare con una riduzione", controller,
                          clock_now_us()) != CLAIM_OK)
        goto out;
    at("2022-03-01T10:00");
    if (payment_request(c, a, "interim", ha, clock_now_us(), &id, &amount) != CLAIM_OK) goto out;
    at("2022-03-20T10:00");
    if (payment_paid(c, city, id, "2022-03-20", officer, clock_now_us()) != CLAIM_OK) goto out;
    at("2022-07-25T10:00");
    if (claim_add(c, a, "2022-S1", "2022-01-01", "2022-06-30", clock_now_us(), &c2) != CLAIM_OK ||
        line(c, c2, 1, "Personale dipendente (cedolini gennaio-giugno)", "LUL-2022-1", "2022-06-27",
             4100000, &l[3]) ||
        line(c, c2, 2, "Utenze Esempio spa", "FT-2022-051", "2022-05-10", 150000, &l[4]) ||
        claim_submit(c, c2, ha, clock_now_us()) != CLAIM_OK)
        goto out;
    /* A draw over the city's claims, with a seed anyone can reuse to repeat it. */
    at("2022-08-01T10:00");
    if (sample_draw(c, city, 5000, "quartieri-connessi-2022", controller, clock_now_us(), &id) !=
        CLAIM_OK)
        goto out;
    int64_t drawn = 0;
    db_query_int(c, "SELECT claim_id FROM spot_checks WHERE draw_id = ? ORDER BY claim_id",
                 DB_ARGS(DB_INT(id)), &drawn);
    at("2022-09-14T10:00");
    if (spot_check_record(c, city, drawn, "regular", "2022-09-13",
                          "Registro presenze e contratti visti in sede", controller) != CLAIM_OK)
        goto out;
    at("2022-10-05T10:00");
    if (claim_add(c, a, "2022-S2", "2022-07-01", "2022-12-31", clock_now_us(), &c3) != CLAIM_OK ||
        line(c, c3, 1, "Personale dipendente (cedolini luglio-settembre)", "LUL-2022-2",
             "2022-09-27", 1200000, &l[5]))
        goto out;
    rc = 0;
out:
    json_decref(active);
    return rc;
}

#include "cli/demo.h"
#include "cli/demo_housing.h"
#include "cli/demo_hubs.h"
#include "cli/demo_pathways.h"
#include "cli/demo_commons.h"
#include "cli/demo_practices.h"
#include "cli/demo_protocol.h"
#include "cli/demo_services.h"
#include "cli/demo_scale.h"
#include "cli/demo_reporting.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "modules/accounts/accounts.h"
#include "modules/audit/audit.h"
#include "modules/pathways/pathways.h"
#include "modules/protocol/protocol.h"
#include "modules/agreements/agreements.h"
#include "modules/calls/calls.h"
#include "modules/codesign/codesign.h"
#include "modules/evaluation/evaluation.h"
#include "modules/monitoring/monitoring.h"
#include "modules/proposals/proposals.h"
#include "modules/receipts/receipts.h"
#include "modules/plan/plan.h"
#include "modules/spaces/spaces.h"

typedef struct demo_user {
    const char *email, *name, *role;
    int org; /* 0 none, 1 the city, 2 the demo ETS */
    int city;
    int legal_rep;
} demo_user;

/* Fictional people, named so that no one mistakes them for real ones. */
static const demo_user USERS[] = {
    {"admin@demo.invalid", "Ada Amministratrice (demo)", "admin", 0, 0, 0},
    {"officer@demo.invalid", "Olga Funzionaria RUP (demo)", "officer", 1, 1, 0},
    {"evaluator1@demo.invalid", "Elio Valutatore Uno (demo)", "evaluator", 1, 1, 0},
    {"evaluator2@demo.invalid", "Eva Valutatrice Due (demo)", "evaluator", 1, 1, 0},
    {"controller@demo.invalid", "Carlo Controllore (demo)", "controller", 1, 1, 0},
    {"ets1@demo.invalid", "Elena Rappresentante ETS (demo)", "ets", 2, 1, 1},
    {"resident1@demo.invalid", "Rino Inquilino (demo)", "resident", 0, 1, 0},
    {"auditor@demo.invalid", "Aldo Auditor AdG (demo)", "auditor", 0, 0, 0},
    {"housing@demo.invalid", "Gino Gestore Alloggi (demo)", "housing", 0, 1, 0},
    {"social@demo.invalid", "Sara Assistente Sociale (demo)", "social", 1, 1, 0},
    {"social2@demo.invalid", "Sandro Assistente Sociale Due (demo)", "social", 1, 1, 0},
    {"registry@demo.invalid", "Rita Ufficiale d'Anagrafe (demo)", "registry", 1, 1, 0},
};

static void random_password(char out[17])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 16; i++) out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[16] = '\0';
}

static int64_t insert_id(db_conn *c, const char *sql, const db_param *p, int np)
{
    int64_t id = 0;
    if (db_query_int(c, sql, p, np, &id) != DB_OK) {
        log_error("demo: %s", db_errmsg(c));
        return 0;
    }
    return id;
}

/* The 9 recovered spaces of "Quartieri Connessi" (DOMAIN.md §4); sizes are illustrative. */
static const space_in SPACES[] = {
    {"Ex portineria viale Omero", "viale Omero 15", "Corvetto", "ready", "", 4, 48, "2020-11-02",
     "2021-05-31"},
    {"Ex portineria largo Boccioni", "largo Boccioni 10", "Quarto Oggiaro", "ready", "", 8, 55,
     "2020-11-02", "2021-05-31"},
    {"Ex portineria via Fratelli Zoia", "via Fratelli Zoia 105", "Quarto Cagnino", "in_works", "",
     7, 40, "2021-03-01", NULL},
    {"Ex portineria via Sant'Erlembaldo", "via Sant'Erlembaldo 2", "Gorla", "ready", "", 2, 36,
     "2020-11-02", "2021-05-31"},
    {"Ex portineria viale Faenza", "viale Faenza 25", "Barona", "to_refurbish", "", 6, 62, NULL,
     NULL},
    {"Ex portineria via Alex Visconti", "via Alex Visconti 24", "Gallaratese", "ready", "", 8, 45,
     "2020-11-02", "2021-05-31"},
    {"Spazio piazzetta Capuana", "piazzetta Capuana", "Crescenzago", "in_works", "", 2, 70,
     "2021-03-01", NULL},
    {"Spazio via Padre Luigi Monti", "via Padre Luigi Monti", "Niguarda", "to_refurbish", "", 9, 52,
     NULL, NULL},
    {"Spazio via Palmanova", "via Palmanova", "Crescenzago", "ready", "", 2, 58, "2020-11-02",
     "2021-05-31"},
};

/* Fictional bodies of the Quartieri Connessi call (DOMAIN.md §4: 8 proposals were received). */
static const struct {
    const char *name, *cf, *title;
    int64_t requested, cofinancing;
    int area;
    int points[5]; /* per criterion, evaluator 1; evaluator 2 gives one point less on the first */
} QC_BODIES[] = {
    /* name, tax code, title, requested, co-financing, area, points */
    {"Cooperativa Sociale Portineria Aperta ETS (demo)",
     "97000000022",
     "Portinerie sociali di Corvetto e Gorla",
     9500000,
     1100000,
     0,
     {26, 17, 17, 16, 9}},
    {"Associazione Vicini di Casa APS (demo)",
     "97000000030",
     "Rete di vicinato a Quarto Oggiaro",
     8000000,
     900000,
     0,
     {22, 15, 16, 14, 8}},
    {"Fondazione Cortili Solidali ETS (demo)",
     "97000000048",
     "Portineria diffusa Barona",
     6000000,
     700000,
     0,
     {15, 10, 11, 10, 6}},
    {"Cooperativa Culturale Piazzetta ETS (demo)",
     "97000000055",
     "Cortili in scena",
     7000000,
     800000,
     1,
     {25, 16, 15, 15, 8}},
    {"Associazione Laboratori di Quartiere APS (demo)",
     "97000000063",
     "Laboratori creativi a Crescenzago",
     6500000,
     750000,
     1,
     {24, 16, 16, 15, 8}},
    {"Impresa Sociale Sartoria di Comunità ETS (demo)",
     "97000000071",
     "Sartoria sociale a Quarto Cagnino",
     7500000,
     850000,
     2,
     {27, 18, 17, 17, 9}},
    {"Cooperativa Ciclofficina Inclusiva ETS (demo)",
     "97000000089",
     "Ciclofficina con inquilini apprendisti",
     5500000,
     620000,
     2,
     {20, 14, 13, 13, 7}},
    {"Associazione Orti e Tavole APS (demo)",
     "97000000097",
     "Orti condivisi e cucina di quartiere",
     4000000,
     450000,
     2,
     {12, 9, 9, 8, 5}},
};

static int64_t demo_instant(const char *local)
{
    int64_t us = 0;
    time_parse_local(local, &us);
    return us;
}

static void at(const char *local)
{
    clock_set_offset(demo_instant(local) - clock_now_us() + clock_offset());
}

/* Co-design for the first proposal of each area: a table, a session with minutes approved by
 * both parties, the final project approved; agreements signed (two activated, assigning
 * their spaces; the third signed by the body only). Each body gets a fictional legal
 * representative whose password is random and never shown. */
static int demo_codesign(db_conn *c, int64_t city, int64_t call_id, int64_t officer,
                         const int64_t *pids)
{
    static const int FIRST_OF_AREA[] = {0, 3, 5};
    /* The legal representatives' codici fiscali (fictional, with their check letter): how their
     * qualified certificates name them. */
    static const char *const REP_CF[] = {"LGLNNA80A41F205Q", "LGLPLA75B12F205G",
                                         "LGLCRL70C13F205K", "LGLDNL82D54F205J",
                                         "LGLLSE79E55F205N", "LGLFRC68H16F205E"};
    at("2021-03-22T10:00");
    if (call_transition(c, city, call_id, "ranked", "codesign", officer, NULL) != CALL_OK)
        return -1;
    for (int n = 0; n < 3; n++) {
        int i = FIRST_OF_AREA[n];
        char email[64], pw[33], name[160], sha[65];
        unsigned char raw[16];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
        snprintf(email, sizeof email, "legale.%d@demo.invalid", i + 1);
        snprintf(name, sizeof name, "Legale rappresentante %d (demo)", i + 1);
        int64_t rep = 0, org = 0, table = 0, session = 0, version = 0, agreement = 0;
        db_query_int(c, "SELECT id FROM organisations WHERE tax_code = ?",
                     DB_ARGS(DB_TEXT(QC_BODIES[i].cf)), &org);
        if (account_create(c, email, name, pw, "it", &rep) != ACC_OK ||
            account_add_membership(c, rep, city, org, "ets", true) != ACC_OK ||
            account_set_tax_code(c, rep, REP_CF[i], 0) != ACC_OK)
            return -1;
        sodium_memzero(pw, sizeof pw);
        at("2021-03-25T10:00");
        if (codesign_open(c, city, pids[i], officer, clock_now_us(), &table) != CD_OK ||
            codesign_session_add(
                c, city, table, demo_instant("2021-04-14T17:30"), "Sala del Municipio",
                "Calendario delle attività, orari di apertura, ruoli", "", &session) != CD_OK)
            return -1;
        at("2021-04-15T09:00");
        if (codesign_minutes_save(c, session, officer,
                                  "Presenti: Comune di Milano, l'ente proponente.\n"
                                  "Si concordano gli orari di apertura e il piano delle attività.",
                                  clock_now_us(), &version) != CD_OK ||
            codesign_minutes_approve(c, session, officer, clock_now_us()) != CD_OK)
            return -1;
        at("2021-04-16T11:00");
        if (codesign_minutes_approve(c, session, rep, clock_now_us()) != CD_OK) return -1;
        at("2021-06-15T12:00");
        if (codesign_project_approve(c, city, table, officer, clock_now_us()) != CD_OK) return -1;
        at("2021-06-20T12:00");
        if (agreement_create(c, city, table, officer, 3000, 5000, 2000, clock_now_us(),
                             &agreement) != AG_OK)
            return -1;
        json_t *a = agreement_get(c, agreement);
        snprintf(sha, sizeof sha, "%s", json_string_value(json_object_get(a, "document_sha256")));
        json_decref(a);
        at("2021-06-25T12:00");
        if (agreement_sign(c, agreement, rep, sha, clock_now_us()) != AG_OK) return -1;
        if (n == 2) continue; /* the city's signature is still to come */
        at("2021-06-30T12:00");
        if (agreement_sign(c, agreement, officer, sha, clock_now_us()) != AG_OK) return -1;
        at("2021-07-01T09:00");
        if (agreement_activate(c, city, agreement, officer, clock_now_us()) != AG_OK) return -1;
    }
    return 0;
}

/* Quartieri Connessi after its deadline: 8 fictional bodies submitted, one was excluded, a
 * two-member commission scored the others, the ranking was published. */
static int demo_history(db_conn *c, int64_t city, int64_t call_id, const int64_t *space_ids)
{
    json_t *k = call_get(c, call_id, clock_now_us(), false);
    if (!k) return -1;
    json_t *areas = json_object_get(k, "areas"), *criteria = json_object_get(k, "criteria");
    json_t *docs = json_object_get(k, "documents");
    receipt_key key;
    int rc = -1;
    int64_t pids[8] = {0};
    int64_t rep = account_find(c, "ets1@demo.invalid");
    if (receipt_key_load(c, &key)) goto out;
    static const char PDF[] = "%PDF-1.4\n% proposta dimostrativa di coprog\n%%EOF\n";
    for (int i = 0; i < 8; i++) {
        int64_t org = 0;
        if (db_query_int(c,
                         "INSERT INTO organisations (city_id, kind, name, tax_code, runts_number, "
                         "created_at) VALUES (?, 'ets', ?, ?, ?, ?) RETURNING id",
                         DB_ARGS(DB_INT(city), DB_TEXT(QC_BODIES[i].name), DB_TEXT(QC_BODIES[i].cf),
                                 DB_TEXT("DEMO-QC"), DB_INT(clock_now_us())),
                         &org) != DB_OK)
            goto out;
        clock_set_offset(demo_instant("2021-01-20T09:00") + (int64_t)i * 86400 * 1000000 * 2 -
                         clock_now_us() + clock_offset());
        int partner = i == 0 ? 3 : i == 3 ? 5 : i == 5 ? 0 : -1;
        proposal_in in = {
            .area_id = json_integer_value(
                json_object_get(json_array_get(areas, (size_t)QC_BODIES[i].area), "id")),
            .space_id = space_ids[i],
            .title = QC_BODIES[i].title,
            .summary = "Proposta dimostrativa con dati fittizi.",
            .activities = "Apertura al pubblico 5 giorni su 7, sportello di ascolto, attività con "
                          "gli inquilini.",
            .support_network = "Comitato inquilini, scuole e parrocchie del quartiere (fittizi).",
            .sustainability = "Quote associative, servizi a pagamento, contributi di fondazioni.",
            .requested_cents = QC_BODIES[i].requested,
            .cofinancing_cents = QC_BODIES[i].cofinancing,
            /* The first proposal of each area names the first body of another area as its
             * partner: the network of actors has links of proposals too. */
            .parties = {{"partner", QC_BODIES[partner < 0 ? 0 : partner].cf,
                         QC_BODIES[partner < 0 ? 0 : partner].name, "DEMO-QC"}},
            .nparties = partner >= 0,
            .targets = {{"Inquilini ERP anziani soli", 80}, {"Famiglie con minori", 40}},
            .ntargets = 2,
            .lines = {{"Personale", "", QC_BODIES[i].requested},
                      {"Spazi e attrezzature", "", QC_BODIES[i].cofinancing}},
            .nlines = 2,
        };
        int64_t pid = 0;
        int np = 0;
        call_problem probs[8];
        json_t *receipt = NULL;
        if (proposal_create(c, call_id, org, rep, &in, &pid) != PROP_OK) goto out;
        for (size_t d = 0; d < 2; d++)
            if (proposal_attach(c, pid,
                                json_integer_value(json_object_get(json_array_get(docs, d), "id")),
                                d ? "piano-economico.pdf" : "proposta.pdf", PDF, sizeof PDF - 1,
                                "application/pdf") != PROP_OK)
                goto out;
        if (proposal_submit(c, pid, rep, clock_now_us(), &key, probs, 8, &np, &receipt) != PROP_OK)
            goto out;
        json_decref(receipt);
        pids[i] = pid;
    }
    clock_set_offset(demo_instant("2021-02-20T10:00") - clock_now_us() + clock_offset());
    int64_t ev1 = account_find(c, "evaluator1@demo.invalid"),
            ev2 = account_find(c, "evaluator2@demo.invalid");
    int64_t officer = account_find(c, "officer@demo.invalid");
    for (int i = 0; i < 8; i++)
        if (eval_admissibility(c, city, call_id, pids[i], i != 2,
                               "Manca la firma del rappresentante legale del partner.",
                               officer) != EV_OK)
            goto out;
    if (eval_appoint(c, city, call_id, ev1, true, officer) != EV_OK ||
        eval_appoint(c, city, call_id, ev2, false, officer) != EV_OK ||
        call_transition(c, city, call_id, "closed", "evaluation", officer, NULL) != CALL_OK)
        goto out;
    clock_set_offset(demo_instant("2021-03-05T10:00") - clock_now_us() + clock_offset());
    for (int i = 0; i < 8; i++) {
        if (i == 2) continue; /* excluded */
        for (int e = 0; e < 2; e++) {
            int64_t who = e ? ev2 : ev1;
            score_in sc[5];
            for (int k2 = 0; k2 < 5; k2++)
                sc[k2] = (score_in){
                    json_integer_value(json_object_get(json_array_get(criteria, (size_t)k2), "id")),
                    QC_BODIES[i].points[k2] - (e && k2 == 0 ? 1 : 0),
                    k2 == 0 ? "Proposta chiara, obiettivi misurabili." : ""};
            if (eval_declare(c, call_id, pids[i], who, clock_now_us()) != EV_OK ||
                eval_score(c, call_id, pids[i], who, sc, 5, false, clock_now_us()) != EV_OK)
                goto out;
        }
    }
    clock_set_offset(demo_instant("2021-03-15T12:00") - clock_now_us() + clock_offset());
    int missing = 0;
    if (eval_publish_ranking(c, city, call_id, officer, clock_now_us(), &missing) != EV_OK)
        goto out;
    if (demo_codesign(c, city, call_id, officer, pids) || demo_reporting(c, city, officer))
        goto out;
    rc = 0;
out:
    sodium_memzero(&key, sizeof key);
    json_decref(k);
    if (rc) log_error("demo: Quartieri Connessi history failed: %s", db_errmsg(c));
    return rc;
}

/* The plan, the spaces and two calls: "Quartieri Connessi" (closed in February 2021) and an
 * open one whose deadline is 30 days from now, so an ETS can submit at once. */
static int demo_plan(db_conn *c, int64_t city, int64_t officer)
{
    struct {
        const char *code, *action, *action_name, *fund, *cup, *title;
        int64_t budget;
    } ops[] = {
        {"MI1.1.1.a", "1.1.1", "Servizi digitali", "ERDF", "B41H20000000011",
         "Piattaforma digitale per gli inquilini ERP e i nuovi servizi", 60000000},
        {"MI3.3.1.b", "3.3.1", "Nuovi servizi nei quartieri", "ESF", "B41H20000000022",
         "Quartieri Connessi: co-progettazione di servizi innovativi con il Terzo Settore",
         51650000},
        {"MI4.2.1.a", "4.2.1", "Recupero di immobili", "ERDF", "B41H20000000033",
         "Recupero di 9 spazi inutilizzati ai piedi degli edifici ERP", 120000000},
    };
    int64_t op_ids[3] = {0};
    for (int i = 0; i < 3; i++) {
        int64_t action =
            plan_ensure_action(c, "2014IT16M2OP004", "PON Città Metropolitane", "2014-2020",
                               ops[i].action, ops[i].action_name, ops[i].fund);
        operation_in in = {.action_id = action,
                           .local_code = ops[i].code,
                           .cup = ops[i].cup,
                           .title = ops[i].title,
                           .summary = "",
                           .fund = ops[i].fund,
                           .budget_cents = ops[i].budget,
                           .start_date = "2020-10-01",
                           .end_date = "2023-12-31",
                           .status = "running"};
        if (!action || plan_operation_save(c, city, 0, &in, &op_ids[i]) != PLAN_OK) return -1;
    }
    int64_t space_ids[9];
    for (int i = 0; i < 9; i++)
        if (space_save(c, city, 0, &SPACES[i], &space_ids[i])) return -1;

    call_in qc = {
        .operation_id = op_ids[1],
        .title = "Quartieri Connessi: avviso di co-progettazione di servizi innovativi nei "
                 "quartieri ERP",
        .object =
            "Co-progettazione, avvio e gestione per 24 mesi di servizi innovativi di prossimità "
            "negli spazi recuperati ai piedi degli edifici di edilizia residenziale pubblica, "
            "con il coinvolgimento degli inquilini.",
        .requirements =
            "Enti del Terzo Settore iscritti al RUNTS, singoli o in associazione temporanea "
            "con un capofila. Radicamento nel territorio con una rete locale di sostegno; "
            "sostenibilità economica dopo i 24 mesi di avvio.",
        .short_notice_reason = "",
        .tie_rule = "earlier_submission",
        .score_mode = "mean",
        .total_budget_cents = 51650000,
        .min_cofinancing_bp = 1000,
        .duration_months = 24,
        .threshold_points = 60,
        .publication_at = demo_instant("2020-12-14T12:00"),
        .deadline_at = demo_instant("2021-02-15T12:00"),
        .areas = {{"Portinerie sociali",
                   "Portinerie sociali per gli inquilini ERP e le persone in "
                   "difficoltà socio-economica; reti di vicinato.",
                   20000000},
                  {"Servizi innovativi e animazione",
                   "Animazione sociale, culturale e creativa che "
                   "migliora le relazioni tra residenti e attrae persone da fuori.",
                   16650000},
                  {"Impresa e comunità",
                   "Micro-imprese ad alto impatto sociale che coinvolgono "
                   "inquilini ERP o persone svantaggiate.",
                   15000000}},
        .nareas = 3,
        .criteria = {{"Qualità e innovatività della proposta", "", 30},
                     {"Radicamento territoriale e rete locale", "", 20},
                     {"Coinvolgimento dei destinatari", "", 20},
                     {"Sostenibilità economica dopo lo start-up", "", 20},
                     {"Cofinanziamento", "", 10}},
        .ncriteria = 5,
        .documents = {{"Proposta progettuale firmata", true},
                      {"Piano economico", true},
                      {"Lettere di sostegno della rete locale", false}},
        .ndocuments = 3,
        .nspaces = 9,
    };
    for (int i = 0; i < 9; i++) qc.spaces[i] = space_ids[i];
    int64_t qc_id = 0;
    /* The procedure is replayed at its real dates: the clock is moved back for it. */
    clock_set_offset(demo_instant("2020-12-10T10:00") - clock_now_us() + clock_offset());
    if (call_save(c, city, officer, 0, &qc, &qc_id) != CALL_OK) return -1;
    clock_set_offset(demo_instant("2020-12-14T12:00") - clock_now_us() + clock_offset());
    if (call_transition(c, city, qc_id, "draft", "published", officer, NULL) != CALL_OK) return -1;
    if (demo_history(c, city, qc_id, space_ids)) return -1;
    clock_set_offset(0);

    int64_t now = clock_now_us();
    call_in open = qc;
    open.title = "Portinerie di comunità 2027: avviso di co-progettazione (demo aperto)";
    open.object =
        "Co-progettazione di portinerie di comunità nei quartieri Corvetto e Gallaratese.";
    open.total_budget_cents = 30000000;
    open.areas[0] = (call_area_in){"Corvetto", "Portineria di comunità in viale Omero", 15000000};
    open.areas[1] =
        (call_area_in){"Gallaratese", "Portineria di comunità in via Alex Visconti", 15000000};
    open.nareas = 2;
    open.publication_at = now - (int64_t)86400 * 1000000;
    open.deadline_at = now + (int64_t)30 * 86400 * 1000000;
    open.nspaces = 2;
    open.spaces[0] = space_ids[0];
    open.spaces[1] = space_ids[5];
    int64_t open_id = 0;
    if (call_save(c, city, officer, 0, &open, &open_id) != CALL_OK ||
        call_transition(c, city, open_id, "draft", "published", officer, NULL) != CALL_OK)
        return -1;
    printf("Demo plan: 3 operations, 9 spaces, call %lld (Quartieri Connessi: 8 proposals, ranking "
           "published, 3 co-design tables, 2 active agreements), "
           "call %lld (open for 30 days).\n",
           (long long)qc_id, (long long)open_id);
    return 0;
}

int demo_create(db *d, const char *password, double scale)
{
    db_conn *c = db_conn_get(d);
    if (!c) return -1;
    int64_t now = clock_now_us();
    int64_t city = 0;
    db_query_int(c, "SELECT id FROM cities WHERE istat_code = '015146'", DB_NOARGS, &city);
    bool exists = city != 0;
    if (db_begin(c) != DB_OK) return -1;
    int64_t org_city = 0, org_ets = 0;
    if (!exists) {
        city = insert_id(c,
                         "INSERT INTO cities (name, istat_code, slug, created_at) "
                         "VALUES ('Comune di Milano', '015146', 'milano', ?) RETURNING id",
                         DB_ARGS(DB_INT(now)));
        org_city = insert_id(c,
                             "INSERT INTO organisations (city_id, kind, name, tax_code, "
                             "created_at) VALUES (?, 'city', 'Comune di Milano - Direzione Casa',"
                             " '01199250158', ?) RETURNING id",
                             DB_ARGS(DB_INT(city), DB_INT(now)));
        org_ets = insert_id(c,
                            "INSERT INTO organisations (city_id, kind, name, tax_code, "
                            "runts_number, created_at) VALUES (?, 'ets', "
                            "'Cooperativa Sociale Esempio Aurora ETS (demo)', '97000000014', "
                            "'DEMO-0001', ?) RETURNING id",
                            DB_ARGS(DB_INT(city), DB_INT(now)));
        if (!city || !org_city || !org_ets) goto fail;
    }
    printf("%s\n", exists ? "Demo already present: new passwords for its accounts."
                          : "Demo created: City of Milan (ISTAT 015146).");
    printf("%-26s %-12s %s\n", "e-mail", "role", "password");
    for (size_t i = 0; i < sizeof USERS / sizeof USERS[0]; i++) {
        const demo_user *u = &USERS[i];
        char pw[17];
        if (!password) random_password(pw);
        const char *use = password ? password : pw;
        int64_t uid = account_find(c, u->email);
        acc_rc rc;
        if (uid) {
            rc = account_set_password(c, uid, use);
        } else {
            rc = account_create(c, u->email, u->name, use, "it", &uid);
            if (rc == ACC_OK)
                rc = account_add_membership(c, uid, u->city ? city : 0,
                                            u->org == 1   ? org_city
                                            : u->org == 2 ? org_ets
                                                          : 0,
                                            u->role, u->legal_rep);
        }
        if (rc != ACC_OK) {
            log_error("demo: account %s: %s", u->email,
                      rc == ACC_WEAK_PASSWORD ? "password shorter than 10 characters"
                                              : db_errmsg(c));
            goto fail;
        }
        printf("%-26s %-12s %s\n", u->email, u->role, password ? "(as given)" : pw);
        sodium_memzero(pw, sizeof pw);
    }
    if (!exists) {
        int64_t officer = account_find(c, "officer@demo.invalid");
        /* The RUP signs the city's agreements: her certificate names her by codice fiscale. */
        /* A resident's codice fiscale, so SPID and CIE sign him in where the city offers it. */
        if (account_set_tax_code(c, officer, "FNZLGA72P50F205W", 0) != ACC_OK ||
            account_set_tax_code(c, account_find(c, "resident1@demo.invalid"), "NQLRNI70A01F205W",
                                 0) != ACC_OK ||
            demo_plan(c, city, officer) || demo_housing(c, city) || demo_hubs(c, city) ||
            demo_services(c, city) || demo_pathways(c, city) || demo_commons(c, city, officer) ||
            demo_practices(c, city, officer) || demo_protocol(c, city, officer) ||
            demo_commons_notice(c, city, officer) || demo_tickets(c, city) ||
            demo_events(c, city) || demo_rooms(c, city) || demo_timebank(c) || demo_ideas(c) ||
            (scale > 0 && demo_scale_milan(c, city, clock_now_us(), scale))) {
            log_error("demo: the demo's data could not be written: %s", db_errmsg(c));
            goto fail;
        }
    }
    if (audit_append(c, city, 0, exists ? "demo_reset" : "demo_create", "city", city, NULL))
        goto fail;
    if (db_commit(c) != DB_OK) return -1;
    /* The by-name list's counts by day, as the ticker would fold them. */
    if (by_name_fold(c) < 0) return -1;
    /* The demo's history has protocol entries from past years: their daily registers are made
     * now, as the ticker would have made them day by day. */
    int days = 0;
    for (int n; (n = protocol_daily_produce(c, clock_now_us())) != 0; days += n)
        if (n < 0) return -1;
    if (days) printf("Daily protocol registers: %d made for the demo's past days.\n", days);
    return 0;
fail:
    db_rollback(c);
    return -1;
}

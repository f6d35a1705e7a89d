#include "cli/demo_pathways.h"

#include <stdio.h>

#include "base/clock.h"
#include "modules/accounts/accounts.h"
#include "modules/pathways/pathways.h"

typedef struct demo_person {
    person_in in;
    const char *later_ethos; /* the category it moved to, a month after */
    const char *consent;     /* a purpose agreed for the demo body, or NULL */
    bool withdrawn;          /* the person withdrew it with the card */
    const char *health;      /* a note kept apart, or NULL */
} demo_person;

#define WHO(cf_, given_, family_, nick_, born_, year_, from_, gender_, ethos_, restricted_)        \
    {                                                                                              \
        .tax_code = (cf_), .given_name = (given_), .family_name = (family_), .nickname = (nick_),  \
        .birth_date = (born_), .birth_year = (year_), .origin = (from_), .gender = (gender_),      \
        .ethos = (ethos_), .restricted = (restricted_)                                             \
    }

static const demo_person PEOPLE[] = {
    {WHO("SPSGNN70A01F839O", "Giovanni", "Esposito (demo)", "", "1970-01-01", 0, "Napoli", "man",
         "public_space", false),
     "emergency", "shelter", false, "Diabete, in cura al poliambulatorio (demo)"},
    {WHO("", "", "", "Il Maestro (demo)", NULL, 1962, "Bucarest", "man", "public_space", false),
     NULL, "case_work", false, NULL},
    {WHO("", "Amina", "Diallo (demo)", "", "1994-05-20", 0, "Senegal", "woman",
         "homeless_accommodation", false),
     NULL, "housing", true, NULL},
    {WHO("", "Laura", "Bianchi (demo)", "", "1988-03-08", 0, "Milano", "woman", "emergency", true),
     NULL, NULL, false, NULL},
    {WHO("", "Karim", "Ben Ali (demo)", "", NULL, 1988, "Tunisi", "man", "public_space", false),
     NULL, NULL, false, NULL},
    {WHO("", "K.", "Ben Ali (demo)", "", NULL, 1988, "", "man", "non_conventional", false), NULL,
     NULL, false, NULL},
    {WHO("", "Stefano", "Colombo (demo)", "", NULL, 1959, "Milano", "man", NULL, false), NULL, NULL,
     false, NULL},
};

/* The first three people are in charge: Giovanni with a plan he confirmed and a referral the
 * demo body accepted; Il Maestro with a review already late; Amina with a referral still waiting
 * (sent before she withdrew her consent). */
static int demo_pathway(db_conn *c, int64_t city, int64_t social, int64_t ets, int64_t body,
                        int64_t id, size_t which, int64_t at)
{
    static const char *const LEVELS[][NEED_AREA_COUNT] = {
        {"serious", "serious", "some", "some", "some", "none"},
        {"serious", "some", "serious", "serious", "none", "some"},
        {"serious", "some", "none", "some", "some", "none"},
    };
    static const char *const NOTES[NEED_AREA_COUNT] = {"", "", "", "", "", ""};
    int64_t day = INT64_C(86400) * 1000000, pid = 0, goal = 0, ref = 0;
    if (pathway_open(c, city, social, id, which == 1 ? 30 : REVIEW_DAYS_DEFAULT, at + 3 * day,
                     &pid) ||
        needs_assess(c, city, social, id, LEVELS[which], NOTES, at + 3 * day))
        return -1;
    if (which == 0) {
        if (goal_add(c, city, social, id, "Un posto letto stabile",
                     "Voglio dormire ogni notte nello stesso posto", at + 4 * day, &goal) ||
            action_add(c, city, social, id, goal, "Colloquio al dormitorio", "assistente sociale",
                       "2026-12-20", at + 4 * day) ||
            plan_acknowledge(c, city, social, id, "Mi sta bene, ci provo", at + 5 * day) ||
            referral_send(c, city, social, id, body, "Accoglienza notturna per l'inverno",
                          at + 5 * day, &ref) ||
            referral_answer(c, body, ets, ref, true, "", at + 6 * day))
            return -1;
    }
    /* Giovanni is registered at the fictitious street and has mail; Il Maestro's request waits
     * for the registry office. */
    int64_t registry = account_find(c, "registry@demo.invalid"), rid = 0, mail = 0;
    if (which < 2 && address_request(c, city, social, id, at + 7 * day, &rid)) return -1;
    if (which == 0 &&
        (address_decide(c, city, registry, rid, true, "", at + 9 * day) ||
         mail_log(c, city, social, id, "official", "Agenzia delle Entrate (demo)", at + 12 * day,
                  &mail) ||
         mail_hand(c, city, social, id, mail, at + 14 * day) ||
         mail_log(c, city, social, id, "registered", "INPS (demo)", at + 40 * day, &mail) ||
         mail_log(c, city, social, id, "letter", "ASST Santi Paolo e Carlo (demo)", at + 50 * day,
                  &mail)))
        return -1;
    /* Giovanni moved into an agency's flat thirteen months ago, visited since. */
    int64_t home = 0, placement = 0;
    home_in flat = {.kind = "agency", .address = "via Giambellino 12, int. 4 (demo)", .rooms = 2};
    home_in unit = {.kind = "public_housing",
                    .building_code = "MI-ERP-0201",
                    .unit_code = "Scala A int. 3",
                    .rooms = 3};
    if (which == 0 && (home_add(c, city, social, &flat, at, &home) ||
                       placement_offer(c, city, social, id, home, "housing_first", "", at + 8 * day,
                                       &placement) ||
                       placement_move_in(c, city, social, placement, "2025-11-01", at + 8 * day) ||
                       placement_visit(c, city, social, placement, "2025-12-01",
                                       "Casa in ordine, bollette pagate", at + 9 * day) ||
                       home_add(c, city, social, &unit, at, &home)))
        return -1;
    /* A private lease free to match: the people in charge are eligible for it. */
    home_in lease = {.kind = "private_lease", .address = "via Lorenteggio 140 (demo)", .rooms = 1};
    if (which == 2 && home_add(c, city, social, &lease, at, &home)) return -1;
    if (which == 2 &&
        referral_send(c, city, social, id, body, "Ricerca di un alloggio", at + 6 * day, &ref))
        return -1;
    return 0;
}

/* A family leaving a camp, followed as one household (action 3.2.1): the mother is the
 * reference, with an open pathway and its assessment; three more members. A three-room flat of
 * the social rental agency is free for them (four people at two a room). */
static int demo_household(db_conn *c, int64_t city, int64_t social, int64_t at)
{
    static const struct {
        person_in in;
        const char *relation;
    } FAMILY[] = {
        {WHO("", "Mirela", "Stanković (demo)", "", NULL, 1985, "Kragujevac", "woman",
             "non_conventional", false),
         NULL},
        {WHO("", "Dragan", "Stanković (demo)", "", NULL, 1982, "Kragujevac", "man",
             "non_conventional", false),
         "partner"},
        {WHO("", "Ljuba", "Stanković (demo)", "", NULL, 2010, "Milano", "woman", "non_conventional",
             false),
         "child"},
        {WHO("", "Marko", "Stanković (demo)", "", NULL, 2014, "Milano", "man", "non_conventional",
             false),
         "child"},
    };
    static const char *const LEVELS[NEED_AREA_COUNT] = {"serious", "some", "some",
                                                        "serious", "some", "none"};
    static const char *const NOTES[NEED_AREA_COUNT] = {"", "", "", "", "", ""};
    int64_t day = INT64_C(86400) * 1000000, household = 0, pid = 0, home = 0;
    for (size_t i = 0; i < sizeof FAMILY / sizeof FAMILY[0]; i++) {
        int64_t id = 0;
        if (person_create(c, city, social, &FAMILY[i].in, at, &id) != PATH_OK) return -1;
        if (i == 0 && (household_create(c, city, social, id, "camp_exit",
                                        "Insediamento di via dei Pioppi (demo)", at + day,
                                        &household) != PATH_OK ||
                       pathway_open(c, city, social, id, REVIEW_DAYS_DEFAULT, at + day, &pid) ||
                       needs_assess(c, city, social, id, LEVELS, NOTES, at + 2 * day)))
            return -1;
        if (i > 0 &&
            household_join(c, city, social, household, id, FAMILY[i].relation, at + day) != PATH_OK)
            return -1;
    }
    home_in flat = {
        .kind = "agency", .address = "via Odazio 7, int. 2 (demo)", .rooms = 3, .step_free = true};
    return home_add(c, city, social, &flat, at + 3 * day, &home) ? -1 : 0;
}

int demo_pathways(db_conn *c, int64_t city)
{
    int64_t social = account_find(c, "social@demo.invalid");
    int64_t ets = account_find(c, "ets1@demo.invalid");
    int64_t body = 0;
    if (!social || !ets ||
        db_query_int(c, "SELECT id FROM organisations WHERE tax_code = '97000000014'", NULL, 0,
                     &body) != DB_OK ||
        !body)
        return -1;
    int64_t now = clock_now_us(), day = INT64_C(86400) * 1000000;
    if (fictitious_street_set(c, city, social, "via Comunale Fittizia (demo)")) return -1;
    /* The city's priority rule, as a council resolution would set it. */
    priority_rule rule = {.month_points = 1,
                          .need_points = 6,
                          .rough_points = 12,
                          .inactive_days = INACTIVE_DAYS_DEFAULT,
                          .hf_min_needs = 1,
                          .public_needs_residence = true,
                          .people_per_room = 2};
    snprintf(rule.decision, sizeof rule.decision, "%s",
             "Delibera di Giunta n. 1234 del 15/09/2026 (demo)");
    if (priority_rule_set(c, city, account_find(c, "officer@demo.invalid"), &rule, now - 90 * day))
        return -1;
    /* Codes for the SIUSS export, marked as the demo's: a city takes its own from INPS's table. */
    static const char *const SIUSS[][3] = {
        {"charge", "DEMO.01", "Presa in carico del servizio sociale (demo)"},
        {"shelter", "DEMO.02", "Accoglienza notturna per persone senza dimora (demo)"},
        {"street", "DEMO.03", "Unità di strada (demo)"},
        {"housing", "DEMO.04", "Housing first e housing led (demo)"},
        {"address", "DEMO.05", "Residenza fittizia (demo)"},
        {"mail", "DEMO.06", "Fermo posta (demo)"},
    };
    for (size_t i = 0; i < sizeof SIUSS / sizeof *SIUSS; i++)
        if (siuss_code_set(c, city, account_find(c, "officer@demo.invalid"), SIUSS[i][0],
                           SIUSS[i][1], SIUSS[i][2], now - 90 * day))
            return -1;
    const person_reader desk = {city, social, 0, true}, team = {city, ets, body, false};
    for (size_t i = 0; i < sizeof PEOPLE / sizeof PEOPLE[0]; i++) {
        const demo_person *p = &PEOPLE[i];
        int64_t id = 0, consent = 0, at = now - (int64_t)(60 - i) * day;
        if (person_create(c, city, social, &p->in, at, &id) != PATH_OK) return -1;
        if (p->later_ethos && person_set_ethos(c, city, social, id, p->later_ethos, at + 30 * day))
            return -1;
        if (p->health && special_add(c, city, social, id, "health", p->health, at + day)) return -1;
        if (person_read_log(c, &desk, id, "record", PURPOSE_SOCIAL_SERVICE, at + day)) return -1;
        if (p->consent) {
            if (consent_give(c, city, social, id, body, p->consent, at + day, &consent)) return -1;
            if (person_read_log(c, &team, id, "record", p->consent, at + 2 * day)) return -1;
        }
        if (i < 3 && demo_pathway(c, city, social, ets, body, id, i, at)) return -1;
        if (p->withdrawn && consent_revoke(c, city, id, consent, 0, at + 20 * day)) return -1;
    }
    return demo_household(c, city, social, now - 20 * day);
}

/* Shared care of public goods (issue 17, first part): the register of public goods a city
 * offers for care or reuse, each with its state and full history; the city's regulation on
 * collaboration pacts kept as data (answer days, comment days, longest duration, renewals);
 * and ordinary collaboration pacts: a proposal by residents, informal groups or bodies
 * (registered in the protocol), the office's answer within the regulation's days, publication
 * for comments, signing, pacts that stay open to anyone who asks to join, the support ledger of
 * both sides (the community balance), renewal and revocation with reasons, open data. */
#ifndef COPROG_MODULES_COMMONS_H
#define COPROG_MODULES_COMMONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"
#include "modules/protocol/protocol.h"

typedef enum {
    CM_OK = 0,
    CM_ERROR = -1,
    CM_NOT_FOUND = -2,
    CM_STATE = -3,            /* not in a state that allows it */
    CM_TOO_LONG = -4,         /* longer than the regulation allows */
    CM_MEMBER = -5,           /* already a signatory */
    CM_NOT_MEMBER = -6,       /* not a signatory */
    CM_COMMENTS_OPEN = -7,    /* the publication for comments has not ended */
    CM_NO_RULES = -8,         /* the city has not set its regulation */
    CM_CLOSED = -9,           /* the pact takes no one else */
    CM_RENEWALS = -10,        /* no renewal left */
    CM_GOOD_TAKEN = -11,      /* the good is under another pact or a concession */
    CM_PROPOSER_LEAVES = -12, /* the proposer stays while the pact lasts */
    CM_OUTSIDE = -13,         /* a day outside the pact's term */
    CM_DAY_EXISTS = -14,      /* that activity on that day is recorded already */
    CM_WRONG_ROUTE = -15,     /* a confiscated asset goes by its own route, and only it */
    CM_NO_SPACE = -16,        /* no such space in the good's city */
    CM_SPACE_TAKEN = -17,     /* the space is another good's already */
    CM_DISPUTE_OPEN = -18,    /* the pact has a dispute not yet closed */
    CM_NOTICE_CLOSED = -19,   /* the notice takes no more proposals */
    CM_UNDER_NOTICE = -20,    /* the good is under a notice: proposals go under it */
    CM_COMPETING = -21,       /* other proposals under the notice are still waiting */
    CM_NO_GIUNTA = -22,       /* a complex pact waits for the giunta's approval */
    CM_PROPOSALS_OPEN = -23,  /* the notice still takes proposals */
} cm_rc;

extern const char *const commons_good_kinds[];     /* building, room, ..., NULL */
extern const char *const commons_good_states[];    /* offered, proposed, pact, ..., NULL */
extern const char *const commons_pact_states[];    /* proposed, published, active, ..., NULL */
extern const char *const commons_proposer_kinds[]; /* resident, informal_group, body, NULL */
extern const char *const commons_ledger_kinds[];   /* materials, tools, ..., NULL */

/* The regulation of a city, or NULL when it has none yet. */
json_t *pact_rules_get(db_conn *c, int64_t city_id);
typedef struct pact_rules_in {
    const char *regulation;
    int64_t answer_days, comment_days, max_months, max_renewals;
    int64_t dispute_days; /* the conciliation committee's days; 0 keeps the city's */
} pact_rules_in;
cm_rc pact_rules_set(db_conn *c, int64_t city_id, int64_t user_id, const pact_rules_in *in,
                     int64_t now);
/* Every city's regulation side by side. */
json_t *pact_rules_all(db_conn *c);
/* Every city's co-design calls (published or later) side by side: how many, and the range of
 * their minimum co-financing (basis points), score thresholds and durations. */
json_t *call_terms_all(db_conn *c);

typedef struct good_in {
    const char *kind, *name, *address, *neighbourhood, *anbsc_code, *description;
    int64_t latitude_e6, longitude_e6, area_m2; /* 0: not given (area); coordinates: has_place */
    bool has_place;
} good_in;
cm_rc good_add(db_conn *c, int64_t city_id, int64_t user_id, const good_in *in, int64_t now,
               int64_t *id);
/* A page of GOODS_PAGE of the city's goods (filters NULL or "" for any; page from 1), with
 * their open pact when any, by neighbourhood and name; *total the goods the filters keep. */
enum { GOODS_PAGE = 50 };
typedef struct goods_filter {
    const char *kind, *state, *neighbourhood;
    int64_t page;
} goods_filter;
json_t *goods_list(db_conn *c, int64_t city_id, const goods_filter *f, int64_t *total);
/* The neighbourhoods the city's goods are in, for the register's filter. */
json_t *goods_neighbourhoods(db_conn *c, int64_t city_id);
/* One good (of the city, or of any city with 0: the register is public) with its history and
 * every pact it went through, and when it is a space of the city's register, that space with
 * the calls that offered it (published or later) and the agreements it was assigned to; or
 * NULL. */
json_t *good_get(db_conn *c, int64_t city_id, int64_t id);
/* The good is that space of the city's register (0: none): CM_NOT_FOUND for no such good of the
 * city, CM_NO_SPACE for no such space of the city, CM_SPACE_TAKEN when another good is it. */
cm_rc good_set_space(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t space_id);
/* The city's spaces (id, name), for choosing a good's. */
json_t *good_space_choices(db_conn *c, int64_t city_id);

typedef struct pact_in {
    int64_t good_id;
    const char *title, *activities, *proposer_kind, *proposer_name;
    int64_t organisation_id; /* a body's proposal */
    int64_t months;
    bool open;
    int64_t notice_id; /* a complex pact's notice; 0 for an ordinary proposal */
} pact_in;
/* A proposal on a good offered for care: answer_due from the city's answer days, the
 * proposal registered in the protocol (its number in *label), the proposer its first
 * signatory, the good "proposed". In the caller's transaction. Under a notice (notice_id), a
 * complex proposal while the notice takes them (CM_NOTICE_CLOSED after), answered the
 * regulation's days after the notice's last day; without one, CM_UNDER_NOTICE while the good
 * has a notice open. */
cm_rc pact_propose(db_conn *c, int64_t user_id, const pact_in *in, int64_t now, int64_t *id,
                   char label[24]);
/* The office's steps, each for an officer of the pact's city. */
cm_rc pact_publish(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now);
cm_rc pact_sign(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *starts_on,
                int64_t now);
cm_rc pact_reject(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *reason,
                  int64_t now);
cm_rc pact_revoke(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *reason,
                  int64_t now);
cm_rc pact_renew(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now);

/* Ends the pacts past their last day (the ticker, once a minute): signatories leave, the good
 * is offered again. The number ended, or -1. In the caller's transaction. */
int pacts_close_expired(db_conn *c, int64_t now);

/* Anyone signed in, on a published pact. */
cm_rc pact_comment(db_conn *c, int64_t id, int64_t user_id, const char *text, int64_t now);
/* Joining and leaving an active open pact: the database keeps one open membership each. */
cm_rc pact_join(db_conn *c, int64_t id, int64_t user_id, int64_t now);
cm_rc pact_leave(db_conn *c, int64_t id, int64_t user_id, int64_t now);
/* The pact's city (0 when there is no such pact). */
int64_t pact_city(db_conn *c, int64_t id);
/* Whether user is a signatory now. */
bool pact_is_member(db_conn *c, int64_t id, int64_t user_id);

typedef struct ledger_in {
    const char *side, *kind, *description, *on_date;
    int64_t hours_centi, value_cents;
} ledger_in;
/* A line of support: the city's by its officers, the citizens' by the signatories. */
cm_rc pact_ledger_add(db_conn *c, int64_t id, int64_t user_id, const ledger_in *in, int64_t now);

/* The other legal routes to a good (assets.c): free_loan (art. 71 CTS), social_partnership
 * (art. 201 D.Lgs. 36/2023), confiscated_concession (art. 48 D.Lgs. 159/2011). */
extern const char *const commons_route_kinds[];
/* Starts a route on an offered good of the city for party, for term_months within the law's
 * longest; the request goes into the protocol; the good becomes "proposed". */
cm_rc asset_route_start(db_conn *c, int64_t city_id, int64_t good_id, int64_t user_id,
                        const char *kind, const char *party, int64_t term_months, int64_t now,
                        int64_t *id);
/* Records the step under way as done, when it is expected_step (the one the officer saw); the
 * next gets its deadline, or the route becomes active for its term (the act in the protocol,
 * the good "in concession"). */
cm_rc asset_route_advance(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                          int64_t expected_step, const char *note, int64_t now);
/* The document of a step done (a PDF, checked by the caller), registered in the protocol as the
 * city's act toward the party and named by the step; CM_NOT_FOUND when the step is not done or
 * has its document already. */
cm_rc asset_route_step_document(db_conn *c, int64_t city_id, int64_t id, int64_t step,
                                int64_t user_id, const protocol_file *doc, int64_t now);
/* Refuses an open route with a reason; the good is offered again. */
cm_rc asset_route_refuse(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                         const char *reason, int64_t now);
/* Ends the active routes past their last day (the ticker): the route reads "ended", the good
 * is offered again, audited. The number ended, or -1. In the caller's transaction. */
int asset_routes_close_expired(db_conn *c, int64_t now);
/* The good a route is on (0 when none). */
int64_t asset_route_good(db_conn *c, int64_t id);
/* A good's routes with every step of their kind: done, under way (is_current, step_due,
 * is_late) or to come. */
json_t *asset_routes_of(db_conn *c, int64_t good_id, const char *today);

/* A person taking part in an activity day: the name, and the birth date when the insurer asks
 * for it (YYYY-MM-DD, may be NULL). */
typedef struct pact_person {
    const char *full_name, *birth_date;
} pact_person;
enum { PACT_DAY_MAX_PEOPLE = 100 };
/* An activity day within the pact's term with the people taking part (signatories and the
 * city's officers record them, before the day to be covered). */
cm_rc pact_day_add(db_conn *c, int64_t id, int64_t user_id, const char *day, const char *activity,
                   const pact_person *people, int npeople, int64_t now, int64_t *day_id);
/* The pact's days, newest first, each with its people and their count. */
json_t *pact_days(db_conn *c, int64_t id);
/* The city's participants of a month ("2026-11") for the insurer: a CSV line per person per
 * day. 0 or -1. */
int pact_insurance_csv(db_conn *c, int64_t city_id, const char *month, buf *out);

/* A report of a pact: a period within its term, what was done, the hours, and up to
 * PACT_REPORT_PHOTOS photos (JPEG or PNG, checked by the caller). */
enum { PACT_REPORT_PHOTOS = 6 };
typedef struct pact_photo {
    const void *data;
    size_t len;
    const char *mime;
} pact_photo;
typedef struct pact_report_in {
    const char *from, *to, *text;
    int64_t hours;
    pact_photo photos[PACT_REPORT_PHOTOS];
    int nphotos;
} pact_report_in;
cm_rc pact_report_add(db_conn *c, int64_t id, int64_t user_id, const pact_report_in *in,
                      int64_t now, int64_t *report_id);
/* The pact's reports, newest period first, each with its photos' ids. */
json_t *pact_reports(db_conn *c, int64_t id);
/* A report photo of the pact (malloc'd) with its type, or NULL. */
void *pact_report_photo(db_conn *c, int64_t pact_id, int64_t photo_id, size_t *len, char *mime,
                        size_t mimelen);

/* The city's pacts (state may be NULL), with is_overdue for proposals past their answer day
 * and is_expired for active pacts past their end, as of today. */
json_t *pacts_list(db_conn *c, int64_t city_id, const char *state, const char *today);
/* One pact with its good, signatories now, comments, ledger and balance, or NULL. */
json_t *pact_get(db_conn *c, int64_t id, const char *today);

/* Complex pacts (notices.c). A notice on an offered good of the city, listed by the council's
 * act, taking proposals for `days` days (registered in the protocol, its number in *label);
 * CM_GOOD_TAKEN when the good is not offered, CM_STATE when a notice is open on it already. */
typedef struct notice_in {
    int64_t good_id, days;
    const char *title, *council_act, *body;
} notice_in;
cm_rc notice_publish(db_conn *c, int64_t city_id, int64_t user_id, const notice_in *in, int64_t now,
                     int64_t *id, char label[24]);
/* The notice open on a good (its last day for proposals in until, when given), 0, or -1. */
int64_t notice_open_on(db_conn *c, int64_t good_id, char until[11]);
/* The comparison meeting, once per notice after its proposals closed (CM_PROPOSALS_OPEN before),
 * held on a day from then to today (CM_OUTSIDE): the proposals in merged join lead (rejected as
 * merged into it, their signatories becoming lead's proposers), lead takes the title and
 * activities agreed (kept when empty); the minutes registered in the protocol. */
typedef struct meeting_in {
    const char *held_on, *minutes, *title, *activities;
    int64_t lead;
    const int64_t *merged;
    int nmerged;
} meeting_in;
cm_rc notice_meeting(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const meeting_in *in,
                     int64_t now);
/* A notice with no outcome, with a reason; CM_COMPETING while proposals wait for an answer. */
cm_rc notice_void(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *reason,
                  int64_t now);
/* The giunta's approval of a complex proposal (its act and day, after the notice closed and not
 * in the future): CM_COMPETING while other proposals under the notice wait, CM_PROPOSALS_OPEN
 * before the notice's last day; the notice is closed, the act registered. */
cm_rc pact_giunta(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *act,
                  const char *approved_on, int64_t now);
/* A notice with its good and proposals (is_competing: more than one waiting), or NULL. */
json_t *notice_get(db_conn *c, int64_t id, const char *today);
/* The city's open notices, the nearest last day for proposals first. */
json_t *notices_open(db_conn *c, int64_t city_id, const char *today);
/* A good's notices, newest first. */
json_t *notices_of_good(db_conn *c, int64_t good_id);

/* Disputes over a pact (disputes.c): raised by the city (city_side) or a signatory while the
 * pact is active, registered in the protocol; CM_NOT_FOUND, CM_STATE (not active),
 * CM_DISPUTE_OPEN (one open at a time). */
cm_rc dispute_raise(db_conn *c, int64_t pact_id, int64_t user_id, bool city_side,
                    const char *subject, int64_t now, int64_t *id);
/* The conciliation committee: one named by the signatories, one by the city, a chair agreed by
 * both; its proposal due the regulation's dispute_days after today. CM_STATE once formed. */
typedef struct dispute_committee_in {
    const char *member_signatories, *member_city, *chair;
} dispute_committee_in;
cm_rc dispute_committee(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                        const dispute_committee_in *in, const char *today, int64_t now);
/* The committee's outcome (settled or not) with its proposal, registered in the protocol;
 * CM_STATE when no committee is at work on it. */
cm_rc dispute_close(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, bool settled,
                    const char *proposal, int64_t now);
/* The pact's disputes, newest first, each with is_late (the committee past its day). */
json_t *pact_disputes(db_conn *c, int64_t pact_id, const char *today);
/* The pact a dispute is about, or 0. */
int64_t dispute_pact(db_conn *c, int64_t id);

#endif

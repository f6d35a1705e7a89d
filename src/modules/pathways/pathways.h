/* One person, one pathway across offices (issue 16): the record of a person the city's social
 * service follows, shared by the city's social workers and by the bodies the person agreed to,
 * under rules the person can see. Who may read what is decided in one place (person_access_for)
 * and every reading is logged (person_read_log); the person sees the log with a personal access
 * card. Rules and SQL only. */
#ifndef COPROG_MODULES_PATHWAYS_H
#define COPROG_MODULES_PATHWAYS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"
#include "modules/participants/participants.h"

typedef enum {
    PATH_OK = 0,
    PATH_ERROR = -1,
    PATH_NOT_FOUND = -2,  /* no such record (or consent, worker, body) the asker may reach */
    PATH_DUPLICATE = -3,  /* the codice fiscale is already another record's in the city */
    PATH_LIVE = -4,       /* a consent for that body and purpose, or a pathway, is already live */
    PATH_RESTRICTED = -5, /* a restricted record is never shared with a body */
    PATH_REVOKED = -6,    /* the consent was revoked already */
    PATH_NO_CONSENT = -7, /* a referral to a body without a live consent of the person */
    PATH_BAD_STATE = -8,  /* not at the step the change needs (a referral, a goal) */
    PATH_NO_STREET = -9,  /* the city has not named its fictitious street yet */
    PATH_NOT_ELIGIBLE = -10,  /* not on the by-name list, inactive, or no open pathway */
    PATH_NO_RESIDENCE = -11,  /* a public-housing home and no registered residence */
    PATH_NOT_HF = -12,        /* Housing First asked for someone outside its target */
    PATH_SKIP_REASON = -13,   /* eligible people come first and no reason was given */
    PATH_AGE_NEEDED = -14,    /* the record has no birth year and no age band was given */
    PATH_IN_HOUSEHOLD = -15,  /* a household's member, offered a home only with its reference */
    PATH_TOO_SMALL = -16,     /* the household is more people than the home holds by the rule */
    PATH_NOT_STEP_FREE = -17, /* the person needs a home without barriers, and it is not */
} path_rc;

/* Appends to the audit chain (detail may be NULL, and is given up): the record's number, never
 * the person's name. Every change of this module goes through it. */
path_rc pathways_audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                       const char *entity, int64_t id, json_t *detail);

/* Why a body may see a record, as the person agreed (NULL-terminated). */
extern const char *const CONSENT_PURPOSES[];
/* The special categories kept apart: health, ethnicity, judicial. */
extern const char *const SPECIAL_CATEGORIES[];
/* The purpose logged when the city's social service reads a record: its public-interest task. */
#define PURPOSE_SOCIAL_SERVICE "social_service"
/* The purpose logged when a body enrols the person as a participant of its ESF operation. */
#define PURPOSE_ESF "esf_monitoring"

/* Who is asking: a social worker of the city (social), else a body's member (organisation_id). */
typedef struct person_reader {
    int64_t city_id, user_id, organisation_id;
    bool social;
} person_reader;

/* What a reader may see of a record: the name (a restricted record's only with a grant), the
 * special categories (social workers only), and the purpose the reading is logged under. */
typedef struct person_access {
    bool name, special;
    char purpose[32];
} person_access;

/* PATH_NOT_FOUND when the record is not of the reader's city, or a body has no live consent for
 * it (or it is restricted): the asker cannot tell such a record from none. */
path_rc person_access_for(db_conn *c, const person_reader *w, int64_t id, person_access *out);
/* Logs a reading of part ("record", "special", "export") under the purpose. */
path_rc person_read_log(db_conn *c, const person_reader *w, int64_t id, const char *part,
                        const char *purpose, int64_t now);

/* A new record. Any of tax_code (checked and normalised by the caller), names and nickname may
 * be empty, not all; birth_date (YYYY-MM-DD) sets birth_year. The creator of a restricted
 * record is granted its name. */
typedef struct person_in {
    const char *tax_code, *given_name, *family_name, *nickname, *birth_date, *origin, *gender,
        *ethos;
    int64_t birth_year; /* 0 when unknown */
    bool restricted;
} person_in;
path_rc person_create(db_conn *c, int64_t city_id, int64_t user_id, const person_in *in,
                      int64_t now, int64_t *id);

/* The record as the reader may see it: its fields (without the name's, the codice fiscale and
 * the birth date when !access->name, with "named": false), "ethos_history", "consents" (with
 * the body's name, live ones first) and, for social workers, "reads" (the log, newest first,
 * at most READS_SHOWN) and "duplicates". NULL on error. */
enum { READS_SHOWN = 200 };
json_t *person_get(db_conn *c, const person_reader *w, int64_t id, const person_access *access);
/* What names the record for the reader (id, names, nickname, codice fiscale, ethos, named), as
 * people_list's rows; NULL when none. The caller has checked the reader's access. */
json_t *person_names(db_conn *c, const person_reader *w, int64_t id);
/* The records the reader may see, matching q (a number: the record's; else the start of a
 * name, nickname or the codice fiscale; restricted records match by name only for those granted
 * it), newest first, at most limit. q is at most PEOPLE_QUERY_MAX bytes. */
enum { PEOPLE_QUERY_MAX = 100 };
json_t *people_list(db_conn *c, const person_reader *w, const char *q, int limit);

path_rc person_set_ethos(db_conn *c, int64_t city_id, int64_t user_id, int64_t id,
                         const char *ethos, int64_t now);
/* A consent of the person for a body of the city and a purpose. */
path_rc consent_give(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                     int64_t organisation_id, const char *purpose, int64_t now, int64_t *id);
/* Revoked at the desk (user_id) or by the person with their card (user_id 0): the body's access
 * ends with this commit. */
path_rc consent_revoke(db_conn *c, int64_t city_id, int64_t person_id, int64_t consent_id,
                       int64_t user_id, int64_t now);
path_rc special_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                    const char *category, const char *note, int64_t now);
json_t *special_list(db_conn *c, int64_t city_id, int64_t person_id);
/* Grants the name of a restricted record to another social worker of the city. */
path_rc grant_name(db_conn *c, int64_t city_id, int64_t by, int64_t person_id, int64_t user_id,
                   int64_t now);

/* The personal access card: a code of CARD_CODE_LEN characters of an alphabet with no 0/O or
 * 1/I, shown once as XXXX-XXXX-XXXX and kept as its SHA-256; a new card ends the old one. */
enum { CARD_CODE_LEN = 12 };
path_rc card_issue(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t now,
                   char code[CARD_CODE_LEN + 1]);
/* Normalises typed text (case, spaces, dashes) into code; false when it cannot be a code. */
bool card_code_normalise(const char *typed, char code[CARD_CODE_LEN + 1]);
/* The record a card's code opens (and its city); 0 when none. */
int64_t card_person(db_conn *c, const char *code, int64_t *city_id);
/* What the person sees with the card: their first name and initial, category, consents, the
 * mail waiting for them, and every reading (who, for which body, which part, why, when). */
json_t *card_view(db_conn *c, int64_t person_id);

/* The bodies of the city a consent may name; the city's social workers (for grants). */
json_t *consent_bodies(db_conn *c, int64_t city_id);
json_t *social_workers(db_conn *c, int64_t city_id);

/* Taking charge (charge.c): one open pathway per person (the database's partial unique key).
 * Every change below names the person's record and works on its open pathway (PATH_NOT_FOUND
 * when there is none), and counts as a contact with the person for the by-name list. */
extern const char *const NEED_AREAS[];  /* housing, income, health, documents, work, relations */
extern const char *const NEED_LEVELS[]; /* none, some, serious */
extern const char *const PATHWAY_OUTCOMES[];
enum { NEED_AREA_COUNT = 6, REVIEW_DAYS_DEFAULT = 90, REVIEW_DAYS_MIN = 7, REVIEW_DAYS_MAX = 365 };
path_rc pathway_open(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                     int review_days, int64_t now, int64_t *id);
/* The open pathway of the person, else the last closed one, with the latest assessment
 * ("needs", one per area), goals each with its actions, reviews, referrals (with the body's
 * name), and whether the review is late (review_late); JSON null when the person never had one.
 * for_body: only the referrals to that body, and no assessment. NULL on error. */
json_t *pathway_of(db_conn *c, int64_t city_id, int64_t person_id, int64_t for_body, int64_t now);
/* An assessment: one level (NEED_LEVELS) and note per area, in NEED_AREAS' order. */
path_rc needs_assess(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                     const char *const levels[NEED_AREA_COUNT],
                     const char *const notes[NEED_AREA_COUNT], int64_t now);
path_rc goal_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, const char *goal,
                 const char *person_words, int64_t now, int64_t *id);
/* goal_state: open, reached or dropped. */
extern const char *const GOAL_STATES[];
path_rc goal_set_state(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                       int64_t goal_id, const char *state, int64_t now);
path_rc action_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t goal_id,
                   const char *action, const char *who, const char *due_on, int64_t now);
path_rc action_done(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                    int64_t action_id, int64_t now);
/* The person read the plan and shares it, in their words. */
path_rc plan_acknowledge(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                         const char *words, int64_t now);
/* A review: the next falls review_days after today. */
path_rc pathway_review(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                       const char *note, int64_t now);
path_rc pathway_close(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                      const char *outcome, const char *note, int64_t now);

/* Referrals to a body of the city, which must hold a live consent of the person
 * (PATH_NO_CONSENT): the body accepts or declines with a reason, then completes it. */
path_rc referral_send(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                      int64_t organisation_id, const char *reason, int64_t now, int64_t *id);
/* By the body (organisation_id) the referral was sent to: PATH_NOT_FOUND for another body's,
 * PATH_BAD_STATE when it is not waiting for that step. */
path_rc referral_answer(db_conn *c, int64_t organisation_id, int64_t user_id, int64_t id,
                        bool accept, const char *decline_reason, int64_t now);
path_rc referral_complete(db_conn *c, int64_t organisation_id, int64_t user_id, int64_t id,
                          int64_t now);
/* The referrals a body received (with the person's name only while its consent is live), or
 * (organisation_id 0) those the city's social service sent; newest first, at most 200. */
json_t *referrals_list(db_conn *c, int64_t city_id, int64_t organisation_id, int64_t user_id);

enum { INACTIVE_DAYS_DEFAULT = 90, BY_NAME_PAGE = 100 };
/* Each city's own rule for the priority for housing (priority.c): points a month without a
 * home, per serious need and for sleeping rough; the days without contact that make a person
 * inactive; the serious needs Housing First asks for; whether a public-housing home asks for a
 * registered residence; how many people a room may hold when a home is matched to a household.
 * A city that set none has the defaults (is_default). */
typedef struct priority_rule {
    char decision[301]; /* the act that set it, as the city cites it */
    int month_points, need_points, rough_points, inactive_days, hf_min_needs, people_per_room;
    bool public_needs_residence, is_default;
} priority_rule;

/* Family pathways (households.c): a household followed as one, its reference member's pathway,
 * plan and placement being the household's; the context is the situation left. */
extern const char *const HOUSEHOLD_CONTEXTS[];  /* camp_exit, eviction, street, other */
extern const char *const HOUSEHOLD_RELATIONS[]; /* of a member to the reference, but reference */
enum { HOUSEHOLDS_SHOWN = 500 };
/* A household with the person as its reference: PATH_NOT_FOUND for no such record of the city,
 * PATH_LIVE when the person is in a household already. */
path_rc household_create(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                         const char *context, const char *place, int64_t now, int64_t *id);
/* A member joins: PATH_NOT_FOUND (no such household or record of the city), PATH_LIVE. */
path_rc household_join(db_conn *c, int64_t city_id, int64_t user_id, int64_t household_id,
                       int64_t person_id, const char *relation, int64_t now);
/* A member leaves: PATH_NOT_FOUND when not a member now, PATH_BAD_STATE for the reference while
 * others remain. */
path_rc household_leave(db_conn *c, int64_t city_id, int64_t user_id, int64_t household_id,
                        int64_t person_id, int64_t now);
/* The city's households, newest first (at most limit), each with its reference's names as the
 * reader may see them (person_id, named), size, open pathway and live placement. */
json_t *households_list(db_conn *c, int64_t city_id, int64_t user_id, int limit);
/* One household as households_list's rows, with its members (relation, is_reference); JSON null
 * when the city has no such household, NULL on error. */
json_t *household_get(db_conn *c, int64_t city_id, int64_t user_id, int64_t id);
/* The person's household now (id, relation, is_reference, size), JSON null for none. */
json_t *household_of(db_conn *c, int64_t person_id);

/* The by-name list's totals (counts.c): *total listed in the city, *active of them last seen at
 * or after since. false on a database error. */
bool by_name_counts(db_conn *c, int64_t city_id, int64_t since, int64_t *total, int64_t *active);
/* Folds the moves the triggers on people appended into the counts by day, in its own
 * transaction (the ticker, every second, and demo after loading): the days changed, or -1. */
int by_name_fold(db_conn *c);

/* The by-name list: everyone of the city with an ETHOS Light category, with the days since the
 * last contact (active when fewer than inactive_days), the open pathway, and the priority for
 * housing by the city's rule; active first, then by priority (the longer without a home first
 * within a point). limit rows from offset; *total and *active count the whole list. */
json_t *by_name_list(db_conn *c, int64_t city_id, int64_t user_id, int64_t now,
                     const priority_rule *rule, int inactive_days, int limit, int64_t offset,
                     int64_t *total, int64_t *active);

/* Registered address and held mail (address.c). The registry office names the city's
 * fictitious street; a social worker asks for a person's residence there (PATH_NO_STREET until
 * it is named, PATH_LIVE while a request or a registration is alive); the registry grants it
 * with the certificate's number or refuses it with a reason. */
extern const char *const MAIL_KINDS[]; /* letter, registered, official, parcel */
enum { STREET_MAX = 200 };
path_rc fictitious_street_set(db_conn *c, int64_t city_id, int64_t user_id, const char *street);
/* The city's fictitious street, its requests waiting (oldest first) and the last 50 decided,
 * by number and date only: the names are read one request at a time (address_request_get). */
json_t *registry_overview(db_conn *c, int64_t city_id);
path_rc address_request(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                        int64_t now, int64_t *id);
/* A request with what the registry needs of the person (names, birth, origin, codice fiscale,
 * person_id); NULL when none in the city. */
json_t *address_request_get(db_conn *c, int64_t city_id, int64_t id);
/* Grants (the certificate's number made as RF/<year>/<request>) or refuses (note required). */
path_rc address_decide(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, bool grant,
                       const char *note, int64_t now);
/* The person's registration ends (a home of their own): a new request may follow. */
path_rc address_end(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t now);
/* The person's latest request or registration; JSON null when none. */
json_t *address_of(db_conn *c, int64_t city_id, int64_t person_id);
path_rc mail_log(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, const char *kind,
                 const char *sender, int64_t now, int64_t *id);
path_rc mail_hand(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t mail_id,
                  int64_t now);
/* The person's mail: waiting first (oldest first), then the last 20 handed over. */
json_t *mail_of(db_conn *c, int64_t person_id);

/* Housing First and housing-led placements (placements.c). One placement offered or lived in
 * per home and per person (partial unique keys). */
extern const char *const HOME_KINDS[];     /* public_housing, agency, private_lease */
extern const char *const PROGRAMMES[];     /* housing_first, housing_led */
extern const char *const PLACEMENT_ENDS[]; /* moved_on, left, evicted, institution, deceased */
typedef struct home_in {
    const char *kind, *building_code, *unit_code, *address;
    int64_t rooms;
    bool step_free; /* no steps to the door and inside, or a lift */
} home_in;
/* A public-housing home names its unit (building and unit codes of the city: PATH_NOT_FOUND
 * otherwise; PATH_DUPLICATE when the unit is in the programme already) and takes its address;
 * the others give theirs. */
path_rc home_add(db_conn *c, int64_t city_id, int64_t user_id, const home_in *in, int64_t now,
                 int64_t *id);
/* PATH_DUPLICATE: the home has a placement offered or lived in; PATH_LIVE: the person has; then
 * placement_eligibility's answers, and PATH_SKIP_REASON when eligible people come before the
 * person and skip_reason is empty (given, it is kept with how many were passed over). */
path_rc placement_offer(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                        int64_t home_id, const char *programme, const char *skip_reason,
                        int64_t now, int64_t *id);
/* The steps, each from the state it needs (PATH_BAD_STATE otherwise): offered to moved_in (the
 * day, YYYY-MM-DD), offered to declined, moved_in to ended (the day and the reason), and a
 * visit of the support team to a home lived in. */
path_rc placement_move_in(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const char *day,
                          int64_t now);
path_rc placement_decline(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, int64_t now);
path_rc placement_end(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const char *reason,
                      const char *day, int64_t now);
path_rc placement_visit(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, const char *day,
                        const char *note, int64_t now);
/* The programme's page: homes (free, offered or lived in, with the person as the reader may name
 * them), and sustainment at 6, 12 and 24 months: of the people who moved in at least that long
 * ago, how many were still housed then (in the home, or moved on to a home of their own). */
json_t *housing_first_overview(db_conn *c, int64_t city_id, int64_t user_id, int64_t today_day);
/* Sustainment alone: [{months, due, housed, pct}] for 6, 12 and 24 months; NULL on error. */
json_t *placements_sustainment(db_conn *c, int64_t city_id, int64_t today_day);
/* The person's placements, newest first, each with its home and visits. */
json_t *placements_of(db_conn *c, int64_t city_id, int64_t person_id);
/* The homes with no placement offered or lived in. */
json_t *homes_free(db_conn *c, int64_t city_id);

path_rc priority_rule_get(db_conn *c, int64_t city_id, priority_rule *out);
json_t *priority_rule_json(const priority_rule *rule);
/* Saves the city's rule and orders its people by it at once (one statement), audited; a
 * people_per_room of 0 keeps the city's. */
path_rc priority_rule_set(db_conn *c, int64_t city_id, int64_t user_id, const priority_rule *in,
                          int64_t now);
/* The order's key of one record, or of all the city's (after a bulk load). */
path_rc person_priority_refresh(db_conn *c, int64_t person_id);
path_rc priority_rekey_city(db_conn *c, int64_t city_id);
/* Records whether the person needs a home without barriers (audited): PATH_NOT_FOUND for no such
 * record of the city. */
path_rc person_set_step_free(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                             bool needs);
/* The people eligible for the home in the city's rule's order (the first `limit`, as the reader may
 * name them, each with priority, is_hf_eligible and household_size) and how many there are;
 * JSON null for no such home of the city, NULL on error. */
json_t *home_candidates(db_conn *c, int64_t city_id, const priority_rule *rule, int64_t user_id,
                        int64_t home_id, int64_t now, int limit, int64_t *eligible);
/* Whether the person may be offered the home under that programme: PATH_IN_HOUSEHOLD,
 * PATH_TOO_SMALL, PATH_NOT_STEP_FREE, PATH_NOT_ELIGIBLE, PATH_NO_RESIDENCE, PATH_NOT_HF,
 * PATH_NOT_FOUND (no such home); PATH_OK with how many eligible people come before them. */
path_rc placement_eligibility(db_conn *c, int64_t city_id, int64_t person_id, int64_t home_id,
                              const char *programme, int64_t now, int64_t *ahead);

/* The network's meetings linked to the record (links.c): a street contact or a place held of the
 * city (PATH_NOT_FOUND otherwise), each to one record at most (PATH_DUPLICATE). The meeting's
 * time counts as a contact for the by-name list. The caller has checked the reader's access. */
path_rc link_contact(db_conn *c, const person_reader *w, int64_t person_id, int64_t contact_id,
                     int64_t now);
path_rc link_hold(db_conn *c, const person_reader *w, int64_t person_id, int64_t hold_id,
                  int64_t now);
/* A resident's alert about someone sleeping rough, once the person is known: the time they were
 * seen counts as a contact. */
path_rc link_alert(db_conn *c, const person_reader *w, int64_t person_id, int64_t alert_id,
                   int64_t now);
/* The person's linked contacts, holds and alerts ("contacts", "stays", "alerts"; an alert without
 * how to reach the resident who sent it), newest first. */
json_t *links_of(db_conn *c, int64_t city_id, int64_t person_id);
/* What may still be linked: the city's contacts, holds and alerts of the last LINK_DAYS not
 * linked to any record, newest first, at most 100 of each. */
enum { LINK_DAYS = 7 };
json_t *links_open(db_conn *c, int64_t city_id, int64_t now);

/* Likely duplicates settled by hand (merge.c). Merging moves everything of `other` to `into`
 * (category history, consents, special categories, grants, readings, pathways, registered
 * address, mail, placements, linked meetings), fills what `into` does not know from `other`, and
 * leaves `other` pointing at `into`. PATH_BAD_STATE when both have an open pathway, a live
 * registered address or a live placement (one is closed first), PATH_NOT_FOUND when either is
 * not a record of the city that is not merged. Two records judged distinct are never proposed
 * as duplicates again. */
path_rc person_merge(db_conn *c, int64_t city_id, int64_t user_id, int64_t into, int64_t other,
                     int64_t now);
path_rc person_distinct(db_conn *c, int64_t city_id, int64_t user_id, int64_t a, int64_t b,
                        int64_t now);
/* The record a merged one points at, or 0. */
int64_t person_merged_into(db_conn *c, int64_t city_id, int64_t id);
/* Undoes merge merge_id into `into`: the rows it moved go back to the other record, the
 * consents it withdrew are live again, the other's codice fiscale, card and names granted come
 * back, into's fields the merge filled and nobody changed since go back; the two are then
 * judged distinct. What was recorded on the merged record afterwards stays with it.
 * PATH_NOT_FOUND for no such merge of that record; PATH_BAD_STATE when undone already or when
 * either record was merged again since (that merge is undone first). */
path_rc person_merge_undo(db_conn *c, int64_t city_id, int64_t user_id, int64_t into,
                          int64_t merge_id, const char *reason, int64_t now);
/* The merges into the record not undone, newest first: id, other_id, merged_at, merged_by. */
json_t *person_merges_of(db_conn *c, int64_t into);

/* Participants of ESF operations taken from the pathway (participation.c). A body (w, with
 * the person's live consent, checked by the caller) enrols the person in one of its active
 * agreements of the city: name, codice fiscale, age band (from the birth year, else
 * traits[1]) and housing exclusion (an ETHOS Light category) come from the record, the other
 * characteristics from traits (PART_TRAITS' order). The use is logged for the person (part
 * "export"). PATH_NOT_FOUND for an agreement not the body's, PATH_BAD_STATE for one not active,
 * PATH_LIVE when enrolled already, PATH_DUPLICATE when the codice fiscale is in it already,
 * PATH_AGE_NEEDED. */
path_rc person_enrol(db_conn *c, const person_reader *w, int64_t person_id, int64_t agreement_id,
                     const char *traits[PART_NTRAITS], const char *entry, int64_t now,
                     int64_t *participant_id);
/* The person's participant records (of one body's agreements, or all for 0), newest first. */
json_t *participations_of(db_conn *c, int64_t person_id, int64_t organisation_id);
/* The body's active agreements in the city: id, title. */
json_t *enrol_agreements(db_conn *c, int64_t city_id, int64_t organisation_id);

/* Keeping and erasing (retention.c): special categories deleted after the city's special years
 * without activity, the record pseudonymised after its record years (defaults below; at most
 * `limit` records a call, audited), never while a pathway, a registered address or a placement is
 * alive. The number pseudonymised, or -1. The ticker calls it. */
enum { RETAIN_SPECIAL_YEARS = 5, RETAIN_RECORD_YEARS = 10 };
int pathways_retention(db_conn *c, int64_t now, int limit);
/* The city's own periods (retention_rules), else the defaults (is_default). */
typedef struct retention_rule {
    char decision[301];
    int special_years, record_years;
    bool is_default;
} retention_rule;
path_rc retention_rule_get(db_conn *c, int64_t city_id, retention_rule *out);
/* Saves them, audited; PATH_BAD_STATE when the special years exceed the record's. */
path_rc retention_rule_set(db_conn *c, int64_t city_id, int64_t user_id, const retention_rule *in,
                           int64_t now);

/* The social service's figures for the city (report.c): people known and in charge by ETHOS
 * Light category, pathways closed by outcome, reviews on time and late, plans acknowledged,
 * referrals by state, registered addresses, mail waiting, homes lived in and sustainment.
 * Exact counts: the page is for the city's staff. today as YYYY-MM-DD. */
json_t *pathways_report(db_conn *c, int64_t city_id, const char *today);
/* Nights in a bed of the network from `from` to `to` (dates) by the ETHOS Light category the
 * person had when the place was held: stays and distinct people per category; the stays not
 * linked to a record under the category "" (people 0). */
json_t *stays_by_ethos(db_conn *c, int64_t city_id, const char *from, const char *to);
/* Per service of the network, over the nights from `from` to `to` (dates): places used,
 * nights, distinct people linked, uses not linked, and people linked with a pathway open at some
 * time in the period ("in_charge"). */
json_t *figures_by_service(db_conn *c, int64_t city_id, const char *from, const char *to);
/* Referrals sent on the days from `from` to `to` by receiving body, each with how many are
 * waiting, accepted, declined and completed now. */
json_t *referrals_by_body(db_conn *c, int64_t city_id, const char *from, const char *to);
/* The instants where the days from `from` to `to` (dates, Rome time) begin and end (the end
 * exclusive); false for dates that do not parse. */
bool report_period_instants(const char *from, const char *to, int64_t *start, int64_t *end);

/* The SIUSS export (siuss.c, docs/pathways.md): the benefits each person received in a period,
 * one line each in the record of INPS's social benefits, under a pseudonym. The kinds of
 * benefit (NULL-terminated), each reported under the code the city set for it. */
extern const char *const SIUSS_KINDS[];
/* Sets the code (5-10 capitals, digits or dots) and name (10-200 characters) the city reports
 * a kind under, checked by the caller; audited. */
path_rc siuss_code_set(db_conn *c, int64_t city_id, int64_t user_id, const char *kind,
                       const char *code, const char *name, int64_t now);
/* Each kind with its code and name ("" when unset) and the benefits of the days from..to. */
json_t *siuss_kinds(db_conn *c, int64_t city_id, const char *from, const char *to);
/* The CSV of the benefits of the days from..to, of the kinds with a code, to out; *rows their
 * number. The person is a pseudonym keyed by a secret of the city: the same for every export,
 * not reversible without the secret; no name, codice fiscale or address. Audited.
 * PATH_BAD_STATE while no kind has a code. */
path_rc siuss_csv(db_conn *c, int64_t city_id, int64_t user_id, const char *from, const char *to,
                  buf *out, int64_t *rows);

#endif

/* Low-threshold services for people without a home (PON Metro actions 3.1.1, 3.2.1, 3.2.2):
 * the city's directory of services (who runs them, where, when, for whom, what to bring) and
 * the places of the services that have them, held for a person and occupied night by night.
 * The database keeps one place to one person a night (migrations/0027); this module asks it.
 * Rules and SQL only. */
#ifndef COPROG_MODULES_SERVICES_H
#define COPROG_MODULES_SERVICES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    SVC_OK = 0,
    SVC_ERROR = -1,
    SVC_NOT_FOUND = -2,
    SVC_NO_PLACE = -3,  /* no free place of that kind (and needs) tonight */
    SVC_BAD_STATE = -4, /* the hold is no longer held (checked in, ended or expired) */
    SVC_CLOSED = -5,    /* the service is not active: no place is held there */
    SVC_BAD_ORG = -6,   /* a body that is not the city's (or of the city) */
    SVC_BAD_LOCATION = -7,
    SVC_BAD_PLAN = -8,  /* not a winter plan of the city, or one already over */
    SVC_DUPLICATE = -9, /* a zone's name or a count's night already taken in the city */
} svc_rc;

/* The kinds of service and of place, NULL-terminated, in the directory's order. */
extern const char *const SERVICE_KINDS[];
extern const char *const PLACE_KINDS[];
/* Whom a service may be for: the columns for_<who> (and accessible). */
extern const char *const SERVICE_FOR[];

/* The night an instant belongs to: the evening's date in Rome, a night running from eight in
 * the morning to eight the next morning ("YYYY-MM-DD", 11 bytes). */
enum { NIGHT_ENDS_HOUR = 8 };
void services_night(int64_t now, char out[11]);

/* What a person needs of a place: each true asks for a place that has it. */
typedef struct place_needs {
    bool women_only, accessible, family, pets;
} place_needs;

/* The statuses of a service (HSDS's), NULL-terminated. */
extern const char *const SERVICE_STATUSES[];

/* A place where services are given. */
typedef struct location_in {
    const char *name, *address, *postal_code, *neighbourhood, *accessibility;
    int64_t latitude_e6, longitude_e6;
} location_in;
svc_rc location_create(db_conn *c, int64_t city_id, int64_t user_id, const location_in *in,
                       int64_t now, int64_t *id);

/* A service, given at one location (existing, of the city) with its hours as typed. for_ is
 * men, women, families, minors, couples, pets, accessible (SERVICE_FOR's order). */
typedef struct service_in {
    int64_t organisation_id, location_id, hold_minutes;
    int64_t winter_plan_id; /* 0, or the winter plan the service is opened for */
    const char *kind, *name, *name_en, *description, *description_en, *documents, *languages, *fees,
        *phone, *email, *hours;
    bool for_[7];
} service_in;
svc_rc service_create(db_conn *c, int64_t city_id, int64_t user_id, const service_in *in,
                      int64_t now, int64_t *id);
/* Adds count places of kind with the attributes (seasonal: the winter's). */
svc_rc places_add(db_conn *c, int64_t service_id, int64_t user_id, const char *kind, int count,
                  const place_needs *attributes, bool seasonal);
svc_rc service_set_status(db_conn *c, int64_t service_id, int64_t user_id, const char *status,
                          int64_t now);
/* Declares a winter plan of the city from night starts_on to night ends_on (YYYY-MM-DD). */
svc_rc winter_plan_declare(db_conn *c, int64_t city_id, int64_t user_id, const char *name,
                           const char *starts_on, const char *ends_on, int64_t now, int64_t *id);
/* The city's winter plans not over yet (tonight or later), each with its services. */
json_t *winter_plans(db_conn *c, int64_t city_id, int64_t now);
/* Closes (status inactive, audited) the services of plans whose last night has passed: the
 * number closed, -1 on error. */
int winter_plans_close(db_conn *c, int64_t now);

/* Public alerts: someone seen sleeping rough. */
enum { ALERT_CODE_LEN = 32, ALERT_TARGET_HOURS = 24 };
extern const char *const ALERT_OUTCOMES[]; /* helped, declined, not_found */
/* Records an alert of anyone (due within ALERT_TARGET_HOURS), routed to the team of zone_id (a
 * zone of the city, or 0 when the reporter does not know); code gets the private link's code,
 * shown once. SVC_NOT_FOUND for a zone not of the city. */
svc_rc alert_report(db_conn *c, int64_t city_id, int64_t zone_id, const char *place,
                    int64_t seen_at, const char *description, const char *contact, int64_t now,
                    char code[ALERT_CODE_LEN + 1], int64_t *id);
/* What the reporter may see of their alert (place, state, outcome, team); NULL for a wrong
 * code. */
json_t *alert_by_code(db_conn *c, const char *code);
/* The city's open alerts, late first by due time, and (unless open_only) those closed in the
 * last week. */
json_t *alerts_of_city(db_conn *c, int64_t city_id, int64_t now, bool open_only);
/* A street unit (or the social emergency service) of the city takes a new alert. */
svc_rc alert_take(db_conn *c, int64_t city_id, int64_t id, int64_t service_id, int64_t user_id,
                  int64_t now);
/* What came of it: helped, declined, not_found, with a word for the reporter. */
svc_rc alert_close(db_conn *c, int64_t city_id, int64_t id, const char *outcome_state,
                   const char *outcome, int64_t user_id, int64_t now);
/* The city's active street units and social emergency services. */
json_t *street_units(db_conn *c, int64_t city_id);

/* Street work: the zones of a city, each covered by a team (a street unit; 0 for none). */
svc_rc zone_create(db_conn *c, int64_t city_id, int64_t user_id, const char *name,
                   int64_t service_id, int64_t *id);
json_t *street_zones(db_conn *c, int64_t city_id);

/* A contact of a street team: where and when, the person as the team knows them, needs
 * (CONTACT_NEEDS codes, comma separated), what was offered, a hold made, the alert it answers,
 * a referral. client_key is made on the phone (a UUID): CONTACT_KEY_MIN..MAX hexadecimal digits
 * and dashes. */
enum { CONTACT_KEY_MIN = 16, CONTACT_KEY_MAX = 64 };
extern const char *const CONTACT_NEEDS[];
bool contact_key_valid(const char *key);
typedef struct contact_in {
    const char *client_key, *place, *person, *needs, *offered, *referral;
    int64_t zone_id, service_id, alert_id, hold_id, met_at;
} contact_in;
/* Records the contact, or finds the one recorded with the same key (*replayed): either way *id
 * is the contact's. SVC_NOT_FOUND when a reference is not of the city. */
svc_rc contact_record(db_conn *c, int64_t city_id, int64_t user_id, const contact_in *in,
                      int64_t now, int64_t *id, bool *replayed);
/* The city's contacts met since (newest first, at most 200). */
json_t *street_contacts(db_conn *c, int64_t city_id, int64_t since);
/* Tonight's holds made by user, still held or checked in: what a contact can point to. */
json_t *holds_made_by(db_conn *c, int64_t user_id, int64_t now);

/* The board's stamp: every change of places, holds, turn-aways and alerts of a city moves it
 * (services_audit does), and the board's watchers compare it. -1 on error. */
svc_rc board_touch(db_conn *c, int64_t city_id);
/* city_id 0: every city's together (the HSDS API spans them). */
int64_t board_stamp(db_conn *c, int64_t city_id);

/* Answers kept by the calling thread under a key that names what, for whom, the stamp and the
 * minute (kept.c): a deep copy of the JSON kept, or the text kept (valid until this thread puts
 * another), NULL when none. */
json_t *kept_json(const char *key);
void kept_json_put(const char *key, const json_t *v);
const char *kept_text(const char *key);
void kept_text_put(const char *key, const char *text);
/* The board's stamp as this thread read it less than KEPT_STAMP_US ago, else read again: a page
 * may be that much behind a change (the board's watchers allow a second), and a busy thread
 * asks the database once per interval, not once per request. -1 on error. */
enum { KEPT_STAMP_US = 200000 };
int64_t kept_stamp(db_conn *c, int64_t city_id, int64_t now);

/* The night count. */
extern const char *const ETHOS_LIGHT[];   /* ETHOS Light's six categories */
extern const char *const COUNT_GENDERS[]; /* man, woman, other, unknown */
extern const char *const AGE_BANDS[];
typedef struct count_cell {
    const char *ethos, *gender, *age_band;
    int64_t people;
} count_cell;
/* A count on night (YYYY-MM-DD), one a night per city (SVC_DUPLICATE). */
svc_rc count_create(db_conn *c, int64_t city_id, int64_t user_id, const char *night,
                    const char *name, int64_t now, int64_t *id);
/* A pair of volunteers assigned to a zone; a tally sheet of a zone (the cells with people). Both
 * on an open count of the city and a zone of the city, else SVC_NOT_FOUND or SVC_BAD_STATE. */
svc_rc count_pair_add(db_conn *c, int64_t city_id, int64_t user_id, int64_t count_id,
                      int64_t zone_id, const char *volunteer_a, const char *volunteer_b);
svc_rc count_tally(db_conn *c, int64_t city_id, int64_t user_id, int64_t count_id, int64_t zone_id,
                   const count_cell *cells, int ncells, int64_t now);
svc_rc count_close(db_conn *c, int64_t city_id, int64_t user_id, int64_t count_id, int64_t now);
/* The city's counts, newest first, with the people tallied. */
json_t *night_counts(db_conn *c, int64_t city_id);
/* A count with its zones (people, pairs), pairs, totals by ethos, gender and age_band
 * ({code, people}) and the people sheltered that night by kind of service; NULL when none. */
json_t *night_count_get(db_conn *c, int64_t city_id, int64_t id);

/* The network's report over the nights from..to (YYYY-MM-DD, at most REPORT_NIGHTS_MAX):
 * "nights" [{night, beds, stays, no_shows, turnaways, occupancy_pct}], "services" (each with
 * beds, stays, no_shows, turnaways, nights_open, occupancy_pct, its plan), "plans" (beds,
 * stays, occupancy_pct), "totals". Counts are exact: the page is for the city's staff. NULL for
 * a bad period or on error. */
enum { REPORT_NIGHTS_MAX = 366 };
json_t *services_report(db_conn *c, int64_t city_id, const char *from, const char *to);

/* Appends to the audit log (detail may be NULL, and is given up) and moves the city's board
 * stamp: SVC_OK or SVC_ERROR. Every change of this module goes through it. */
svc_rc services_audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                      const char *entity, int64_t id, json_t *detail);

/* The bodies a service of the city may be run by: the city's own and those of the city. */
json_t *services_bodies(db_conn *c, int64_t city_id);

/* Every site (a service at a location) of the city's services that are not defunct, with the
 * service, its body, the location, its hours as typed, and its places tonight (places_total,
 * places_free). kind may be NULL. Ordered by kind and name. */
json_t *services_sites(db_conn *c, int64_t city_id, const char *kind, int64_t now);
/* A service with its sites, body and places tonight by kind; NULL when none in the city. */
json_t *service_get(db_conn *c, int64_t city_id, int64_t id, int64_t now);
/* The city of a service and the body running it, for permission checks; false when none. */
bool service_owner(db_conn *c, int64_t id, int64_t *city_id, int64_t *organisation_id);
/* The city's service locations (id, name, neighbourhood, coordinates): the places a search
 * can start from. */
json_t *services_locations(db_conn *c, int64_t city_id);
/* The operations room's board for tonight: per active service and kind of place, the places
 * free, held and occupied ("rows"); the holds running out within 30 minutes ("expiring"); the
 * turn-aways recorded ("turnaways"). */
json_t *services_board(db_conn *c, int64_t city_id, int64_t now);
/* Tonight's places of a service, each with its hold if any (staff). */
json_t *service_places_tonight(db_conn *c, int64_t id, int64_t now);

/* Holds a free place of kind in the service for tonight, for hold_minutes from now: a free
 * place that has the needs, the one with the fewest other attributes first. Holds of the service
 * already past their time are ended first. SVC_NO_PLACE when none is free; the database settles two
 * holds at once. */
svc_rc place_hold(db_conn *c, int64_t service_id, const char *kind, const place_needs *needs,
                  const char *person, int64_t user_id, int64_t now, int64_t *hold_id,
                  int64_t *place_id);
/* A held place becomes the night's stay (check-in), or is given back (release), by user_id. */
svc_rc place_check_in(db_conn *c, int64_t hold_id, int64_t user_id, int64_t now);
svc_rc place_release(db_conn *c, int64_t hold_id, int64_t user_id, int64_t now);
/* The service of a hold, 0 when none. */
int64_t place_hold_service(db_conn *c, int64_t hold_id);
/* Ends every hold past its time: the number ended, -1 on error. */
int places_expire(db_conn *c, int64_t now);
/* A night's register entered at once (a shelter's paper register after a night without the
 * network, or a past month loaded into a new city): up to stays people checked in on the free
 * beds of the night, plainest first, and no_shows holds that ran out, one audit entry for all.
 * *recorded (may be NULL) gets the stays recorded: fewer when the beds ran out. */
#define STAYS_PERSON "Registro della notte"
svc_rc stays_record(db_conn *c, int64_t service_id, const char *night, int64_t stays,
                    int64_t no_shows, int64_t user_id, int64_t now, int64_t *recorded);
/* Records that someone asked the service (or the city, service 0) for a place and found none. */
svc_rc turnaway_record(db_conn *c, int64_t city_id, int64_t service_id, const char *kind,
                       const char *note, int64_t user_id, int64_t now);

#endif

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

#include "db/db.h"

typedef enum {
    PATH_OK = 0,
    PATH_ERROR = -1,
    PATH_NOT_FOUND = -2,  /* no such record (or consent, worker, body) the asker may reach */
    PATH_DUPLICATE = -3,  /* the codice fiscale is already another record's in the city */
    PATH_LIVE = -4,       /* a consent for that body and purpose is already live */
    PATH_RESTRICTED = -5, /* a restricted record is never shared with a body */
    PATH_REVOKED = -6,    /* the consent was revoked already */
} path_rc;

/* Why a body may see a record, as the person agreed (NULL-terminated). */
extern const char *const CONSENT_PURPOSES[];
/* The special categories kept apart: health, ethnicity, judicial. */
extern const char *const SPECIAL_CATEGORIES[];
/* The purpose logged when the city's social service reads a record: its public-interest task. */
#define PURPOSE_SOCIAL_SERVICE "social_service"

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
/* What the person sees with the card: their first name and initial, category, consents, and
 * every reading (who, for which body, which part, why, when). */
json_t *card_view(db_conn *c, int64_t person_id);

/* The bodies of the city a consent may name; the city's social workers (for grants). */
json_t *consent_bodies(db_conn *c, int64_t city_id);
json_t *social_workers(db_conn *c, int64_t city_id);

#endif

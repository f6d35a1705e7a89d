/* The cities an instance hosts. A city is its ISTAT code (6 digits), its name and a slug; it
 * starts with the standard ticket categories, so its residents can report from day one. */
#ifndef COPROG_MODULES_CITIES_H
#define COPROG_MODULES_CITIES_H

#include <stdint.h>

#include "db/db.h"

typedef enum {
    CITY_OK = 0,
    CITY_ERROR = -1,
    CITY_BAD_ISTAT = -2, /* not six digits */
    CITY_BAD_NAME = -3,  /* empty or over 200 bytes */
    CITY_EXISTS = -4,    /* that ISTAT code is already a city here */
    CITY_NOT_FOUND = -5,
} city_rc;

/* Adds a city with the standard ticket categories, in the caller's transaction, with an audit
 * row by by_user (0: the command line). */
city_rc city_add(db_conn *c, const char *istat, const char *name, int64_t by_user, int64_t now,
                 int64_t *id);
/* Renames a city (its ISTAT code stays), with an audit row. */
city_rc city_rename(db_conn *c, int64_t city_id, const char *name, int64_t by_user);
/* The bodies registered (ETS and others), with how many people work for each. */
json_t *bodies_list(db_conn *c);
/* Changes a body's name and RUNTS number (its tax code stays), with an audit row. */
city_rc body_update(db_conn *c, int64_t org_id, const char *name, const char *runts,
                    int64_t by_user);
/* The cities hosted, with how many officers and active residents each has. */
json_t *cities_list(db_conn *c);
/* The standard ticket categories (faults, cleaning, safety, needs) for a city. */
int city_default_categories(db_conn *c, int64_t city_id);

/* The cities' ISTAT codes and names, by name (for a form's choice). */
json_t *cities_names(db_conn *c);
/* The city of an ISTAT code, 0 when none. */
int64_t city_by_istat(db_conn *c, const char *istat);
/* The city a public page shows: the one named by ISTAT code when there is one, else fallback
 * (the visitor's own), else the first hosted here. */
int64_t city_pick(db_conn *c, const char *istat, int64_t fallback);

#endif

/* Tickets (segnalazioni): a resident reports a problem or a need in their building; the
 * category routes it and sets its target time; staff move it new → acknowledged → in progress
 * → resolved → closed, or reject it with a reason; comments; the author is notified of every
 * change. The transparency figures per category and neighbourhood. Rules and SQL only. */
#ifndef COPROG_MODULES_TICKETS_H
#define COPROG_MODULES_TICKETS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/rowtab.h"

typedef enum {
    TICKET_OK = 0,
    TICKET_ERROR = -1,
    TICKET_NOT_FOUND = -2,
    TICKET_BAD_MOVE = -3,     /* that state cannot follow the current one */
    TICKET_NOT_RESIDENT = -4, /* the author has no home to report from */
    TICKET_BAD_CATEGORY = -5,
    TICKET_NOT_MEMBER = -6, /* not a member of that committee, or a building it does not follow */
} ticket_rc;

/* May a ticket go from one state to another? by_author: the author may close a resolved
 * ticket or reopen it; staff make every other move. Pure. */
bool ticket_move_allowed(const char *from, const char *to, bool by_author);

typedef struct ticket_photo_in {
    const void *data;
    size_t len;
    const char *mime, *name;
} ticket_photo_in;

typedef struct ticket_in {
    int64_t category_id;
    const char *place, *description;
    const ticket_photo_in *photos;
    int nphotos;
    /* On behalf of a tenants' committee: one of the buildings it follows. 0: the author's
     * own home. */
    int64_t committee_id, building_id;
} ticket_in;

/* Opens a ticket; a category handled by hubs routes it to the hub serving the building (the
 * city's officers keep it when none does). */
ticket_rc ticket_open(db_conn *c, int64_t author, const ticket_in *in, int64_t now, int64_t *id);
/* A state change (reason required for rejected, checked by the caller) or a comment
 * (to NULL). Notifies the author when someone else acts. */
ticket_rc ticket_act(db_conn *c, int64_t id, int64_t user_id, bool staff, const char *to,
                     const char *text, int64_t now);
/* The ticket with its events and photos; the author's name only when with_author. */
json_t *ticket_get(db_conn *c, int64_t id, bool with_author);
/* Who works a ticket: the officers of its city, the housing company's staff of its city for
 * housing categories, the body running the hub it was routed to. */
bool ticket_staff(db_conn *c, int64_t id, int64_t user_id);
/* Who may see a ticket: its staff, its author, the residents of its building and the members
 * of committees that follow the building. */
bool ticket_visible(db_conn *c, int64_t id, int64_t user_id);
/* The resident's own tickets and those of their building (no authors). */
json_t *tickets_mine(db_conn *c, int64_t user_id);
/* The tickets of the buildings a committee follows, newest first (no authors). */
json_t *tickets_of_committee(db_conn *c, int64_t committee_id);
typedef struct queue_filter {
    const char *state, *handled_by; /* NULL: any */
    int64_t category_id, building_id;
    int64_t older_than_us; /* 0: any age */
    int64_t before_id;     /* keyset paging: 0 for the first page */
} queue_filter;
/* Whose queue: a city's officers (everything), its housing staff (housing categories), or
 * the bodies running hubs (the tickets routed to their hubs). */
typedef struct queue_scope {
    int64_t city_id;    /* officers and housing staff */
    bool housing_only;  /* housing staff */
    int64_t hub_member; /* else: the user whose bodies' hubs */
} queue_scope;
/* The staff queue, oldest first, 50 a page, kept in a (a page renders it straight). */
enum { QUEUE_PAGE = 50 };
rowtab *tickets_queue(db_conn *c, arena *a, const queue_scope *s, const queue_filter *f,
                      int64_t now);
json_t *ticket_categories(db_conn *c, int64_t city_id);
/* Per category and neighbourhood over [from, to): opened, resolved, median hours to resolve,
 * share resolved within target (per mille). */
json_t *tickets_transparency(db_conn *c, int64_t from, int64_t to);
/* The median of sorted values (n > 0). Pure. */
double median_sorted(const int64_t *v, size_t n);

/* What changes whenever any ticket does: the largest id and the latest update. */
void tickets_version(db_conn *c, int64_t *max_id, int64_t *max_updated);
/* A photo of a ticket (malloc'd bytes, *len; name and type filled), or NULL. */
void *ticket_photo(db_conn *c, int64_t ticket_id, int64_t photo_id, size_t *len, char *name,
                   size_t namelen, char *mime, size_t mimelen);
/* The ticket a comment (a ticket event) belongs to, 0 when none. */
int64_t ticket_of_comment(db_conn *c, int64_t event_id);

#endif

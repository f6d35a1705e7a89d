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

typedef enum {
    TICKET_OK = 0,
    TICKET_ERROR = -1,
    TICKET_NOT_FOUND = -2,
    TICKET_BAD_MOVE = -3,     /* that state cannot follow the current one */
    TICKET_NOT_RESIDENT = -4, /* the author has no home to report from */
    TICKET_BAD_CATEGORY = -5,
} ticket_rc;

/* May a ticket go from one state to another? by_author: the author may close a resolved
 * ticket or reopen it; staff make every other move. Pure. */
bool ticket_move_allowed(const char *from, const char *to, bool by_author);

typedef struct ticket_photo_in {
    const void *data;
    size_t len;
    const char *mime, *name;
} ticket_photo_in;

ticket_rc ticket_open(db_conn *c, int64_t author, int64_t category_id, const char *place,
                      const char *description, const ticket_photo_in *photos, int nphotos,
                      int64_t now, int64_t *id);
/* A state change (reason required for rejected, checked by the caller) or a comment
 * (to NULL). Notifies the author when someone else acts. */
ticket_rc ticket_act(db_conn *c, int64_t id, int64_t user_id, bool staff, const char *to,
                     const char *text, int64_t now);
/* The ticket with its events and photos; the author's name only when with_author. */
json_t *ticket_get(db_conn *c, int64_t id, bool with_author);
/* Who may see a ticket: its city's staff, its author, the residents of its building. */
bool ticket_visible(db_conn *c, int64_t id, int64_t user_id, int64_t staff_city);
/* The resident's own tickets and those of their building (no authors). */
json_t *tickets_mine(db_conn *c, int64_t user_id);
typedef struct queue_filter {
    const char *state, *handled_by; /* NULL: any */
    int64_t category_id, building_id;
    int64_t older_than_us; /* 0: any age */
    int64_t before_id;     /* keyset paging: 0 for the first page */
} queue_filter;
/* The staff queue of a city, oldest first, 50 a page. */
json_t *tickets_queue(db_conn *c, int64_t city_id, const queue_filter *f, int64_t now);
json_t *ticket_categories(db_conn *c, int64_t city_id);
/* Per category and neighbourhood over [from, to): opened, resolved, median hours to resolve,
 * share resolved within target (per mille). */
json_t *tickets_transparency(db_conn *c, int64_t from, int64_t to);
/* The median of sorted values (n > 0). Pure. */
double median_sorted(const int64_t *v, size_t n);

json_t *notifications_of(db_conn *c, int64_t user_id);
int notifications_read(db_conn *c, int64_t user_id, int64_t now);

#endif

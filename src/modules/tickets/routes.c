#include "modules/tickets/routes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/filetype.h"
#include "base/clock.h"
#include "modules/tickets/tickets.h"
#include "view/svg.h"
#include "web/input.h"

enum { MAX_PHOTOS = 5, TRANSPARENCY_TTL_S = 60 };

/* The transparency figures take a year of tickets: computed again when a ticket was opened
 * or changed since (two indexed maxima tell, whichever instance wrote), and at least once a
 * minute; one request computes while the others get the last figures. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t done; /* a computation finished */
    json_t *rows;
    int64_t at, max_id, max_updated;
    bool refreshing;
} transparency = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0, false};

/* A copy of the figures, fresh or at most a minute old. */
static json_t *transparency_rows(db_conn *c, int64_t now)
{
    int64_t max_id = 0, max_updated = 0;
    tickets_version(c, &max_id, &max_updated);
    pthread_mutex_lock(&transparency.lock);
    /* The very first figures: wait for the one request computing them. */
    while (!transparency.rows && transparency.refreshing)
        pthread_cond_wait(&transparency.done, &transparency.lock);
    bool fresh = transparency.rows && transparency.max_id == max_id &&
                 transparency.max_updated == max_updated &&
                 now - transparency.at < TRANSPARENCY_TTL_S * INT64_C(1000000) &&
                 now >= transparency.at;
    bool someone = !fresh && transparency.rows && transparency.refreshing;
    json_t *rows = fresh || someone ? json_deep_copy(transparency.rows) : NULL;
    if (!rows) transparency.refreshing = true;
    pthread_mutex_unlock(&transparency.lock);
    if (rows) return rows;
    rows = tickets_transparency(c, now - INT64_C(365) * 86400 * 1000000, now);
    pthread_mutex_lock(&transparency.lock);
    json_decref(transparency.rows);
    transparency.rows = json_deep_copy(rows);
    transparency.at = now;
    transparency.max_id = max_id;
    transparency.max_updated = max_updated;
    transparency.refreshing = false;
    pthread_cond_broadcast(&transparency.done);
    pthread_mutex_unlock(&transparency.lock);
    return rows;
}

static const char *const STATES[] = {"new",    "acknowledged", "in_progress", "resolved",
                                     "closed", "rejected",     NULL};

static void label_tickets(req *r, json_t *list)
{
    req_label_each(r, list, "state", "tickets.state", "state_label");
}

int tickets_index(req *r)
{
    json_t *mine = tickets_mine(r->db, r->user->id);
    label_tickets(r, mine);
    r->view = json_pack("{s:o,s:o}", "tickets", mine ? mine : json_array(), "categories",
                        ticket_categories(r->db, req_city_for(r, ROLE_RESIDENT)));
    r->template = "tickets/index";
    r->title_key = "tickets.title";
    return 0;
}

static int fail(req *r, ticket_rc rc)
{
    db_rollback(r->db);
    switch (rc) {
    case TICKET_NOT_FOUND:
        return req_error(r, 404, "error.not_found");
    case TICKET_BAD_MOVE:
        return req_error(r, 409, "tickets.bad_move");
    case TICKET_NOT_RESIDENT:
        return req_error(r, 403, "tickets.not_resident");
    case TICKET_NOT_MEMBER:
        return req_error(r, 403, "tickets.not_member");
    case TICKET_BAD_CATEGORY:
        req_field_error(r, "category_id", "tickets.bad_category");
        return req_error(r, 422, "tickets.bad_category");
    default:
        return -1;
    }
}

int tickets_create(req *r)
{
    ticket_in in = {
        .category_id = in_int(r, "category_id", 1, INT64_MAX, IN_REQUIRED),
        .place = in_text(r, "place", 200, IN_OPTIONAL),
        .description = in_text(r, "description", 4000, IN_REQUIRED),
        .committee_id = in_int(r, "committee_id", 0, INT64_MAX, IN_OPTIONAL),
        .building_id = in_int(r, "building_id", 0, INT64_MAX, IN_OPTIONAL),
    };
    ticket_photo_in photos[MAX_PHOTOS];
    int n = 0;
    for (int i = 0; i < r->nuploads; i++) {
        const upload *u = &r->uploads[i];
        if (strcmp(u->field, "photo") != 0 || !u->len) continue;
        const char *mime = filetype_of(u->data, u->len);
        if (n == MAX_PHOTOS)
            req_field_error(r, "photo", "tickets.too_many_photos");
        else if (u->len > FILE_MAX_BYTES)
            req_field_error(r, "photo", "proposals.file_too_large");
        else if (!mime || strcmp(mime, "application/pdf") == 0)
            req_field_error(r, "photo", "tickets.photo_type");
        else
            photos[n++] =
                (ticket_photo_in){u->data, u->len, mime, *u->filename ? u->filename : "foto"};
    }
    if (req_has_errors(r)) return req_error(r, 422, "tickets.invalid");
    in.photos = photos;
    in.nphotos = n;
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    ticket_rc rc = ticket_open(r->db, r->user->id, &in, clock_now_us(), &id);
    if (rc != TICKET_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : TICKET_ERROR);
    r->view = json_pack("{s:I}", "ticket_id", (json_int_t)id);
    return req_redirect(r, arena_printf(&r->mem, "/tickets/%lld", (long long)id),
                        "tickets.created");
}

/* Its staff, its author, a resident of its building or a committee following it; 404
 * otherwise, so that nobody learns which tickets exist. */
static json_t *visible(req *r, int64_t id, bool *staff, bool *author)
{
    if (!ticket_visible(r->db, id, r->user->id)) return NULL;
    json_t *t = ticket_get(r->db, id, true);
    if (!t) return NULL;
    *author = json_integer_value(json_object_get(t, "author_id")) == r->user->id;
    *staff = ticket_staff(r->db, id, r->user->id);
    if (!*staff && !*author) {
        json_object_del(t, "author");
        json_object_del(t, "author_id");
    }
    return t;
}

int tickets_show(req *r)
{
    bool staff = false, author = false;
    json_t *t = visible(r, req_param_id(r, "id"), &staff, &author);
    if (!t) return req_error(r, 404, "error.not_found");
    const char *state = json_string_value(json_object_get(t, "state"));
    json_object_set_new(t, "state_label", json_string(req_t_code(r, "tickets.state", state)));
    req_label_each(r, json_object_get(t, "events"), "state", "tickets.state", "state_label");
    json_t *moves = json_array();
    for (int k = 0; STATES[k]; k++)
        if (ticket_move_allowed(state, STATES[k], !staff && author) && (staff || author))
            json_array_append_new(moves, json_pack("{s:s,s:s}", "state", STATES[k], "label",
                                                   req_t_code(r, "tickets.move", STATES[k])));
    r->view = json_pack("{s:o,s:o,s:b,s:b}", "ticket", t, "moves", moves, "is_staff", staff,
                        "can_comment", staff || author);
    r->template = "tickets/show";
    r->title_key = "tickets.ticket";
    return 0;
}

int tickets_photo(req *r)
{
    bool staff = false, author = false;
    int64_t id = req_param_id(r, "id");
    json_t *t = visible(r, id, &staff, &author);
    if (!t) return req_error(r, 404, "error.not_found");
    json_decref(t);
    size_t len = 0;
    char name[256], mime[64];
    void *data =
        ticket_photo(r->db, id, req_param_id(r, "pid"), &len, name, sizeof name, mime, sizeof mime);
    if (!data) return req_error(r, 404, "error.not_found");
    int rc = req_send_file(r, data, len, arena_strdup(&r->mem, mime), arena_strdup(&r->mem, name));
    free(data);
    return rc;
}

static int act(req *r, const char *to, const char *text, const char *flash)
{
    bool staff = false, author = false;
    int64_t id = req_param_id(r, "id");
    json_t *t = visible(r, id, &staff, &author);
    if (!t) return req_error(r, 404, "error.not_found");
    json_decref(t);
    if (!staff && !author) return req_error(r, 403, "tickets.not_yours");
    if (db_begin(r->db) != DB_OK) return -1;
    ticket_rc rc = ticket_act(r->db, id, r->user->id, staff, to, text, clock_now_us());
    if (rc != TICKET_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : TICKET_ERROR);
    return req_redirect(r, arena_printf(&r->mem, "/tickets/%lld", (long long)id), flash);
}

int tickets_comment(req *r)
{
    const char *text = in_text(r, "text", 4000, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "tickets.comment_required");
    return act(r, NULL, text, "tickets.commented");
}

int tickets_state(req *r)
{
    const char *to = in_choice(r, "state", STATES, IN_REQUIRED);
    const char *reason = in_text(r, "reason", 2000, IN_OPTIONAL);
    if (to && strcmp(to, "rejected") == 0 && !*reason)
        req_field_error(r, "reason", "tickets.reason_required");
    if (req_has_errors(r)) return req_error(r, 422, "tickets.reason_required");
    return act(r, to, reason, "tickets.moved");
}

int tickets_queue_page(req *r)
{
    static const char *const BY[] = {"housing", "hub", "city", NULL};
    queue_filter f = {0};
    f.state = in_choice(r, "state", STATES, IN_OPTIONAL);
    f.handled_by = in_choice(r, "handled_by", BY, IN_OPTIONAL);
    f.category_id = in_int(r, "category_id", 0, INT64_MAX, IN_OPTIONAL);
    f.building_id = in_int(r, "building_id", 0, INT64_MAX, IN_OPTIONAL);
    f.older_than_us = in_int(r, "older_than_days", 0, 3650, IN_OPTIONAL) * 86400 * INT64_C(1000000);
    f.before_id = in_int(r, "after", 0, INT64_MAX, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "tickets.bad_filter");
    /* Officers see their city's queue, housing staff its housing tickets, hub bodies theirs. */
    queue_scope scope = {.city_id = req_city_for(r, ROLE_OFFICER)};
    if (!scope.city_id) {
        scope.city_id = req_city_for(r, ROLE_HOUSING);
        scope.housing_only = scope.city_id != 0;
    }
    if (!scope.city_id) scope.hub_member = r->user->id;
    int64_t city = scope.city_id ? scope.city_id : req_city_for(r, ROLE_ETS);
    rowtab *q = tickets_queue(r->db, &r->mem, &scope, &f, clock_now_us());
    if (!q) return -1;
    req_label_rows(r, q, "state", "tickets.state", "state_label");
    req_view_rows(r, "tickets", q);
    /* A full page has a next one, after its last ticket. */
    int64_t next =
        q->nrows == QUEUE_PAGE ? rowtab_at(q, q->nrows - 1, rowtab_col(q, "id", 2))->i : 0;
    r->view = json_pack("{s:o,s:s,s:I}", "categories", ticket_categories(r->db, city), "state",
                        f.state ? f.state : "", "next", (json_int_t)next);
    r->template = "tickets/queue";
    r->title_key = "tickets.queue";
    return 0;
}

int tickets_transparency_page(req *r)
{
    int64_t now = clock_now_us();
    json_t *rows = transparency_rows(r->db, now);
    json_t *bars = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        json_array_append_new(
            bars, json_pack("{s:s,s:O,s:O}", "label",
                            arena_printf(&r->mem, "%s · %s",
                                         json_string_value(json_object_get(x, "category")),
                                         json_string_value(json_object_get(x, "neighbourhood"))),
                            "planned", json_object_get(x, "opened"), "achieved",
                            json_object_get(x, "resolved")));
    }
    buf svg;
    buf_init(&svg, 1u << 20);
    int rc = svg_bars(bars, req_t(r, "tickets.chart"), &svg);
    json_decref(bars);
    r->view = json_pack("{s:o,s:s}", "rows", rows, "chart", rc ? "" : svg.data);
    buf_free(&svg);
    if (rc) return -1;
    r->template = "tickets/transparency";
    r->title_key = "tickets.transparency";
    return 0;
}

#include "modules/tickets/tickets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "db/blobs.h"
#include "modules/housing/housing.h"
#include "modules/hubs/hubs.h"
#include "modules/notify/notify.h"

bool ticket_move_allowed(const char *from, const char *to, bool by_author)
{
    if (by_author)
        return strcmp(from, "resolved") == 0 &&
               (strcmp(to, "closed") == 0 || strcmp(to, "in_progress") == 0);
    static const char *const MOVES[][2] = {
        {"new", "acknowledged"},         {"new", "in_progress"},       {"new", "rejected"},
        {"acknowledged", "in_progress"}, {"acknowledged", "resolved"}, {"acknowledged", "rejected"},
        {"in_progress", "resolved"},     {"in_progress", "rejected"},  {"resolved", "closed"},
        {"resolved", "in_progress"}};
    for (size_t i = 0; i < sizeof MOVES / sizeof MOVES[0]; i++)
        if (strcmp(MOVES[i][0], from) == 0 && strcmp(MOVES[i][1], to) == 0) return true;
    return false;
}

/* The building a ticket is about: the author's home, or one their committee follows. */
static ticket_rc building_for(db_conn *c, int64_t author, const ticket_in *in, int64_t *building,
                              int64_t *city)
{
    if (!in->committee_id) {
        resident_place at;
        if (!resident_place_of(c, author, &at)) return TICKET_NOT_RESIDENT;
        *building = at.building_id;
        *city = at.city_id;
        return TICKET_OK;
    }
    db_query_int(c,
                 "SELECT b.city_id FROM committee_buildings cb JOIN committee_members m ON "
                 "m.committee_id = cb.committee_id JOIN buildings b ON b.id = cb.building_id "
                 "WHERE cb.committee_id = ? AND cb.building_id = ? AND m.user_id = ?",
                 DB_ARGS(DB_INT(in->committee_id), DB_INT(in->building_id), DB_INT(author)), city);
    *building = in->building_id;
    return *city ? TICKET_OK : TICKET_NOT_MEMBER;
}

ticket_rc ticket_open(db_conn *c, int64_t author, const ticket_in *in, int64_t now, int64_t *id)
{
    int64_t building = 0, city = 0, hours = 0, hub = 0;
    ticket_rc rc = building_for(c, author, in, &building, &city);
    if (rc != TICKET_OK) return rc;
    char by[16] = "";
    db_rows *k = db_query(c,
                          "SELECT target_hours, handled_by FROM ticket_categories WHERE id = ? "
                          "AND city_id = ?",
                          DB_ARGS(DB_INT(in->category_id), DB_INT(city)));
    if (k && db_next(k)) {
        hours = db_int(k, 0);
        snprintf(by, sizeof by, "%s", db_text(k, 1));
    }
    db_rows_close(k);
    if (!hours) return TICKET_BAD_CATEGORY;
    if (strcmp(by, "hub") == 0) hub = hub_for_building(c, building);
    if (db_query_int(c,
                     "INSERT INTO tickets (city_id, building_id, category_id, author_id, place, "
                     "description, due_at, created_at, updated_at, hub_id, committee_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     DB_ARGS(DB_INT(city), DB_INT(building), DB_INT(in->category_id),
                             DB_INT(author), DB_TEXT(in->place ? in->place : ""),
                             DB_TEXT(in->description), DB_INT(now + hours * INT64_C(3600000000)),
                             DB_INT(now), DB_INT(now), hub ? DB_INT(hub) : DB_NULL,
                             in->committee_id ? DB_INT(in->committee_id) : DB_NULL),
                     id) != DB_OK ||
        db_exec(c,
                "INSERT INTO ticket_events (ticket_id, user_id, kind, state, at) "
                "VALUES (?, ?, 'created', 'new', ?)",
                DB_ARGS(DB_INT(*id), DB_INT(author), DB_INT(now)), NULL) != DB_OK)
        return TICKET_ERROR;
    for (int i = 0; i < in->nphotos; i++) {
        const ticket_photo_in *p = &in->photos[i];
        char sha[65];
        if (blob_put(c, p->data, p->len, p->mime, sha) != DB_OK ||
            db_exec(c, "INSERT INTO ticket_photos (ticket_id, blob_sha256, name) VALUES (?, ?, ?)",
                    DB_ARGS(DB_INT(*id), DB_TEXT(sha), DB_TEXT(p->name)), NULL) != DB_OK)
            return TICKET_ERROR;
    }
    return TICKET_OK;
}

ticket_rc ticket_act(db_conn *c, int64_t id, int64_t user_id, bool staff, const char *to,
                     const char *text, int64_t now)
{
    char from[16] = "";
    int64_t author = 0;
    db_rows *r =
        db_query(c, "SELECT state, author_id FROM tickets WHERE id = ?", DB_ARGS(DB_INT(id)));
    if (r && db_next(r)) {
        snprintf(from, sizeof from, "%s", db_text(r, 0));
        author = db_int(r, 1);
    }
    db_rows_close(r);
    if (!author) return TICKET_NOT_FOUND;
    if (to) {
        bool by_author = !staff && author == user_id;
        if (!ticket_move_allowed(from, to, by_author)) return TICKET_BAD_MOVE;
        int64_t changed = 0;
        /* Only from the state just read: two staff acting at once cannot both move it. */
        if (db_exec(c,
                    "UPDATE tickets SET state = ?, reason = CASE WHEN ? = 'rejected' THEN ? ELSE "
                    "reason END, updated_at = ?, resolved_at = CASE WHEN ? = 'resolved' THEN ? "
                    "WHEN ? = 'in_progress' THEN NULL ELSE resolved_at END "
                    "WHERE id = ? AND state = ?",
                    DB_ARGS(DB_TEXT(to), DB_TEXT(to), DB_TEXT(text ? text : ""), DB_INT(now),
                            DB_TEXT(to), DB_INT(now), DB_TEXT(to), DB_INT(id), DB_TEXT(from)),
                    &changed) != DB_OK)
            return TICKET_ERROR;
        if (!changed) return TICKET_BAD_MOVE;
    }
    if (db_exec(c,
                "INSERT INTO ticket_events (ticket_id, user_id, kind, state, text, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(id), DB_INT(user_id), DB_TEXT(to ? "state" : "comment"),
                        to ? DB_TEXT(to) : DB_NULL, DB_TEXT(text ? text : ""), DB_INT(now)),
                NULL) != DB_OK)
        return TICKET_ERROR;
    /* The author hears of everything others do. */
    if (author != user_id &&
        notify(c, author, "ticket", id, to ? "tickets.notify_state" : "tickets.notify_comment",
               to ? to : "", now))
        return TICKET_ERROR;
    return TICKET_OK;
}

#define TICKET_COLUMNS                                                                             \
    "t.id, t.state, t.place, t.description, t.reason, t.due_at, t.created_at, t.updated_at, "      \
    "t.resolved_at, t.hub_id, t.committee_id, k.code AS category, k.name AS category_name, "       \
    "k.handled_by, b.code AS "                                                                     \
    "building, b.address, b.neighbourhood "
#define TICKET_FROM                                                                                \
    "FROM tickets t JOIN ticket_categories k ON k.id = t.category_id "                             \
    "JOIN buildings b ON b.id = t.building_id "

json_t *ticket_get(db_conn *c, int64_t id, bool with_author)
{
    json_t *t =
        db_query_object(c,
                        "SELECT " TICKET_COLUMNS ", t.author_id, u.name AS author " TICKET_FROM
                        "JOIN users u ON u.id = t.author_id WHERE t.id = ?",
                        DB_ARGS(DB_INT(id)));
    if (!t) return NULL;
    if (!with_author) {
        json_object_del(t, "author");
        json_object_del(t, "author_id");
    }
    /* Residents see what staff did; who among them reported stays private. */
    json_object_set_new(t, "events",
                        db_query_json(c,
                                      "SELECT e.id, e.kind, e.state, CASE WHEN e.hidden = 1 THEN "
                                      "'' ELSE e.text END AS text, e.hidden, CASE WHEN e.kind = "
                                      "'comment' THEN 'ticket_comment' END AS flag_entity, e.at, "
                                      "CASE WHEN e.user_id = t.author_id THEN 'author' ELSE "
                                      "'staff' END AS who "
                                      "FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                                      "WHERE e.ticket_id = ? ORDER BY e.id",
                                      DB_ARGS(DB_INT(id))));
    json_object_set_new(t, "photos",
                        db_query_json(c,
                                      "SELECT id, name FROM ticket_photos WHERE ticket_id = ? "
                                      "ORDER BY id",
                                      DB_ARGS(DB_INT(id))));
    return t;
}

/* The staff of ticket t: a membership of the user that works it. */
#define STAFF_OF_T                                                                                 \
    "EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ? AND ((m.role = 'officer' AND "        \
    "m.city_id = t.city_id) OR (m.role = 'housing' AND m.city_id = t.city_id AND "                 \
    "t.category_id IN (SELECT k.id FROM ticket_categories k WHERE k.handled_by = 'housing')) "     \
    "OR (m.role = 'ets' AND m.organisation_id = (SELECT h.organisation_id FROM hubs h WHERE "      \
    "h.id = t.hub_id))))"
/* The buildings a user sees tickets of: their home's, and those their committees follow. */
#define BUILDINGS_OF_USER                                                                          \
    "(SELECT u.building_id FROM residents re JOIN units u ON u.id = re.unit_id WHERE "             \
    "re.user_id = ? AND re.state = 'active' UNION SELECT cb.building_id FROM "                     \
    "committee_buildings cb JOIN committee_members cm ON cm.committee_id = cb.committee_id "       \
    "WHERE cm.user_id = ?)"

bool ticket_staff(db_conn *c, int64_t id, int64_t user_id)
{
    int64_t n = 0;
    db_query_int(c, "SELECT COUNT(*) FROM tickets t WHERE t.id = ? AND " STAFF_OF_T,
                 DB_ARGS(DB_INT(id), DB_INT(user_id)), &n);
    return n > 0;
}

bool ticket_visible(db_conn *c, int64_t id, int64_t user_id)
{
    int64_t n = 0;
    db_query_int(
        c,
        "SELECT COUNT(*) FROM tickets t WHERE t.id = ? AND (t.author_id = ? OR "
        "t.building_id IN " BUILDINGS_OF_USER " OR " STAFF_OF_T ")",
        DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(user_id), DB_INT(user_id), DB_INT(user_id)),
        &n);
    return n > 0;
}

json_t *tickets_mine(db_conn *c, int64_t user_id)
{
    return db_query_json(c,
                         "SELECT " TICKET_COLUMNS ", CASE WHEN t.author_id = ? THEN 1 ELSE 0 END "
                         "AS is_mine " TICKET_FROM
                         "WHERE t.author_id = ? OR t.building_id IN (SELECT u.building_id FROM "
                         "residents re JOIN units u ON u.id = re.unit_id WHERE re.user_id = ? "
                         "AND re.state = 'active') ORDER BY t.id DESC LIMIT 200",
                         DB_ARGS(DB_INT(user_id), DB_INT(user_id), DB_INT(user_id)));
}

json_t *tickets_of_committee(db_conn *c, int64_t committee_id)
{
    return db_query_json(c,
                         "SELECT " TICKET_COLUMNS TICKET_FROM
                         "WHERE t.building_id IN (SELECT building_id FROM committee_buildings "
                         "WHERE committee_id = ?) ORDER BY t.id DESC LIMIT 200",
                         DB_ARGS(DB_INT(committee_id)));
}

#define QUEUE_SELECT                                                                               \
    "SELECT " TICKET_COLUMNS ", CASE WHEN t.due_at < ? AND t.state IN ('new', "                    \
    "'acknowledged', 'in_progress') THEN 1 ELSE 0 END AS is_late " TICKET_FROM

rowtab *tickets_queue(db_conn *c, arena *a, const queue_scope *s, const queue_filter *f,
                      int64_t now)
{
    /* The statement holds only the filters in use, each a fixed fragment with its parameter,
     * so that the planner walks an index in id order and stops at 50 rows. */
    enum { MAXP = 8 };
    db_param p[MAXP];
    int np = 0;
    buf sql;
    buf_init(&sql, 4096);
    buf_puts(&sql, QUEUE_SELECT);
    p[np++] = DB_INT(now);
    if (s->city_id) {
        buf_puts(&sql, "WHERE t.city_id = ?");
        p[np++] = DB_INT(s->city_id);
    } else {
        buf_puts(&sql, "WHERE t.hub_id IN (SELECT h.id FROM hubs h JOIN memberships m ON "
                       "m.organisation_id = h.organisation_id AND m.role = 'ets' WHERE "
                       "m.user_id = ?)");
        p[np++] = DB_INT(s->hub_member);
    }
    const char *by = s->housing_only ? "housing" : f->handled_by;
    if (f->state) {
        buf_puts(&sql, " AND t.state = ?");
        p[np++] = DB_TEXT(f->state);
    }
    if (by) {
        buf_puts(&sql, " AND k.handled_by = ?");
        p[np++] = DB_TEXT(by);
    }
    if (f->category_id) {
        buf_puts(&sql, " AND t.category_id = ?");
        p[np++] = DB_INT(f->category_id);
    }
    if (f->building_id) {
        buf_puts(&sql, " AND t.building_id = ?");
        p[np++] = DB_INT(f->building_id);
    }
    if (f->older_than_us) {
        buf_puts(&sql, " AND t.created_at < ?");
        p[np++] = DB_INT(now - f->older_than_us);
    }
    if (f->before_id) {
        buf_puts(&sql, " AND t.id > ?");
        p[np++] = DB_INT(f->before_id);
    }
    buf_printf(&sql, " ORDER BY t.id LIMIT %d", QUEUE_PAGE);
    rowtab *rows = sql.overflow ? NULL : rowtab_query(a, c, sql.data, p, np);
    buf_free(&sql);
    return rows;
}

json_t *ticket_categories(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT id, code, name, handled_by, target_hours FROM ticket_categories "
                         "WHERE city_id = ? OR ? = 0 ORDER BY name",
                         DB_ARGS(DB_INT(city_id), DB_INT(city_id)));
}

double median_sorted(const int64_t *v, size_t n)
{
    size_t mid = n / 2;
    return n % 2 ? (double)v[mid] : ((double)v[mid - 1] + (double)v[mid]) / 2;
}

json_t *tickets_transparency(db_conn *c, int64_t from, int64_t to)
{
    json_t *groups = db_query_json(
        c,
        "SELECT ci.name AS city, k.name AS category, b.neighbourhood, COUNT(*) AS opened, "
        "SUM(CASE WHEN t.resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS resolved, "
        "SUM(CASE WHEN t.resolved_at IS NOT NULL AND t.resolved_at <= t.due_at THEN 1 ELSE 0 "
        "END) AS within_target, k.id AS category_id, MIN(b.id) AS any_building "
        "FROM tickets t JOIN ticket_categories k ON k.id = t.category_id "
        "JOIN buildings b ON b.id = t.building_id JOIN cities ci ON ci.id = t.city_id "
        "WHERE t.created_at >= ? AND t.created_at < ? "
        "GROUP BY ci.name, k.id, k.name, b.neighbourhood ORDER BY ci.name, k.name, b.neighbourhood",
        DB_ARGS(DB_INT(from), DB_INT(to)));
    /* Medians need the durations: one ordered query, walked group by group. */
    db_rows *r = db_query(c,
                          "SELECT t.category_id, b.neighbourhood, t.resolved_at - t.created_at "
                          "AS d FROM tickets t JOIN buildings b ON b.id = t.building_id "
                          "WHERE t.created_at >= ? AND t.created_at < ? AND t.resolved_at IS NOT "
                          "NULL ORDER BY t.category_id, b.neighbourhood, d",
                          DB_ARGS(DB_INT(from), DB_INT(to)));
    size_t cap = 1024, n = 0;
    int64_t *d = malloc(cap * sizeof *d);
    int64_t cat = -1;
    char hood[256] = "";
    size_t gi;
    json_t *g;
    bool more = r && d && db_next(r);
    while (more) {
        cat = db_int(r, 0);
        snprintf(hood, sizeof hood, "%s", db_text(r, 1));
        n = 0;
        do {
            if (n == cap) {
                int64_t *bigger = realloc(d, 2 * cap * sizeof *d);
                if (!bigger) break;
                d = bigger;
                cap *= 2;
            }
            d[n++] = db_int(r, 2);
            more = db_next(r);
        } while (more && db_int(r, 0) == cat && strcmp(db_text(r, 1), hood) == 0);
        json_array_foreach(groups, gi, g)
        {
            if (json_integer_value(json_object_get(g, "category_id")) == cat &&
                strcmp(json_string_value(json_object_get(g, "neighbourhood")), hood) == 0)
                json_object_set_new(g, "median_hours", json_real(median_sorted(d, n) / 3600e6));
        }
    }
    db_rows_close(r);
    free(d);
    json_array_foreach(groups, gi, g)
    {
        json_int_t opened = json_integer_value(json_object_get(g, "opened"));
        json_int_t within = json_integer_value(json_object_get(g, "within_target"));
        json_object_set_new(g, "within_target_permille",
                            json_integer(opened ? within * 1000 / opened : 0));
        if (!json_object_get(g, "median_hours"))
            json_object_set_new(g, "median_hours", json_null());
        json_object_del(g, "any_building");
    }
    return groups ? groups : json_array();
}

void tickets_version(db_conn *c, int64_t *max_id, int64_t *max_updated)
{
    *max_id = *max_updated = 0;
    db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM tickets", DB_NOARGS, max_id);
    db_query_int(c, "SELECT COALESCE(MAX(updated_at), 0) FROM tickets", DB_NOARGS, max_updated);
}

void *ticket_photo(db_conn *c, int64_t ticket_id, int64_t photo_id, size_t *len, char *name,
                   size_t namelen, char *mime, size_t mimelen)
{
    db_rows *r = db_query(c,
                          "SELECT p.name, b.mime, b.content FROM ticket_photos p JOIN blobs b "
                          "ON b.sha256 = p.blob_sha256 WHERE p.id = ? AND p.ticket_id = ?",
                          DB_ARGS(DB_INT(photo_id), DB_INT(ticket_id)));
    void *copy = NULL;
    if (r && db_next(r)) {
        snprintf(name, namelen, "%s", db_text(r, 0));
        snprintf(mime, mimelen, "%s", db_text(r, 1));
        copy = blob_copy(r, 2, len);
    }
    db_rows_close(r);
    return copy;
}

int64_t ticket_of_comment(db_conn *c, int64_t event_id)
{
    int64_t t = 0;
    db_query_int(c, "SELECT ticket_id FROM ticket_events WHERE id = ?", DB_ARGS(DB_INT(event_id)),
                 &t);
    return t;
}

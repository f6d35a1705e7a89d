/* The low-threshold network's meetings in the person's pathway: street contacts, places held
 * (a stay, once checked in) and residents' alerts linked to the record. The tables are the services
 * module's, below this one; this file only reads them and keeps the links. */
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

/* Links the contact or the hold whose time `at_sql` reads (a query of one row for the id and the
 * city), audited under action. */
static path_rc link(db_conn *c, const person_reader *w, int64_t person_id, const char *at_sql,
                    int64_t contact_id, int64_t hold_id, const char *action, int64_t now)
{
    int64_t at = 0;
    if (db_query_int(c, at_sql,
                     DB_ARGS(DB_INT(contact_id ? contact_id : hold_id), DB_INT(w->city_id)),
                     &at) != DB_OK)
        return PATH_ERROR;
    if (!at) return PATH_NOT_FOUND;
    db_rc rc = db_exec(
        c,
        "INSERT INTO person_links (person_id, city_id, contact_id, hold_id, "
        "linked_by, linked_at) VALUES (?, ?, ?, ?, ?, ?)",
        DB_ARGS(DB_INT(person_id), DB_INT(w->city_id), contact_id ? DB_INT(contact_id) : DB_NULL,
                hold_id ? DB_INT(hold_id) : DB_NULL, DB_INT(w->user_id), DB_INT(now)),
        NULL);
    if (rc == DB_CONSTRAINT) return PATH_DUPLICATE;
    if (rc != DB_OK) return PATH_ERROR;
    return person_contact(c, w->city_id, w->user_id, person_id, action,
                          json_pack("{s:I}", contact_id ? "contact" : "hold",
                                    (json_int_t)(contact_id ? contact_id : hold_id)),
                          at);
}

path_rc link_contact(db_conn *c, const person_reader *w, int64_t person_id, int64_t contact_id,
                     int64_t now)
{
    return link(c, w, person_id, "SELECT met_at FROM street_contacts WHERE id = ? AND city_id = ?",
                contact_id, 0, "contact_linked", now);
}

path_rc link_hold(db_conn *c, const person_reader *w, int64_t person_id, int64_t hold_id,
                  int64_t now)
{
    return link(c, w, person_id, "SELECT held_at FROM place_holds WHERE id = ? AND city_id = ?", 0,
                hold_id, "hold_linked", now);
}

path_rc link_alert(db_conn *c, const person_reader *w, int64_t person_id, int64_t alert_id,
                   int64_t now)
{
    int64_t seen = 0;
    if (db_query_int(c, "SELECT seen_at FROM street_alerts WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(alert_id), DB_INT(w->city_id)), &seen) != DB_OK)
        return PATH_ERROR;
    if (!seen) return PATH_NOT_FOUND;
    db_rc rc = db_exec(c,
                       "INSERT INTO person_alert_links (person_id, city_id, alert_id, linked_by, "
                       "linked_at) VALUES (?, ?, ?, ?, ?)",
                       DB_ARGS(DB_INT(person_id), DB_INT(w->city_id), DB_INT(alert_id),
                               DB_INT(w->user_id), DB_INT(now)),
                       NULL);
    if (rc == DB_CONSTRAINT) return PATH_DUPLICATE;
    if (rc != DB_OK) return PATH_ERROR;
    return person_contact(c, w->city_id, w->user_id, person_id, "alert_linked",
                          json_pack("{s:I}", "alert", (json_int_t)alert_id), seen);
}

json_t *links_of(db_conn *c, int64_t city_id, int64_t person_id)
{
    json_t *contacts = db_query_json(
        c,
        "SELECT k.id, k.met_at, k.place, k.needs, k.offered, k.referral, s.name AS team FROM "
        "person_links l JOIN street_contacts k ON k.id = l.contact_id LEFT JOIN services s ON s.id "
        "= k.service_id WHERE l.person_id = ? AND l.city_id = ? ORDER BY k.met_at DESC, k.id DESC",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
    json_t *stays = db_query_json(
        c,
        "SELECT h.id, h.night, h.state, h.held_at, p.label AS place, s.name AS service FROM "
        "person_links l JOIN place_holds h ON h.id = l.hold_id JOIN places p ON p.id = h.place_id "
        "JOIN services s ON s.id = p.service_id WHERE l.person_id = ? AND l.city_id = ? ORDER BY "
        "h.night DESC, h.id DESC",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
    /* Never how to reach the resident who sent it. */
    json_t *alerts = db_query_json(
        c,
        "SELECT a.id, a.seen_at, a.place, a.description, a.state, a.outcome, s.name AS team FROM "
        "person_alert_links l JOIN street_alerts a ON a.id = l.alert_id LEFT JOIN services s ON "
        "s.id = a.service_id WHERE l.person_id = ? AND l.city_id = ? ORDER BY a.seen_at DESC, "
        "a.id DESC",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
    return json_pack("{s:o,s:o,s:o}", "contacts", contacts ? contacts : json_array(), "stays",
                     stays ? stays : json_array(), "alerts", alerts ? alerts : json_array());
}

json_t *links_open(db_conn *c, int64_t city_id, int64_t now)
{
    int64_t since = now - (int64_t)LINK_DAYS * 86400 * 1000000;
    json_t *contacts = db_query_json(
        c,
        "SELECT k.id, k.met_at, k.place, k.person FROM street_contacts k WHERE k.city_id = ? AND "
        "k.met_at >= ? AND NOT EXISTS (SELECT 1 FROM person_links l WHERE l.contact_id = k.id) "
        "ORDER BY k.met_at DESC, k.id DESC LIMIT 100",
        DB_ARGS(DB_INT(city_id), DB_INT(since)));
    json_t *holds = db_query_json(
        c,
        "SELECT h.id, h.night, h.person, p.label AS place, s.name AS service FROM place_holds h "
        "JOIN places p ON p.id = h.place_id JOIN services s ON s.id = p.service_id WHERE "
        "h.city_id = ? AND h.held_at >= ? AND NOT EXISTS (SELECT 1 FROM person_links l WHERE "
        "l.hold_id = h.id) ORDER BY h.held_at DESC, h.id DESC LIMIT 100",
        DB_ARGS(DB_INT(city_id), DB_INT(since)));
    json_t *alerts = db_query_json(
        c,
        "SELECT a.id, a.seen_at, a.place, a.state FROM street_alerts a WHERE a.city_id = ? AND "
        "a.seen_at >= ? AND NOT EXISTS (SELECT 1 FROM person_alert_links l WHERE l.alert_id = "
        "a.id) ORDER BY a.seen_at DESC, a.id DESC LIMIT 100",
        DB_ARGS(DB_INT(city_id), DB_INT(since)));
    return json_pack("{s:o,s:o,s:o}", "contacts", contacts ? contacts : json_array(), "holds",
                     holds ? holds : json_array(), "alerts", alerts ? alerts : json_array());
}

/* Registered address at the city's fictitious street and the mail the city holds for the
 * person. One request or registration alive per person (a partial unique key); the certificate's
 * number is unique in the city. */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

const char *const MAIL_KINDS[] = {"letter", "registered", "official", "parcel", NULL};

path_rc fictitious_street_set(db_conn *c, int64_t city_id, int64_t user_id, const char *street)
{
    if (db_exec(c, "UPDATE cities SET fictitious_street = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(street), DB_INT(city_id)), NULL) != DB_OK)
        return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "fictitious_street", "cities", city_id,
                          json_pack("{s:s}", "street", street));
}

json_t *registry_overview(db_conn *c, int64_t city_id)
{
    json_t *city = db_query_object(c, "SELECT fictitious_street AS street FROM cities WHERE id = ?",
                                   DB_ARGS(DB_INT(city_id)));
    if (!city) return NULL;
    json_object_set_new(city, "waiting",
                        db_query_json(c,
                                      "SELECT id, requested_at FROM registered_addresses WHERE "
                                      "city_id = ? AND state = 'requested' ORDER BY requested_at, "
                                      "id",
                                      DB_ARGS(DB_INT(city_id))));
    json_object_set_new(city, "decided",
                        db_query_json(c,
                                      "SELECT id, state, decided_at, certificate_number FROM "
                                      "registered_addresses WHERE city_id = ? AND state <> "
                                      "'requested' ORDER BY decided_at DESC, id DESC LIMIT 50",
                                      DB_ARGS(DB_INT(city_id))));
    return city;
}

path_rc address_request(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                        int64_t now, int64_t *id)
{
    db_rows *q = db_query(c,
                          "SELECT c.fictitious_street FROM people p JOIN cities c ON c.id = "
                          "p.city_id WHERE p.id = ? AND p.city_id = ?",
                          DB_ARGS(DB_INT(person_id), DB_INT(city_id)));
    if (!q) return PATH_ERROR;
    char street[STREET_MAX + 1] = "";
    bool found = db_next(q);
    if (found) snprintf(street, sizeof street, "%s", db_text(q, 0));
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (!found) return PATH_NOT_FOUND;
    if (!*street) return PATH_NO_STREET;
    db_rc rc = db_query_int(
        c,
        "INSERT INTO registered_addresses (person_id, city_id, street, "
        "requested_by, requested_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id), DB_TEXT(street), DB_INT(user_id), DB_INT(now)),
        id);
    if (rc == DB_CONSTRAINT) return PATH_LIVE;
    if (rc != DB_OK) return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "address_requested", "people", person_id,
                          json_pack("{s:I}", "request", (json_int_t)*id));
}

json_t *address_request_get(db_conn *c, int64_t city_id, int64_t id)
{
    return db_query_object(
        c,
        "SELECT a.id, a.person_id, a.street, a.state, a.requested_at, a.decided_at, "
        "a.decision_note, a.certificate_number, u.name AS requested_by, p.given_name, "
        "p.family_name, p.nickname, p.birth_date, p.birth_year, p.origin, p.tax_code, c.name AS "
        "city FROM registered_addresses a JOIN people p ON p.id = a.person_id JOIN users u ON u.id "
        "= a.requested_by JOIN cities c ON c.id = a.city_id WHERE a.id = ? AND a.city_id = ?",
        DB_ARGS(DB_INT(id), DB_INT(city_id)));
}

path_rc address_decide(db_conn *c, int64_t city_id, int64_t user_id, int64_t id, bool grant,
                       const char *note, int64_t now)
{
    struct tm tm;
    time_rome(now / 1000000, &tm);
    char number[48];
    snprintf(number, sizeof number, "RF/%04d/%lld", tm.tm_year + 1900, (long long)id);
    int64_t n = 0;
    if (db_exec(c,
                "UPDATE registered_addresses SET state = ?, decided_by = ?, decided_at = ?, "
                "decision_note = ?, certificate_number = ? WHERE id = ? AND city_id = ? AND state "
                "= 'requested'",
                DB_ARGS(DB_TEXT(grant ? "granted" : "refused"), DB_INT(user_id), DB_INT(now),
                        DB_TEXT(note ? note : ""), grant ? DB_TEXT(number) : DB_NULL, DB_INT(id),
                        DB_INT(city_id)),
                &n) != DB_OK)
        return PATH_ERROR;
    if (!n) {
        json_t *there = address_request_get(c, city_id, id);
        json_decref(there);
        return there ? PATH_BAD_STATE : PATH_NOT_FOUND;
    }
    return pathways_audit(c, city_id, user_id, grant ? "address_granted" : "address_refused",
                          "registered_addresses", id, NULL);
}

path_rc address_end(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t now)
{
    int64_t n = 0;
    if (db_exec(c,
                "UPDATE registered_addresses SET state = 'ended', ended_at = ? WHERE person_id = ? "
                "AND city_id = ? AND state = 'granted'",
                DB_ARGS(DB_INT(now), DB_INT(person_id), DB_INT(city_id)), &n) != DB_OK)
        return PATH_ERROR;
    if (!n) return PATH_NOT_FOUND;
    return pathways_audit(c, city_id, user_id, "address_ended", "people", person_id, NULL);
}

json_t *address_of(db_conn *c, int64_t city_id, int64_t person_id)
{
    return first_row(db_query_json(
        c,
        "SELECT id, street, state, requested_at, decided_at, decision_note, certificate_number, "
        "ended_at FROM registered_addresses WHERE person_id = ? AND city_id = ? ORDER BY "
        "requested_at DESC, id DESC LIMIT 1",
        DB_ARGS(DB_INT(person_id), DB_INT(city_id))));
}

path_rc mail_log(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, const char *kind,
                 const char *sender, int64_t now, int64_t *id)
{
    *id = 0; /* stays 0 when the person is not of the city: no row inserted */
    db_rc rc = db_query_int(c,
                            "INSERT INTO mail_items (person_id, city_id, kind, sender, arrived_at, "
                            "logged_by) SELECT id, city_id, ?, ?, ?, ? FROM people WHERE id = ? "
                            "AND city_id = ? RETURNING id",
                            DB_ARGS(DB_TEXT(kind), DB_TEXT(sender), DB_INT(now), DB_INT(user_id),
                                    DB_INT(person_id), DB_INT(city_id)),
                            id);
    if (rc != DB_OK) return PATH_ERROR;
    if (!*id) return PATH_NOT_FOUND;
    return pathways_audit(c, city_id, user_id, "mail_logged", "people", person_id,
                          json_pack("{s:s}", "kind", kind));
}

path_rc mail_hand(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id, int64_t mail_id,
                  int64_t now)
{
    int64_t n = 0;
    if (db_exec(c,
                "UPDATE mail_items SET handed_at = ?, handed_by = ? WHERE id = ? AND person_id = ? "
                "AND city_id = ? AND handed_at IS NULL",
                DB_ARGS(DB_INT(now), DB_INT(user_id), DB_INT(mail_id), DB_INT(person_id),
                        DB_INT(city_id)),
                &n) != DB_OK)
        return PATH_ERROR;
    if (!n) return PATH_NOT_FOUND;
    /* Handing mail over is meeting the person. */
    return person_contact(c, city_id, user_id, person_id, "mail_handed",
                          json_pack("{s:I}", "mail", (json_int_t)mail_id), now);
}

json_t *mail_of(db_conn *c, int64_t person_id)
{
    return db_query_json(
        c,
        "SELECT * FROM (SELECT id, kind, sender, arrived_at, handed_at, CASE WHEN handed_at IS "
        "NULL THEN 1 ELSE 0 END AS is_waiting FROM mail_items WHERE person_id = ? AND handed_at IS "
        "NULL UNION ALL SELECT * FROM (SELECT id, kind, sender, arrived_at, handed_at, 0 AS "
        "is_waiting FROM mail_items WHERE person_id = ? AND handed_at IS NOT NULL ORDER BY "
        "handed_at DESC LIMIT 20) h) m ORDER BY is_waiting DESC, arrived_at, id",
        DB_ARGS(DB_INT(person_id), DB_INT(person_id)));
}

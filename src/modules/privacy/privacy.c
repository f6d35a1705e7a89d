#include "modules/privacy/privacy.h"

#include <stdio.h>

#include "modules/audit/audit.h"
#include "modules/bookings/bookings.h"
#include "modules/events/events.h"
#include "modules/housing/housing.h"

/* Each part of the export: a name and the query over the user's rows. */
static const struct {
    const char *name, *sql;
} PARTS[] = {
    {"account", "SELECT email, name, locale, created_at FROM users WHERE id = ?"},
    {"tickets", "SELECT id, place, description, state, created_at FROM tickets WHERE author_id = "
                "? ORDER BY id"},
    {"ticket_comments", "SELECT ticket_id, text, at FROM ticket_events WHERE user_id = ? AND "
                        "kind = 'comment' ORDER BY id"},
    {"registrations", "SELECT r.event_id, e.title, e.starts_at, r.state, r.attended FROM "
                      "event_registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id "
                      "= ? ORDER BY r.id"},
    {"bookings", "SELECT b.id, r.name AS room, b.starts_at, b.ends_at, b.purpose, b.state FROM "
                 "bookings b JOIN rooms r ON r.id = b.room_id WHERE b.user_id = ? ORDER BY b.id"},
    {"help_posts", "SELECT id, kind, category, text, created_at FROM help_posts WHERE user_id = ? "
                   "ORDER BY id"},
    {"exchanges", "SELECT id, category, minutes, state, done_on, CASE WHEN helper_id = ? THEN "
                  "'helper' ELSE 'helped' END AS role FROM exchanges WHERE helper_id = ? OR "
                  "helped_id = ? ORDER BY id"},
    {"ideas", "SELECT id, kind, title, text, created_at FROM ideas WHERE user_id = ? ORDER BY id"},
    {"idea_supports", "SELECT idea_id, created_at FROM idea_supports WHERE user_id = ?"},
    {"idea_comments", "SELECT idea_id, text, created_at FROM idea_comments WHERE user_id = ?"},
    {"notifications", "SELECT entity, entity_id, message_key, detail, created_at, read_at FROM "
                      "notifications WHERE user_id = ? ORDER BY id"},
    {"notification_preferences", "SELECT topic, in_app, email FROM notification_prefs WHERE "
                                 "user_id = ? ORDER BY topic"},
    {"emails", "SELECT recipient, message_key, detail, state, created_at, sent_at FROM outbox "
               "WHERE user_id = ? ORDER BY id"},
    {"committees", "SELECT k.name, m.created_at FROM committee_members m JOIN committees k ON "
                   "k.id = m.committee_id WHERE m.user_id = ? ORDER BY k.name"},
    {"flags", "SELECT entity, entity_id, reason, created_at FROM moderation_flags WHERE user_id "
              "= ? ORDER BY id"},
};

json_t *privacy_export(db_conn *c, int64_t user_id)
{
    json_t *out = json_object();
    for (size_t i = 0; i < sizeof PARTS / sizeof PARTS[0]; i++) {
        /* The exchanges query names the user three times; the others once. */
        json_t *rows =
            i == 6 ? db_query_json(c, PARTS[i].sql,
                                   DB_ARGS(DB_INT(user_id), DB_INT(user_id), DB_INT(user_id)))
                   : db_query_json(c, PARTS[i].sql, DB_ARGS(DB_INT(user_id)));
        json_object_set_new(out, PARTS[i].name, rows ? rows : json_array());
    }
    json_t *home = resident_of_user(c, user_id);
    json_object_set_new(out, "home", home ? home : json_null());
    return out;
}

int privacy_erase(db_conn *c, int64_t user_id, int64_t now)
{
    /* Places and slots held from now on go back to others, by the usual rules. */
    json_t *events = db_query_json(c,
                                   "SELECT r.event_id FROM event_registrations r JOIN events e "
                                   "ON e.id = r.event_id WHERE r.user_id = ? AND r.state <> "
                                   "'cancelled' AND e.starts_at > ?",
                                   DB_ARGS(DB_INT(user_id), DB_INT(now)));
    size_t i;
    json_t *x;
    json_array_foreach(events, i, x)
    {
        if (event_cancel(c, json_integer_value(json_object_get(x, "event_id")), user_id, now) !=
            EVENT_OK) {
            json_decref(events);
            return -1;
        }
    }
    json_decref(events);
    json_t *bookings = db_query_json(c,
                                     "SELECT id FROM bookings WHERE user_id = ? AND state IN "
                                     "('pending', 'confirmed') AND ends_at > ?",
                                     DB_ARGS(DB_INT(user_id), DB_INT(now)));
    json_array_foreach(bookings, i, x)
    {
        if (booking_cancel(c, json_integer_value(json_object_get(x, "id")), user_id, 0) !=
            BOOKING_OK) {
            json_decref(bookings);
            return -1;
        }
    }
    json_decref(bookings);
    char email[64];
    snprintf(email, sizeof email, "cancellato-%lld@invalid", (long long)user_id);
    /* Some statements are long enough to wrap: the pieces are one literal, not a lost comma. */
    // NOLINTBEGIN(bugprone-suspicious-missing-comma)
    static const char *const BLANK[] = {
        "UPDATE tickets SET description = '[rimosso]', place = '' WHERE author_id = ?",
        "DELETE FROM ticket_photos WHERE ticket_id IN (SELECT id FROM tickets WHERE author_id = "
        "?)",
        "UPDATE ticket_events SET text = '[rimosso]' WHERE user_id = ? AND kind = 'comment'",
        "UPDATE bookings SET purpose = '' WHERE user_id = ?",
        "UPDATE help_posts SET text = '[rimosso]', is_open = 0 WHERE user_id = ?",
        "UPDATE exchanges SET note = '' WHERE helper_id = ? OR helped_id = ?",
        "UPDATE idea_comments SET text = '[rimosso]' WHERE user_id = ?",
        "DELETE FROM notifications WHERE user_id = ?",
        "DELETE FROM notification_prefs WHERE user_id = ?",
        "DELETE FROM outbox WHERE user_id = ?",
        "DELETE FROM committee_members WHERE user_id = ?",
        "UPDATE moderation_flags SET reason = '' WHERE user_id = ?",
        "DELETE FROM sessions WHERE user_id = ?",
        "DELETE FROM api_tokens WHERE user_id = ?",
        "DELETE FROM calendar_feeds WHERE user_id = ?",
        "DELETE FROM memberships WHERE user_id = ?",
        "UPDATE residents SET user_id = NULL, full_name = 'Persona cancellata', tax_code = NULL, "
        "invite_hash = NULL, state = 'refused' WHERE user_id = ?",
    };
    // NOLINTEND(bugprone-suspicious-missing-comma)
    for (size_t k = 0; k < sizeof BLANK / sizeof BLANK[0]; k++) {
        db_rc d = k == 5 ? db_exec(c, BLANK[k], DB_ARGS(DB_INT(user_id), DB_INT(user_id)), NULL)
                         : db_exec(c, BLANK[k], DB_ARGS(DB_INT(user_id)), NULL);
        if (d != DB_OK) return -1;
    }
    /* No password can match "!": the account cannot be used again. */
    if (db_exec(c,
                "UPDATE users SET name = 'Persona cancellata', email = ?, password_hash = '!', "
                "active = 0, password_changed_at = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(email), DB_INT(now), DB_INT(user_id)), NULL) != DB_OK)
        return -1;
    return audit_append(c, 0, user_id, "privacy_erase", "user", user_id, NULL);
}

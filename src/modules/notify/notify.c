#include "modules/notify/notify.h"

#include <stdio.h>
#include <string.h>

const char *const notify_topics[] = {"ticket", "event", "booking", "exchange", "idea", NULL};

static void prefs_of(db_conn *c, int64_t user_id, const char *topic, bool *in_app, bool *email)
{
    *in_app = *email = true;
    db_rows *r = db_query(c,
                          "SELECT in_app, email FROM notification_prefs WHERE user_id = ? AND "
                          "topic = ?",
                          DB_ARGS(DB_INT(user_id), DB_TEXT(topic)));
    if (r && db_next(r)) {
        *in_app = db_int(r, 0) != 0;
        *email = db_int(r, 1) != 0;
    }
    db_rows_close(r);
}

const char *notify_link(const char *topic, int64_t entity_id, char *out, size_t outlen)
{
    static const char *const PAGES[][2] = {{"ticket", "/tickets/"},
                                           {"event", "/events/"},
                                           {"booking", "/rooms/"},
                                           {"idea", "/ideas/"}};
    snprintf(out, outlen, "/timebank");
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++)
        if (strcmp(topic, PAGES[i][0]) == 0)
            snprintf(out, outlen, "%s%lld", PAGES[i][1], (long long)entity_id);
    return out;
}

int notify(db_conn *c, int64_t user_id, const char *topic, int64_t entity_id,
           const char *message_key, const char *detail, int64_t now)
{
    char link[64];
    notify_link(topic, entity_id, link, sizeof link);
    bool in_app, email;
    prefs_of(c, user_id, topic, &in_app, &email);
    if (in_app && db_exec(c,
                          "INSERT INTO notifications (user_id, entity, entity_id, message_key, "
                          "detail, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                          DB_ARGS(DB_INT(user_id), DB_TEXT(topic), DB_INT(entity_id),
                                  DB_TEXT(message_key), DB_TEXT(detail ? detail : ""), DB_INT(now)),
                          NULL) != DB_OK)
        return -1;
    /* Only active accounts get mail: an erased or disabled one keeps silent. */
    if (email && db_exec(c,
                         "INSERT INTO outbox (user_id, recipient, message_key, detail, link, "
                         "next_attempt_at, created_at) SELECT id, email, ?, ?, ?, ?, ? FROM "
                         "users WHERE id = ? AND active = 1",
                         DB_ARGS(DB_TEXT(message_key), DB_TEXT(detail ? detail : ""), DB_TEXT(link),
                                 DB_INT(now), DB_INT(now), DB_INT(user_id)),
                         NULL) != DB_OK)
        return -1;
    return 0;
}

const char *notify_text(views *v, const char *lang, const char *message_key, const char *topic,
                        const char *detail, char *out, size_t outlen)
{
    const char *msg = views_t(v, lang, message_key);
    if (!msg) msg = message_key;
    const char *shown = detail;
    if (detail && *detail && strcmp(topic, "ticket") == 0) {
        char key[64];
        snprintf(key, sizeof key, "tickets.state.%s", detail);
        const char *label = views_t(v, lang, key);
        if (label) shown = label;
    }
    snprintf(out, outlen, "%s%s%s", msg, shown && *shown ? ": " : "", shown ? shown : "");
    return out;
}

json_t *notify_prefs(db_conn *c, int64_t user_id)
{
    json_t *list = json_array();
    for (int i = 0; notify_topics[i]; i++) {
        bool in_app, email;
        prefs_of(c, user_id, notify_topics[i], &in_app, &email);
        json_array_append_new(list, json_pack("{s:s,s:b,s:b}", "topic", notify_topics[i], "in_app",
                                              in_app, "email", email));
    }
    return list;
}

int notify_prefs_set(db_conn *c, int64_t user_id, const char *topic, bool in_app, bool email)
{
    if (db_exec(c, "DELETE FROM notification_prefs WHERE user_id = ? AND topic = ?",
                DB_ARGS(DB_INT(user_id), DB_TEXT(topic)), NULL) != DB_OK)
        return -1;
    return db_exec(c,
                   "INSERT INTO notification_prefs (user_id, topic, in_app, email) "
                   "VALUES (?, ?, ?, ?)",
                   DB_ARGS(DB_INT(user_id), DB_TEXT(topic), DB_INT(in_app), DB_INT(email)),
                   NULL) == DB_OK
               ? 0
               : -1;
}

json_t *notifications_of(db_conn *c, int64_t user_id)
{
    return db_query_json(c,
                         "SELECT id, entity, entity_id, message_key, detail, created_at, read_at "
                         "FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 100",
                         DB_ARGS(DB_INT(user_id)));
}

int notifications_read(db_conn *c, int64_t user_id, int64_t now)
{
    return db_exec(c, "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                   DB_ARGS(DB_INT(now), DB_INT(user_id)), NULL) == DB_OK
               ? 0
               : -1;
}

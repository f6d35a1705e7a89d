#include "modules/notify/routes.h"

#include "web/app.h"
#include "base/clock.h"
#include "modules/notify/notify.h"
#include "modules/notify/outbox.h"
#include "web/input.h"

int notifications_page(req *r)
{
    json_t *list = notifications_of(r->db, r->user->id);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        char text[1024], link[64];
        const char *topic = json_string_value(json_object_get(x, "entity"));
        notify_text(r->app->views, r->lang, json_string_value(json_object_get(x, "message_key")),
                    topic, json_string_value(json_object_get(x, "detail")), text, sizeof text);
        notify_link(topic, json_integer_value(json_object_get(x, "entity_id")), link, sizeof link);
        json_object_set_new(x, "text", json_string(text));
        json_object_set_new(x, "link", json_string(link));
        json_object_set_new(x, "is_unread",
                            json_boolean(json_is_null(json_object_get(x, "read_at"))));
    }
    r->view = json_pack("{s:o}", "notifications", list ? list : json_array());
    r->template = "notify/notifications";
    r->title_key = "notify.title";
    return 0;
}

int notifications_mark_read(req *r)
{
    if (notifications_read(r->db, r->user->id, clock_now_us())) return -1;
    return req_redirect(r, "/notifications", "notify.read");
}

int notify_prefs_page(req *r)
{
    json_t *prefs = notify_prefs(r->db, r->user->id);
    req_label_each(r, prefs, "topic", "notify.topic", "label");
    r->view = json_pack("{s:o}", "prefs", prefs);
    r->template = "notify/prefs";
    r->title_key = "notify.prefs_title";
    return 0;
}

/* A form posts "<topic>_in_app" and "<topic>_email" checkboxes; an absent box is off. The
 * form's own marker must come too, so that an empty request never silences everything. */
int notify_prefs_save(req *r)
{
    if (!in_flag(r, "prefs_form")) return req_error(r, 422, "notify.prefs_missing");
    if (db_begin(r->db) != DB_OK) return -1;
    for (int i = 0; notify_topics[i]; i++) {
        const char *t = notify_topics[i];
        bool in_app = in_flag(r, arena_printf(&r->mem, "%s_in_app", t));
        bool email = in_flag(r, arena_printf(&r->mem, "%s_email", t));
        if (notify_prefs_set(r->db, r->user->id, t, in_app, email)) {
            db_rollback(r->db);
            return -1;
        }
    }
    if (db_commit(r->db) != DB_OK) return -1;
    return req_redirect(r, "/my/notifications", "notify.prefs_saved");
}

int outbox_page(req *r)
{
    json_t *o = outbox_overview(r->db);
    req_label_each(r, json_object_get(o, "counts"), "state", "notify.outbox_state", "label");
    req_label_each(r, json_object_get(o, "messages"), "state", "notify.outbox_state", "label");
    r->view = o;
    r->template = "notify/outbox";
    r->title_key = "notify.outbox";
    return 0;
}

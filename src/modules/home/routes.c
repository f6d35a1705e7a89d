#include "modules/home/routes.h"

#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "base/clock.h"
#include "base/timefmt.h"
#include "modules/home/work.h"
#include "modules/timebank/timebank.h"
#include "modules/audit/audit.h"

/* Each role the person holds: what needs them now, with counts and links (most urgent first)
 * and, when nothing does, what to do next. Visitors see what the platform offers. */
int home_index(req *r)
{
    json_t *roles = json_array();
    int64_t now = clock_now_us();
    for (unsigned i = 0; r->user && i < ROLE_COUNT; i++) {
        unsigned role = 1u << i;
        if (!req_has_role(r, role)) continue;
        const char *name = role_names[i];
        work_for w = {r->user->id, req_city_for(r, role), req_org_for(r, role), now};
        json_t *items = work_items(r->db, name, &w);
        bool pending = false;
        size_t k;
        json_t *x;
        json_array_foreach(items, k, x)
        {
            char key[64];
            snprintf(key, sizeof key, "home.work.%s", json_string_value(json_object_get(x, "key")));
            json_object_set_new(x, "label", json_string(req_t(r, key)));
            if (json_integer_value(json_object_get(x, "count")) > 0 &&
                json_is_true(json_object_get(x, "urgent")))
                pending = true;
        }
        char title[64], next[64];
        snprintf(title, sizeof title, "roles.%s", name);
        snprintf(next, sizeof next, "home.next.%s", name);
        json_t *section =
            json_pack("{s:s,s:s,s:o,s:b,s:s}", "role", name, "title", req_t(r, title), "items",
                      items ? items : json_array(), "all_clear", !pending, "next", req_t(r, next));
        if (role == ROLE_RESIDENT) {
            json_t *hub = work_resident_hub(r->db, r->user->id, r->lang, now);
            if (hub) json_object_set_new(section, "hub", hub);
            int64_t given = 0, received = 0;
            timebank_minutes(r->db, r->user->id, &given, &received);
            json_object_set_new(section, "balance_minutes", json_integer(given - received));
        }
        if (role == ROLE_AUDITOR) json_object_set_new(section, "cities", work_cities(r->db, now));
        json_array_append_new(roles, section);
    }
    json_t *cards = json_array();
    if (!r->user)
        json_array_append_new(cards, json_pack("{s:s,s:s,s:s}", "role", "public", "title",
                                               req_t(r, "home.public_title"), "text",
                                               req_t(r, "home.can.public")));
    r->view =
        json_pack("{s:o,s:o,s:b}", "roles", roles, "cards", cards, "signed_in", r->user != NULL);
    r->template = "home/index";
    r->title_key = "home.title";
    return 0;
}

int home_healthz(req *r)
{
    int version = r->db ? db_schema_version(r->db) : -1;
    bool ok = version > 0;
    r->view = json_pack("{s:s,s:{s:s,s:b,s:i}}", "status", ok ? "ok" : "degraded", "database",
                        "engine", db_engine_of(r->app->db) == DB_SQLITE ? "sqlite" : "postgres",
                        "ok", ok, "schema_version", version);
    r->status = ok ? 200 : 503;
    r->want_json = true; /* a probe reads JSON whatever it accepts */
    return 0;
}

int home_favicon(req *r)
{
    r->status = 301;
    req_add_header(r, "Location", "/static/favicon.svg");
    buf_init(&r->body, 64);
    buf_puts(&r->body, "/static/favicon.svg\n");
    r->content_type = "text/plain; charset=utf-8";
    return 0;
}

int home_audit(req *r)
{
    int64_t rows = 0, bad = 0;
    char why[256] = "";
    int rc = audit_verify(r->db, &rows, &bad, why, sizeof why);
    json_t *entries = audit_recent(r->db, 100);
    size_t i;
    json_t *x;
    json_array_foreach(entries, i, x)
    {
        char when[64];
        time_format_local(json_integer_value(json_object_get(x, "at")), r->lang, when, sizeof when);
        json_object_set_new(x, "at", json_string(when));
    }
    r->view = json_pack("{s:{s:b,s:I,s:s},s:o}", "chain", "intact", rc == 0, "rows",
                        (json_int_t)rows, "problem", why, "entries", entries);
    r->template = "home/audit";
    r->title_key = "audit.title";
    return 0;
}

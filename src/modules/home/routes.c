#include "modules/home/routes.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/timefmt.h"
#include "modules/audit/audit.h"

int home_index(req *r)
{
    /* One card per role the person holds; anonymous visitors see the public offer. */
    json_t *cards = json_array();
    for (unsigned i = 0; i < ROLE_COUNT; i++) {
        if (!req_has_role(r, 1u << i)) continue;
        char k1[64], k2[64];
        snprintf(k1, sizeof k1, "roles.%s", role_names[i]);
        snprintf(k2, sizeof k2, "home.can.%s", role_names[i]);
        json_array_append_new(cards, json_pack("{s:s,s:s,s:s}", "role", role_names[i], "title",
                                               req_t(r, k1), "text", req_t(r, k2)));
    }
    if (!r->user)
        json_array_append_new(cards, json_pack("{s:s,s:s,s:s}", "role", "public", "title",
                                               req_t(r, "home.public_title"), "text",
                                               req_t(r, "home.can.public")));
    r->view = json_pack("{s:o,s:b}", "cards", cards, "signed_in", r->user != NULL);
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

int home_audit(req *r)
{
    int64_t rows = 0, bad = 0;
    char why[256] = "";
    int rc = audit_verify(r->db, &rows, &bad, why, sizeof why);
    json_t *entries = json_array();
    db_rows *q = db_query(r->db,
                          "SELECT a.seq, a.at, a.action, a.entity, COALESCE(a.entity_id, 0), "
                          "u.email FROM audit_log a LEFT JOIN users u ON u.id = a.user_id "
                          "ORDER BY a.seq DESC LIMIT 100",
                          DB_NOARGS);
    while (q && db_next(q)) {
        char when[64];
        time_format_local(db_int(q, 1), r->lang, when, sizeof when);
        json_array_append_new(
            entries, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s?}", "seq", (json_int_t)db_int(q, 0), "at",
                               when, "action", db_text(q, 2), "entity", db_text(q, 3), "entity_id",
                               (json_int_t)db_int(q, 4), "user", db_text(q, 5)));
    }
    db_rows_close(q);
    r->view = json_pack("{s:{s:b,s:I,s:s},s:o}", "chain", "intact", rc == 0, "rows",
                        (json_int_t)rows, "problem", why, "entries", entries);
    r->template = "home/audit";
    r->title_key = "audit.title";
    return 0;
}

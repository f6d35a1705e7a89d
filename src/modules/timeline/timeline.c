#include "modules/timeline/timeline.h"

static void milestone(json_t *rows, const char *key, json_t *planned, json_t *actual,
                      const char *detail)
{
    json_t *r = json_pack("{s:s}", "key", key);
    if (json_is_integer(planned)) json_object_set(r, "planned_at", planned);
    if (json_is_integer(actual)) json_object_set(r, "actual_at", actual);
    if (detail) json_object_set_new(r, "detail", json_string(detail));
    json_array_append_new(rows, r);
}

json_t *timeline_of_call(db_conn *c, int64_t call_id)
{
    json_t *k = db_query_object(c, "SELECT publication_at, deadline_at FROM calls WHERE id = ?",
                                DB_ARGS(DB_INT(call_id)));
    if (!k) return NULL;
    /* The first time each state was entered: one grouped query. */
    json_t *ev = db_query_json(c,
                               "SELECT state, MIN(at) AS at FROM call_events WHERE call_id = ? "
                               "GROUP BY state",
                               DB_ARGS(DB_INT(call_id)));
    json_t *at = json_object();
    size_t i;
    json_t *e;
    json_array_foreach(ev, i, e)
    {
        json_object_set(at, json_string_value(json_object_get(e, "state")),
                        json_object_get(e, "at"));
    }
    json_t *rows = json_array();
    milestone(rows, "published", json_object_get(k, "publication_at"),
              json_object_get(at, "published"), NULL);
    milestone(rows, "closed", json_object_get(k, "deadline_at"), json_object_get(at, "closed"),
              NULL);
    milestone(rows, "evaluation", NULL, json_object_get(at, "evaluation"), NULL);
    milestone(rows, "ranked", NULL, json_object_get(at, "ranked"), NULL);
    milestone(rows, "codesign", NULL, json_object_get(at, "codesign"), NULL);
    json_t *tables = db_query_json(
        c,
        "SELECT o.name, t.opened_at, t.window_end_at, "
        "(SELECT MAX(v.approved_at) FROM final_project_versions v WHERE v.table_id = t.id) "
        "AS approved_at, (SELECT MAX(s.signed_at) FROM agreements a "
        "JOIN agreement_signatures s ON s.agreement_id = a.id WHERE a.table_id = t.id "
        "AND s.party = 'city') "
        "AS signed_at FROM codesign_tables t JOIN proposals p ON p.id = t.proposal_id "
        "JOIN organisations o ON o.id = p.organisation_id WHERE t.call_id = ? ORDER BY t.id",
        DB_ARGS(DB_INT(call_id)));
    json_t *t;
    json_array_foreach(tables, i, t)
    {
        const char *name = json_string_value(json_object_get(t, "name"));
        milestone(rows, "final_project", json_object_get(t, "window_end_at"),
                  json_object_get(t, "approved_at"), name);
        milestone(rows, "agreement", NULL, json_object_get(t, "signed_at"), name);
    }
    milestone(rows, "concluded", NULL, json_object_get(at, "concluded"), NULL);
    json_decref(tables);
    json_decref(at);
    json_decref(ev);
    json_decref(k);
    return rows;
}

/* The register of public goods and the city's regulation on pacts. */
#include <string.h>

#include "modules/audit/audit.h"
#include "modules/commons/commons.h"
#include "modules/commons/internal.h"

const char *const commons_good_kinds[] = {"building",    "room",        "green_area",
                                          "square",      "schoolyard",  "heritage",
                                          "confiscated", "state_asset", NULL};
const char *const commons_good_states[] = {"offered",    "proposed",  "pact",
                                           "concession", "withdrawn", NULL};

json_t *pact_rules_get(db_conn *c, int64_t city_id)
{
    return db_query_object(c,
                           "SELECT regulation, answer_days, comment_days, max_months, "
                           "max_renewals, dispute_days, updated_at FROM pact_rules WHERE "
                           "city_id = ?",
                           DB_ARGS(DB_INT(city_id)));
}

json_t *pact_rules_all(db_conn *c)
{
    return db_query_json(c,
                         "SELECT ci.name AS city, ci.istat_code, r.regulation, r.answer_days, "
                         "r.comment_days, r.max_months, r.max_renewals, r.dispute_days FROM "
                         "pact_rules r JOIN "
                         "cities ci ON ci.id = r.city_id ORDER BY ci.name",
                         DB_NOARGS);
}

json_t *call_terms_all(db_conn *c)
{
    return db_query_json(c,
                         "SELECT ci.name AS city, ci.istat_code, COUNT(*) AS calls, "
                         "MIN(k.min_cofinancing_bp) AS cofinancing_min_bp, "
                         "MAX(k.min_cofinancing_bp) AS cofinancing_max_bp, MIN(k.threshold_points) "
                         "AS threshold_min, MAX(k.threshold_points) AS threshold_max, "
                         "MIN(k.duration_months) AS months_min, MAX(k.duration_months) AS "
                         "months_max FROM calls k JOIN cities ci ON ci.id = k.city_id WHERE "
                         "k.state <> 'draft' GROUP BY ci.id, ci.name, ci.istat_code ORDER BY "
                         "ci.name",
                         DB_NOARGS);
}

cm_rc pact_rules_set(db_conn *c, int64_t city_id, int64_t user_id, const pact_rules_in *in,
                     int64_t now)
{
    /* Without the committee's days, the city's stay (30 for a first regulation). */
    int64_t dispute_days = in->dispute_days;
    if (!dispute_days) {
        dispute_days = 30;
        if (db_query_int(c, "SELECT dispute_days FROM pact_rules WHERE city_id = ?",
                         DB_ARGS(DB_INT(city_id)), &dispute_days) != DB_OK)
            return CM_ERROR;
    }
    if (db_exec(c,
                "INSERT INTO pact_rules (city_id, regulation, answer_days, comment_days, "
                "max_months, max_renewals, dispute_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                "?, ?) ON CONFLICT (city_id) DO UPDATE SET regulation = excluded.regulation, "
                "answer_days = excluded.answer_days, comment_days = excluded.comment_days, "
                "max_months = excluded.max_months, max_renewals = excluded.max_renewals, "
                "dispute_days = excluded.dispute_days, updated_at = excluded.updated_at",
                DB_ARGS(DB_INT(city_id), DB_TEXT(in->regulation), DB_INT(in->answer_days),
                        DB_INT(in->comment_days), DB_INT(in->max_months), DB_INT(in->max_renewals),
                        DB_INT(dispute_days), DB_INT(now)),
                NULL) != DB_OK)
        return CM_ERROR;
    json_t *d = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "regulation", in->regulation, "answer_days",
                          (json_int_t)in->answer_days, "comment_days", (json_int_t)in->comment_days,
                          "max_months", (json_int_t)in->max_months, "max_renewals",
                          (json_int_t)in->max_renewals, "dispute_days", (json_int_t)dispute_days);
    int rc = audit_append(c, city_id, user_id, "pact_rules_set", "city", city_id, d);
    json_decref(d);
    return rc ? CM_ERROR : CM_OK;
}

int commons_good_event(db_conn *c, int64_t good_id, const char *state, const char *event,
                       const char *note, int64_t pact_id, int64_t user_id, int64_t now)
{
    if (state && db_exec(c, "UPDATE commons_goods SET state = ?, updated_at = ? WHERE id = ?",
                         DB_ARGS(DB_TEXT(state), DB_INT(now), DB_INT(good_id)), NULL) != DB_OK)
        return -1;
    return db_exec(c,
                   "INSERT INTO commons_good_events (good_id, at, state, event, note, pact_id, "
                   "user_id) SELECT id, ?, state, ?, ?, ?, ? FROM commons_goods WHERE id = ?",
                   DB_ARGS(DB_INT(now), DB_TEXT(event), DB_TEXT(note ? note : ""),
                           pact_id ? DB_INT(pact_id) : DB_NULL, user_id ? DB_INT(user_id) : DB_NULL,
                           DB_INT(good_id)),
                   NULL) == DB_OK
               ? 0
               : -1;
}

int commons_register(db_conn *c, int64_t city_id, int64_t user_id, const char *ref_type,
                     int64_t ref_id, const char *direction, const char *kind,
                     const char *correspondent, const char *subject, const char *text,
                     const char *file_name, int64_t now, protocol_number *out)
{
    protocol_file f = {
        .name = file_name, .data = text, .len = strlen(text), .mime = "text/plain; charset=utf-8"};
    protocol_in in = {.city_id = city_id,
                      .user_id = user_id,
                      .direction = direction,
                      .kind = kind,
                      .correspondent = correspondent,
                      .subject = subject,
                      .ref_type = ref_type,
                      .ref_id = ref_id,
                      .files = &f,
                      .nfiles = 1,
                      .now = now};
    return protocol_register(c, &in, out) == PROTO_OK ? 0 : -1;
}

cm_rc good_add(db_conn *c, int64_t city_id, int64_t user_id, const good_in *in, int64_t now,
               int64_t *id)
{
    *id = 0;
    if (db_query_int(
            c,
            "INSERT INTO commons_goods (city_id, kind, name, address, neighbourhood, "
            "latitude_e6, longitude_e6, area_m2, anbsc_code, description, state, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'offered', ?, ?) RETURNING id",
            DB_ARGS(DB_INT(city_id), DB_TEXT(in->kind), DB_TEXT(in->name), DB_TEXT(in->address),
                    DB_TEXT(in->neighbourhood ? in->neighbourhood : ""),
                    in->has_place ? DB_INT(in->latitude_e6) : DB_NULL,
                    in->has_place ? DB_INT(in->longitude_e6) : DB_NULL,
                    in->area_m2 ? DB_INT(in->area_m2) : DB_NULL,
                    in->anbsc_code && *in->anbsc_code ? DB_TEXT(in->anbsc_code) : DB_NULL,
                    DB_TEXT(in->description ? in->description : ""), DB_INT(now), DB_INT(now)),
            id) != DB_OK ||
        !*id)
        return CM_ERROR;
    if (commons_good_event(c, *id, NULL, "offered", "", 0, user_id, now)) return CM_ERROR;
    json_t *d = json_pack("{s:s,s:s}", "kind", in->kind, "name", in->name);
    int rc = audit_append(c, city_id, user_id, "good_add", "commons_good", *id, d);
    json_decref(d);
    return rc ? CM_ERROR : CM_OK;
}

/* The filters of the register: binds kind, kind, state, state, neighbourhood, neighbourhood. */
#define GOODS_WHERE                                                                                \
    "WHERE g.city_id = ? AND (? = '' OR g.kind = ?) AND (? = '' OR g.state = ?) AND (? = '' OR "   \
    "g.neighbourhood = ?)"

json_t *goods_list(db_conn *c, int64_t city_id, const goods_filter *f, int64_t *total)
{
    const char *kind = f->kind ? f->kind : "", *state = f->state ? f->state : "",
               *hood = f->neighbourhood ? f->neighbourhood : "";
    if (db_query_int(c, "SELECT COUNT(*) FROM commons_goods g " GOODS_WHERE,
                     DB_ARGS(DB_INT(city_id), DB_TEXT(kind), DB_TEXT(kind), DB_TEXT(state),
                             DB_TEXT(state), DB_TEXT(hood), DB_TEXT(hood)),
                     total) != DB_OK)
        return NULL;
    return db_query_json(
        c,
        "SELECT g.id, g.kind, g.name, g.address, g.neighbourhood, g.latitude_e6, g.longitude_e6, "
        "g.area_m2, g.anbsc_code, g.state, (SELECT p.id FROM pacts p WHERE p.good_id = g.id AND "
        "p.state IN ('proposed', 'published', 'active') ORDER BY p.id DESC LIMIT 1) AS pact_id, "
        "(SELECT p.title FROM pacts p WHERE p.good_id = g.id AND p.state IN ('proposed', "
        "'published', 'active') ORDER BY p.id DESC LIMIT 1) AS pact_title FROM commons_goods "
        "g " GOODS_WHERE " ORDER BY g.neighbourhood, g.name, g.id LIMIT ? OFFSET ?",
        DB_ARGS(DB_INT(city_id), DB_TEXT(kind), DB_TEXT(kind), DB_TEXT(state), DB_TEXT(state),
                DB_TEXT(hood), DB_TEXT(hood), DB_INT(GOODS_PAGE),
                DB_INT((f->page > 0 ? f->page - 1 : 0) * GOODS_PAGE)));
}

json_t *goods_neighbourhoods(db_conn *c, int64_t city_id)
{
    return db_query_json(c,
                         "SELECT DISTINCT neighbourhood AS name FROM commons_goods WHERE city_id "
                         "= ? AND neighbourhood <> '' ORDER BY neighbourhood",
                         DB_ARGS(DB_INT(city_id)));
}

json_t *good_get(db_conn *c, int64_t city_id, int64_t id)
{
    json_t *g = db_query_object(c,
                                "SELECT id, city_id, kind, name, address, neighbourhood, "
                                "latitude_e6, longitude_e6, area_m2, anbsc_code, description, "
                                "state, space_id, created_at FROM commons_goods WHERE id = ? AND "
                                "(? = 0 OR city_id = ?)",
                                DB_ARGS(DB_INT(id), DB_INT(city_id), DB_INT(city_id)));
    if (!g) return NULL;
    json_t *events =
        db_query_json(c,
                      "SELECT e.at AS happened_at, e.state, e.event, e.note, e.pact_id FROM "
                      "commons_good_events e WHERE e.good_id = ? ORDER BY e.at, e.id",
                      DB_ARGS(DB_INT(id)));
    json_t *pacts =
        db_query_json(c,
                      "SELECT id, title, proposer_kind, proposer_name, state, starts_on, ends_on "
                      "FROM pacts WHERE good_id = ? ORDER BY id",
                      DB_ARGS(DB_INT(id)));
    json_object_set_new(g, "events", events ? events : json_array());
    json_object_set_new(g, "pacts", pacts ? pacts : json_array());
    /* Co-design among the good's routes: the calls and agreements of its space. */
    int64_t space = json_integer_value(json_object_get(g, "space_id"));
    if (space) {
        json_object_set_new(g, "space",
                            db_query_object(c,
                                            "SELECT id, name, works_state FROM spaces WHERE id = ?",
                                            DB_ARGS(DB_INT(space))));
        json_t *calls = db_query_json(
            c,
            "SELECT k.id, k.title, k.state, k.deadline_at FROM call_spaces s JOIN calls k ON "
            "k.id = s.call_id WHERE s.space_id = ? AND k.state <> 'draft' ORDER BY "
            "k.deadline_at DESC, k.id DESC",
            DB_ARGS(DB_INT(space)));
        json_t *agreements = db_query_json(
            c,
            "SELECT a.id, a.state, o.name AS body, x.starts_on, x.ends_on, x.active AS "
            "is_active FROM space_assignments x JOIN agreements a ON a.id = x.agreement_id JOIN "
            "organisations o ON o.id = a.organisation_id WHERE x.space_id = ? AND a.state <> "
            "'draft' ORDER BY x.starts_on DESC, x.id DESC",
            DB_ARGS(DB_INT(space)));
        json_object_set_new(g, "calls", calls ? calls : json_array());
        json_object_set_new(g, "agreements", agreements ? agreements : json_array());
    }
    return g;
}

cm_rc good_set_space(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t space_id)
{
    int64_t good = 0, space = 0, taken = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM commons_goods WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(id), DB_INT(city_id)), &good) != DB_OK ||
        db_query_int(c, "SELECT COUNT(*) FROM spaces WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(space_id), DB_INT(city_id)), &space) != DB_OK ||
        db_query_int(c, "SELECT COUNT(*) FROM commons_goods WHERE space_id = ? AND id <> ?",
                     DB_ARGS(DB_INT(space_id), DB_INT(id)), &taken) != DB_OK)
        return CM_ERROR;
    if (!good) return CM_NOT_FOUND;
    if (space_id && !space) return CM_NO_SPACE;
    if (taken) return CM_SPACE_TAKEN;
    db_rc rc = db_exec(c, "UPDATE commons_goods SET space_id = ? WHERE id = ?",
                       DB_ARGS(space_id ? DB_INT(space_id) : DB_NULL, DB_INT(id)), NULL);
    if (rc == DB_CONSTRAINT) return CM_SPACE_TAKEN;
    if (rc != DB_OK) return CM_ERROR;
    json_t *d =
        space_id ? json_pack("{s:I}", "space", (json_int_t)space_id) : json_pack("{s:n}", "space");
    int a = audit_append(c, city_id, user_id, "good_space", "commons_good", id, d);
    json_decref(d);
    return a ? CM_ERROR : CM_OK;
}

json_t *good_space_choices(db_conn *c, int64_t city_id)
{
    return db_query_json(c, "SELECT id, name FROM spaces WHERE city_id = ? ORDER BY name, id",
                         DB_ARGS(DB_INT(city_id)));
}

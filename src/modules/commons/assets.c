/* The other legal routes to a public good, on one engine: each kind is a list of steps with
 * the days each may take; an officer records a step as done, the next gets its deadline; the
 * last makes the route active for its term and the good "in concession"; a refusal with a
 * reason gives the good back. The request and the final act go into the protocol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"
#include "modules/commons/internal.h"

enum { MAX_STEPS = 6 };

typedef struct route_def {
    const char *kind;
    int max_months;               /* the law's longest term */
    const char *steps[MAX_STEPS]; /* the first is the request */
    int days[MAX_STEPS];          /* how long each step may take */
} route_def;

static const route_def ROUTES[] = {
    /* Art. 71 c. 3 CTS: free loan of unused public buildings to Third Sector bodies, up to 30
     * years, by the city's decision after checking the body and its project. */
    {"free_loan",
     360,
     {"request", "eligibility", "project", "decision", "loan_agreement", NULL},
     {0, 30, 30, 60, 30}},
    /* Art. 201 D.Lgs. 36/2023: social partnership; the city answers a proposal of residents'
     * groups, agrees the works and the reduction of local taxes. The law sets no term: five
     * years, as the most common regulations. */
    {"social_partnership", 60, {"request", "assessment", "agreement", NULL}, {0, 30, 30}},
    /* Art. 48 D.Lgs. 159/2011: a confiscated asset given in concession, free of charge, after a
     * public notice and its ranking; ten years at most, as the most common regulations. */
    {"confiscated_concession",
     120,
     {"request", "notice", "ranking", "concession", NULL},
     {0, 30, 30, 30}},
};

const char *const commons_route_kinds[] = {"free_loan", "social_partnership",
                                           "confiscated_concession", NULL};

static const route_def *def_of(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof ROUTES / sizeof *ROUTES; i++)
        if (!strcmp(ROUTES[i].kind, kind)) return &ROUTES[i];
    return NULL;
}

static int nsteps(const route_def *d)
{
    int n = 0;
    while (n < MAX_STEPS && d->steps[n]) n++;
    return n;
}

static void due_in(int64_t now, int days, char out[11])
{
    char today[11];
    date_rome(now, today);
    date_from_day_number(date_day_number(today) + days, out);
}

cm_rc asset_route_start(db_conn *c, int64_t city_id, int64_t good_id, int64_t user_id,
                        const char *kind, const char *party, int64_t term_months, int64_t now,
                        int64_t *id)
{
    *id = 0;
    const route_def *d = def_of(kind);
    if (!d) return CM_ERROR;
    if (term_months > d->max_months) return CM_TOO_LONG;
    char state[16] = "", name[256] = "", gkind[16] = "";
    db_rows *r = db_query(c,
                          "SELECT state, name, kind FROM commons_goods WHERE id = ? AND "
                          "city_id = ?",
                          DB_ARGS(DB_INT(good_id), DB_INT(city_id)));
    if (r && db_next(r)) {
        snprintf(state, sizeof state, "%s", db_text(r, 0));
        snprintf(name, sizeof name, "%s", db_text(r, 1));
        snprintf(gkind, sizeof gkind, "%s", db_text(r, 2));
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    if (!*state) return CM_NOT_FOUND;
    if (strcmp(state, "offered") != 0) return CM_GOOD_TAKEN;
    /* A good under a notice for complex pacts waits for the notice's outcome. */
    int64_t notice = notice_open_on(c, good_id, NULL);
    if (notice) return notice < 0 ? CM_ERROR : CM_UNDER_NOTICE;
    /* A confiscated asset goes by its own law; the others only to goods that are not. */
    if ((!strcmp(kind, "confiscated_concession")) != (!strcmp(gkind, "confiscated")))
        return CM_WRONG_ROUTE;
    char due[11];
    due_in(now, d->days[1], due);
    if (db_query_int(c,
                     "INSERT INTO asset_routes (city_id, good_id, kind, party, term_months, step, "
                     "step_due, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) "
                     "RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_INT(good_id), DB_TEXT(kind), DB_TEXT(party),
                             DB_INT(term_months), DB_TEXT(due), DB_INT(now), DB_INT(now)),
                     id) != DB_OK ||
        !*id)
        return CM_ERROR;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Richiesta di %s: %s",
             !strcmp(kind, "free_loan") ? "comodato gratuito (art. 71 CTS)"
             : !strcmp(kind, "social_partnership")
                 ? "partenariato sociale (art. 201 D.Lgs. 36/2023)"
                 : "concessione di bene confiscato",
             name);
    if (asprintf(&text, "%s\n\nRichiedente: %s\nDurata richiesta: %lld mesi\n", subject, party,
                 (long long)term_months) < 0)
        return CM_ERROR;
    protocol_number n;
    int bad = commons_register(c, city_id, user_id, "asset_route", *id, "in", "letter", party,
                               subject, text, "richiesta.txt", now, &n);
    free(text);
    if (bad ||
        db_exec(c,
                "INSERT INTO asset_route_steps (route_id, step, due, done_at, note, user_id) "
                "VALUES (?, 0, NULL, ?, ?, ?)",
                DB_ARGS(DB_INT(*id), DB_INT(now), DB_TEXT(n.label), DB_INT(user_id)),
                NULL) != DB_OK ||
        commons_good_event(c, good_id, "proposed", "proposed", subject, 0, user_id, now))
        return CM_ERROR;
    json_t *detail = json_pack("{s:s,s:s}", "kind", kind, "party", party);
    bad = audit_append(c, city_id, user_id, "asset_route_start", "asset_route", *id, detail);
    json_decref(detail);
    return bad ? CM_ERROR : CM_OK;
}

cm_rc asset_route_advance(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                          int64_t expected_step, const char *note, int64_t now)
{
    char kind[32] = "", state[16] = "", due[11] = "", party[300] = "";
    int64_t step = 0, good = 0, term = 0;
    db_rows *r = db_query(c,
                          "SELECT kind, state, step, step_due, good_id, term_months, party FROM "
                          "asset_routes WHERE id = ? AND city_id = ?",
                          DB_ARGS(DB_INT(id), DB_INT(city_id)));
    if (r && db_next(r)) {
        snprintf(kind, sizeof kind, "%s", db_text(r, 0));
        snprintf(state, sizeof state, "%s", db_text(r, 1));
        step = db_int(r, 2);
        snprintf(due, sizeof due, "%s", db_text(r, 3) ? db_text(r, 3) : "");
        good = db_int(r, 4);
        term = db_int(r, 5);
        snprintf(party, sizeof party, "%s", db_text(r, 6));
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    if (!*kind) return CM_NOT_FOUND;
    /* The step the officer saw: a second click, or a colleague's, does not complete the next. */
    if (strcmp(state, "open") != 0 || step != expected_step) return CM_STATE;
    const route_def *d = def_of(kind);
    int n = nsteps(d);
    /* The step done, with the deadline it had; a second officer at the same moment finds it
     * taken by the unique key. */
    if (db_exec(c,
                "INSERT INTO asset_route_steps (route_id, step, due, done_at, note, user_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(id), DB_INT(step), *due ? DB_TEXT(due) : DB_NULL, DB_INT(now),
                        DB_TEXT(note ? note : ""), DB_INT(user_id)),
                NULL) != DB_OK)
        return CM_STATE;
    int64_t changed = 0;
    if (step + 1 < n) {
        char next[11];
        due_in(now, d->days[step + 1], next);
        if (db_exec(c,
                    "UPDATE asset_routes SET step = step + 1, step_due = ?, updated_at = ? WHERE "
                    "id = ? AND step = ? AND state = 'open'",
                    DB_ARGS(DB_TEXT(next), DB_INT(now), DB_INT(id), DB_INT(step)),
                    &changed) != DB_OK)
            return CM_ERROR;
    } else {
        /* The last step: the route holds for its term from today. */
        char starts[11], ends[11];
        date_rome(now, starts);
        if (date_term_end(starts, (int)term, ends)) return CM_ERROR;
        if (db_exec(c,
                    "UPDATE asset_routes SET state = 'active', step_due = NULL, starts_on = ?, "
                    "ends_on = ?, updated_at = ? WHERE id = ? AND step = ? AND state = 'open'",
                    DB_ARGS(DB_TEXT(starts), DB_TEXT(ends), DB_INT(now), DB_INT(id), DB_INT(step)),
                    &changed) != DB_OK)
            return CM_ERROR;
        char subject[400], *text = NULL;
        snprintf(subject, sizeof subject, "Atto conclusivo (%s) per %s", kind, party);
        if (asprintf(&text, "%s\n\nDal %s al %s.\n%s\n", subject, starts, ends, note ? note : "") <
            0)
            return CM_ERROR;
        protocol_number pn;
        int bad = commons_register(c, city_id, user_id, "asset_route", id, "out", "decision", party,
                                   subject, text, "atto.txt", now, &pn);
        free(text);
        if (bad ||
            commons_good_event(c, good, "concession", "concession", subject, 0, user_id, now))
            return CM_ERROR;
    }
    if (changed != 1) return CM_STATE;
    json_t *detail = json_pack("{s:I}", "step", (json_int_t)step);
    int bad = audit_append(c, city_id, user_id, "asset_route_advance", "asset_route", id, detail);
    json_decref(detail);
    return bad ? CM_ERROR : CM_OK;
}

cm_rc asset_route_step_document(db_conn *c, int64_t city_id, int64_t id, int64_t step,
                                int64_t user_id, const protocol_file *doc, int64_t now)
{
    char kind[32] = "", party[300] = "";
    db_rows *r = db_query(c,
                          "SELECT r.kind, r.party FROM asset_routes r JOIN asset_route_steps s ON "
                          "s.route_id = r.id AND s.step = ? WHERE r.id = ? AND r.city_id = ? AND "
                          "s.protocol_entry_id IS NULL",
                          DB_ARGS(DB_INT(step), DB_INT(id), DB_INT(city_id)));
    if (r && db_next(r)) {
        snprintf(kind, sizeof kind, "%s", db_text(r, 0));
        snprintf(party, sizeof party, "%s", db_text(r, 1));
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    if (!*kind) return CM_NOT_FOUND;
    const route_def *d = def_of(kind);
    char subject[400];
    snprintf(subject, sizeof subject, "%s (%s) per %s: %s", "Documento del passo", kind, party,
             d && step < nsteps(d) ? d->steps[step] : "");
    protocol_in in = {.city_id = city_id,
                      .user_id = user_id,
                      .direction = "out",
                      .kind = "decision",
                      .correspondent = party,
                      .subject = subject,
                      .ref_type = "asset_route",
                      .ref_id = id,
                      .files = doc,
                      .nfiles = 1,
                      .now = now};
    protocol_number n;
    if (protocol_register(c, &in, &n) != PROTO_OK ||
        db_exec(
            c, "UPDATE asset_route_steps SET protocol_entry_id = ? WHERE route_id = ? AND step = ?",
            DB_ARGS(DB_INT(n.id), DB_INT(id), DB_INT(step)), NULL) != DB_OK)
        return CM_ERROR;
    json_t *detail = json_pack("{s:I,s:s}", "step", (json_int_t)step, "protocol", n.label);
    int bad = audit_append(c, city_id, user_id, "asset_route_document", "asset_route", id, detail);
    json_decref(detail);
    return bad ? CM_ERROR : CM_OK;
}

cm_rc asset_route_refuse(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                         const char *reason, int64_t now)
{
    int64_t good = 0, changed = 0;
    db_query_int(c, "SELECT good_id FROM asset_routes WHERE id = ? AND city_id = ?",
                 DB_ARGS(DB_INT(id), DB_INT(city_id)), &good);
    if (!good) return CM_NOT_FOUND;
    if (db_exec(c,
                "UPDATE asset_routes SET state = 'refused', reason = ?, step_due = NULL, "
                "updated_at = ? WHERE id = ? AND state = 'open'",
                DB_ARGS(DB_TEXT(reason), DB_INT(now), DB_INT(id)), &changed) != DB_OK)
        return CM_ERROR;
    if (changed != 1) return CM_STATE;
    if (commons_good_event(c, good, "offered", "rejected", reason, 0, user_id, now))
        return CM_ERROR;
    json_t *detail = json_pack("{s:s}", "reason", reason);
    int bad = audit_append(c, city_id, user_id, "asset_route_refuse", "asset_route", id, detail);
    json_decref(detail);
    return bad ? CM_ERROR : CM_OK;
}

int asset_routes_close_expired(db_conn *c, int64_t now)
{
    char today[11];
    date_rome(now, today);
    json_t *due = db_query_json(c,
                                "SELECT id, city_id, good_id, kind, party, ends_on FROM "
                                "asset_routes WHERE state = 'active' AND ended_at IS NULL AND "
                                "ends_on < ? ORDER BY id",
                                DB_ARGS(DB_TEXT(today)));
    if (!due) return -1;
    int ended = 0;
    size_t i;
    json_t *x;
    json_array_foreach(due, i, x)
    {
        int64_t id = json_integer_value(json_object_get(x, "id")), changed = 0;
        char text[400];
        snprintf(text, sizeof text, "Termine (%s) per %s: %s",
                 json_string_value(json_object_get(x, "kind")),
                 json_string_value(json_object_get(x, "party")),
                 json_string_value(json_object_get(x, "ends_on")));
        if (db_exec(c,
                    "UPDATE asset_routes SET ended_at = ?, updated_at = ? WHERE id = ? AND "
                    "ended_at IS NULL",
                    DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(id)), &changed) != DB_OK ||
            (changed && (commons_good_event(c, json_integer_value(json_object_get(x, "good_id")),
                                            "offered", "ended", text, 0, 0, now) ||
                         audit_append(c, json_integer_value(json_object_get(x, "city_id")), 0,
                                      "asset_route_end", "asset_route", id, NULL)))) {
            json_decref(due);
            return -1;
        }
        ended += (int)changed;
    }
    json_decref(due);
    return ended;
}

json_t *asset_routes_of(db_conn *c, int64_t good_id, const char *today)
{
    json_t *routes = db_query_json(
        c,
        "SELECT id, kind, party, term_months, step, step_due, CASE WHEN ended_at IS NOT NULL "
        "THEN 'ended' ELSE state END AS state, starts_on, ends_on, reason, "
        "CASE WHEN state = 'open' AND step_due < ? THEN 1 ELSE 0 END AS is_late FROM "
        "asset_routes WHERE good_id = ? ORDER BY id",
        DB_ARGS(DB_TEXT(today), DB_INT(good_id)));
    if (!routes) return NULL;
    size_t i;
    json_t *x;
    json_array_foreach(routes, i, x)
    {
        const route_def *d = def_of(json_string_value(json_object_get(x, "kind")));
        int64_t id = json_integer_value(json_object_get(x, "id"));
        int64_t current = json_integer_value(json_object_get(x, "step"));
        bool open = !strcmp(json_string_value(json_object_get(x, "state")), "open");
        json_t *done = db_query_json(c,
                                     "SELECT s.step, s.due, s.done_at, s.note, "
                                     "s.protocol_entry_id, e.year AS protocol_year, e.number AS "
                                     "protocol_number FROM asset_route_steps s LEFT JOIN "
                                     "protocol_entries e ON e.id = s.protocol_entry_id WHERE "
                                     "s.route_id = ? ORDER BY s.step",
                                     DB_ARGS(DB_INT(id)));
        protocol_label_each(done, "protocol_year", "protocol_number", "protocol_label");
        /* Every step of the kind: done (when, with its deadline), under way, or to come. */
        json_t *steps = json_array();
        for (int s = 0; d && s < nsteps(d); s++) {
            json_t *row = NULL;
            size_t k;
            json_t *y;
            json_array_foreach(done, k, y) if (json_integer_value(json_object_get(y, "step")) == s)
                row = json_deep_copy(y);
            if (!row) row = json_pack("{s:i}", "step", s);
            json_object_set_new(row, "name", json_string(d->steps[s]));
            json_object_set_new(row, "is_current", json_integer(open && s == current));
            json_object_set_new(row, "is_done",
                                json_integer(json_object_get(row, "done_at") != NULL));
            json_array_append_new(steps, row);
        }
        json_decref(done);
        json_object_set_new(x, "steps", steps);
    }
    return routes;
}

int64_t asset_route_good(db_conn *c, int64_t id)
{
    int64_t good = 0;
    db_query_int(c, "SELECT good_id FROM asset_routes WHERE id = ?", DB_ARGS(DB_INT(id)), &good);
    return good;
}

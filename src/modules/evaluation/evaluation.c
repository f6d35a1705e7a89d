#include "modules/evaluation/evaluation.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "base/clock.h"
#include "base/hex.h"
#include "modules/audit/audit.h"
#include "modules/calls/calls.h"
#include "modules/protocol/protocol.h"
#include "modules/scoring/ranking.h"

static const char *state_of(db_conn *c, int64_t call_id, int64_t *city_id, char *mode,
                            size_t modelen)
{
    static const char *const STATES[] = {"draft",  "published", "closed",   "evaluation",
                                         "ranked", "codesign",  "concluded"};
    const char *found = NULL;
    /* A deadline that has passed closes the call now, in this transaction, if the clock's
     * ticker has not done it yet. */
    if (calls_close_due(c, clock_now_us()) < 0) return NULL;
    db_rows *r = db_query(c, "SELECT state, city_id, score_mode FROM calls WHERE id = ?",
                          DB_ARGS(DB_INT(call_id)));
    if (r && db_next(r)) {
        for (size_t i = 0; i < sizeof STATES / sizeof STATES[0]; i++)
            if (strcmp(db_text(r, 0), STATES[i]) == 0) found = STATES[i];
        if (city_id) *city_id = db_int(r, 1);
        if (mode) snprintf(mode, modelen, "%s", db_text(r, 2));
    }
    db_rows_close(r);
    return found;
}

/* A decision of the city going out, registered in the protocol with its document. */
static proto_rc register_decision(db_conn *c, int64_t city_id, int64_t user_id,
                                  const char *correspondent, const char *subject,
                                  const char *ref_type, int64_t ref_id, const protocol_file *f,
                                  int64_t now)
{
    protocol_in in = {.city_id = city_id,
                      .user_id = user_id,
                      .direction = "out",
                      .kind = "decision",
                      .correspondent = correspondent,
                      .subject = subject,
                      .ref_type = ref_type,
                      .ref_id = ref_id,
                      .files = f,
                      .nfiles = 1,
                      .now = now};
    protocol_number n;
    return protocol_register(c, &in, &n);
}

/* An admission or an exclusion is a decision of the city going to the body: registered in the
 * protocol with its text (each decision, so a change of mind keeps both). */
static proto_rc register_admissibility(db_conn *c, int64_t city_id, int64_t proposal_id,
                                       bool admitted, const char *reason, int64_t user_id,
                                       int64_t now)
{
    json_t *p = db_query_object(c,
                                "SELECT p.title, o.name AS body, k.title AS call FROM proposals p "
                                "JOIN organisations o ON o.id = p.organisation_id JOIN calls k "
                                "ON k.id = p.call_id WHERE p.id = ?",
                                DB_ARGS(DB_INT(proposal_id)));
    if (!p) return PROTO_ERROR;
    const char *body = json_string_value(json_object_get(p, "body"));
    char subject[600], *text = NULL;
    snprintf(subject, sizeof subject, "%s della proposta n. %lld all'avviso \"%s\"",
             admitted ? "Ammissione" : "Esclusione", (long long)proposal_id,
             json_string_value(json_object_get(p, "call")));
    proto_rc rc = PROTO_ERROR;
    if (asprintf(&text, "%s\n\nProponente: %s\nProposta: %s\n%s%s\n", subject, body,
                 json_string_value(json_object_get(p, "title")),
                 admitted ? "" : "\nMotivo dell'esclusione:\n", admitted ? "" : reason) >= 0) {
        protocol_file f = {.name = admitted ? "ammissione.txt" : "esclusione.txt",
                           .data = text,
                           .len = strlen(text),
                           .mime = "text/plain; charset=utf-8"};
        rc =
            register_decision(c, city_id, user_id, body, subject, "proposal", proposal_id, &f, now);
        free(text);
    }
    json_decref(p);
    return rc;
}

ev_rc eval_admissibility(db_conn *c, int64_t city_id, int64_t call_id, int64_t proposal_id,
                         bool admitted, const char *reason, int64_t user_id)
{
    int64_t owner = 0;
    const char *state = state_of(c, call_id, &owner, NULL, 0);
    if (!state || owner != city_id) return EV_NOT_FOUND;
    if (strcmp(state, "closed") != 0 && strcmp(state, "evaluation") != 0) return EV_WRONG_STATE;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE proposals SET admissibility = ?, exclusion_reason = ? "
                "WHERE id = ? AND call_id = ? AND status = 'submitted'",
                DB_ARGS(DB_TEXT(admitted ? "admitted" : "excluded"),
                        DB_TEXT(admitted ? "" : reason), DB_INT(proposal_id), DB_INT(call_id)),
                &changed) != DB_OK)
        return EV_ERROR;
    if (!changed) return EV_NOT_FOUND;
    json_t *d = json_pack("{s:s,s:s}", "decision", admitted ? "admitted" : "excluded", "reason",
                          admitted ? "" : reason);
    int rc =
        audit_append(c, city_id, user_id, "proposal_admissibility", "proposal", proposal_id, d);
    json_decref(d);
    if (rc || register_admissibility(c, city_id, proposal_id, admitted, reason, user_id,
                                     clock_now_us()) != PROTO_OK)
        return EV_ERROR;
    return EV_OK;
}

ev_rc eval_appoint(db_conn *c, int64_t city_id, int64_t call_id, int64_t member_id, bool president,
                   int64_t by_user)
{
    int64_t owner = 0, ok = 0;
    const char *state = state_of(c, call_id, &owner, NULL, 0);
    if (!state || owner != city_id) return EV_NOT_FOUND;
    /* The commission is appointed after the deadline. */
    if (strcmp(state, "closed") != 0 && strcmp(state, "evaluation") != 0) return EV_WRONG_STATE;
    db_query_int(c,
                 "SELECT COUNT(*) FROM memberships WHERE user_id = ? AND role = 'evaluator' "
                 "AND city_id = ?",
                 DB_ARGS(DB_INT(member_id), DB_INT(city_id)), &ok);
    if (!ok) return EV_NOT_EVALUATOR;
    if (president && db_exec(c, "UPDATE commission_members SET is_president = 0 WHERE call_id = ?",
                             DB_ARGS(DB_INT(call_id)), NULL) != DB_OK)
        return EV_ERROR;
    db_rc rc = db_exec(
        c,
        "INSERT INTO commission_members (call_id, user_id, is_president, "
        "appointed_at, appointed_by) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (call_id, user_id) DO UPDATE SET is_president = excluded.is_president, "
        "replaced_at = NULL, replaced_by = NULL, replacement_reason = ''",
        DB_ARGS(DB_INT(call_id), DB_INT(member_id), DB_INT(president), DB_INT(clock_now_us()),
                DB_INT(by_user)),
        NULL);
    if (rc != DB_OK) return EV_ERROR;
    json_t *d = json_pack("{s:I,s:b}", "member", (json_int_t)member_id, "president", president);
    int a = audit_append(c, city_id, by_user, "commission_appoint", "call", call_id, d);
    json_decref(d);
    return a ? EV_ERROR : EV_OK;
}

bool eval_has_conflict(db_conn *c, int64_t proposal_id, int64_t user_id)
{
    int64_t n = 0;
    db_query_int(
        c,
        "SELECT COUNT(*) FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
        "JOIN proposal_parties pp ON pp.tax_code = o.tax_code "
        "WHERE m.user_id = ? AND pp.proposal_id = ? AND pp.role IN ('lead', 'partner')",
        DB_ARGS(DB_INT(user_id), DB_INT(proposal_id)), &n);
    return n > 0;
}

/* Common checks before an evaluator acts on a proposal. */
static ev_rc may_evaluate(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id,
                          bool need_declaration, int64_t *city_id, bool *president, char *mode)
{
    const char *state = state_of(c, call_id, city_id, mode, 16);
    if (!state) return EV_NOT_FOUND;
    int seat = eval_member_role(c, call_id, user_id);
    if (!seat) return EV_NOT_MEMBER;
    *president = seat == 2;
    char adm[16] = "";
    db_rows *r = db_query(
        c,
        "SELECT admissibility FROM proposals WHERE id = ? AND call_id = ? AND status = 'submitted'",
        DB_ARGS(DB_INT(proposal_id), DB_INT(call_id)));
    if (r && db_next(r)) snprintf(adm, sizeof adm, "%s", db_text(r, 0));
    db_rows_close(r);
    if (!*adm) return EV_NOT_FOUND;
    if (strcmp(state, "evaluation") != 0) return EV_WRONG_STATE;
    if (strcmp(adm, "admitted") != 0) return EV_NOT_ADMITTED;
    if (eval_has_conflict(c, proposal_id, user_id)) return EV_CONFLICT;
    if (need_declaration) {
        int64_t d = 0;
        db_query_int(
            c, "SELECT COUNT(*) FROM conflict_declarations WHERE proposal_id = ? AND user_id = ?",
            DB_ARGS(DB_INT(proposal_id), DB_INT(user_id)), &d);
        if (!d) return EV_NOT_DECLARED;
    }
    return EV_OK;
}

ev_rc eval_declare(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id, int64_t now)
{
    int64_t city = 0;
    bool president = false;
    char mode[16];
    ev_rc rc = may_evaluate(c, call_id, proposal_id, user_id, false, &city, &president, mode);
    if (rc) return rc;
    if (db_exec(c,
                "INSERT INTO conflict_declarations (proposal_id, user_id, declared_at) VALUES (?, "
                "?, ?) "
                "ON CONFLICT (proposal_id, user_id) DO NOTHING",
                DB_ARGS(DB_INT(proposal_id), DB_INT(user_id), DB_INT(now)), NULL) != DB_OK)
        return EV_ERROR;
    return audit_append(c, city, user_id, "no_conflict_declared", "proposal", proposal_id, NULL)
               ? EV_ERROR
               : EV_OK;
}

ev_rc eval_score(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id,
                 const score_in *s, int n, bool agreed, int64_t now)
{
    int64_t city = 0;
    bool president = false;
    char mode[16] = "";
    ev_rc rc = may_evaluate(c, call_id, proposal_id, user_id, true, &city, &president, mode);
    if (rc) return rc;
    if (agreed && !president) return EV_NOT_PRESIDENT;
    if (agreed && strcmp(mode, "agreed") != 0) return EV_WRONG_MODE;
    for (int i = 0; i < n; i++) {
        int64_t max = -1;
        db_query_int(c, "SELECT max_points FROM call_criteria WHERE id = ? AND call_id = ?",
                     DB_ARGS(DB_INT(s[i].criterion_id), DB_INT(call_id)), &max);
        if (max < 0) return EV_NOT_FOUND;
        if (s[i].points < 0 || s[i].points > max) return EV_BAD_POINTS;
        const char *sql =
            agreed ? "INSERT INTO agreed_scores (proposal_id, criterion_id, points, note, user_id, "
                     "scored_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (proposal_id, criterion_id) "
                     "DO UPDATE SET points = excluded.points, note = excluded.note, "
                     "user_id = excluded.user_id, scored_at = excluded.scored_at"
                   : "INSERT INTO scores (proposal_id, criterion_id, points, note, user_id, "
                     "scored_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (proposal_id, criterion_id, user_id) "
                     "DO UPDATE SET points = excluded.points, note = excluded.note, "
                     "scored_at = excluded.scored_at";
        if (db_exec(c, sql,
                    DB_ARGS(DB_INT(proposal_id), DB_INT(s[i].criterion_id), DB_INT(s[i].points),
                            DB_TEXT(s[i].note ? s[i].note : ""), DB_INT(user_id), DB_INT(now)),
                    NULL) != DB_OK)
            return EV_ERROR;
    }
    return audit_append(c, city, user_id, agreed ? "agreed_score" : "score", "proposal",
                        proposal_id, NULL)
               ? EV_ERROR
               : EV_OK;
}

/* Admitted proposals with their final totals; *missing counts absent final scores. */
static rank_entry *load_entries(db_conn *c, int64_t call_id, bool agreed, size_t *n, int *missing)
{
    *n = 0;
    *missing = 0;
    int64_t ncrit = 0, count = 0;
    db_query_int(c, "SELECT COUNT(*) FROM call_criteria WHERE call_id = ?",
                 DB_ARGS(DB_INT(call_id)), &ncrit);
    db_query_int(c,
                 "SELECT COUNT(*) FROM proposals WHERE call_id = ? AND status = 'submitted' "
                 "AND admissibility = 'admitted'",
                 DB_ARGS(DB_INT(call_id)), &count);
    rank_entry *e = calloc((size_t)count + 1, sizeof *e);
    int *scored = calloc((size_t)count + 1, sizeof *scored);
    if (!e || !scored) {
        free(e);
        free(scored);
        return NULL;
    }
    db_rows *r = db_query(c,
                          "SELECT p.id, p.area_id, p.requested_cents, p.cofinancing_cents, "
                          "s.submitted_at, s.protocol FROM proposals p JOIN submissions s "
                          "ON s.proposal_id = p.id AND s.withdrawn_at IS NULL "
                          "WHERE p.call_id = ? AND p.status = 'submitted' "
                          "AND p.admissibility = 'admitted' ORDER BY p.id",
                          DB_ARGS(DB_INT(call_id)));
    while (r && db_next(r) && *n < (size_t)count) {
        e[*n] = (rank_entry){.proposal_id = db_int(r, 0),
                             .area_id = db_int(r, 1),
                             .requested_cents = db_int(r, 2),
                             .cofinancing_cents = db_int(r, 3),
                             .submitted_at = db_int(r, 4),
                             .protocol = db_int(r, 5)};
        (*n)++;
    }
    db_rows_close(r);
    /* One grouped query for every score of the call, in proposal order (no N+1). */
    r = db_query(c,
                 agreed ? "SELECT a.proposal_id, a.criterion_id, SUM(a.points), COUNT(*) "
                          "FROM agreed_scores a JOIN proposals p ON p.id = a.proposal_id "
                          "WHERE p.call_id = ? GROUP BY a.proposal_id, a.criterion_id "
                          "ORDER BY a.proposal_id"
                        : "SELECT s.proposal_id, s.criterion_id, SUM(s.points), COUNT(*) "
                          "FROM scores s JOIN proposals p ON p.id = s.proposal_id "
                          "JOIN commission_members m ON m.call_id = p.call_id "
                          "AND m.user_id = s.user_id AND m.replaced_at IS NULL "
                          "WHERE p.call_id = ? GROUP BY s.proposal_id, s.criterion_id "
                          "ORDER BY s.proposal_id",
                 DB_ARGS(DB_INT(call_id)));
    size_t k = 0;
    while (r && db_next(r)) {
        int64_t pid = db_int(r, 0);
        while (k < *n && e[k].proposal_id < pid) k++;
        if (k == *n || e[k].proposal_id != pid) continue; /* not admitted */
        e[k].total_hundredths += ranking_mean_hundredths(db_int(r, 2), db_int(r, 3));
        scored[k]++;
    }
    db_rows_close(r);
    for (size_t i = 0; i < *n; i++) *missing += (int)(ncrit - scored[i]);
    free(scored);
    return e;
}

/* Per (active member, admitted proposal): conflict, declaration, criteria scored. */
#define MEMBER_PROPOSAL_SQL                                                                        \
    "SELECT m.user_id, p.id, "                                                                     \
    "(SELECT COUNT(*) FROM memberships mm JOIN organisations o ON o.id = mm.organisation_id "      \
    "JOIN proposal_parties pp ON pp.tax_code = o.tax_code WHERE mm.user_id = m.user_id "           \
    "AND pp.proposal_id = p.id AND pp.role IN ('lead', 'partner')) AS conflict, "                  \
    "(SELECT COUNT(*) FROM conflict_declarations d WHERE d.proposal_id = p.id "                    \
    "AND d.user_id = m.user_id) AS declared, "                                                     \
    "(SELECT COUNT(*) FROM scores s WHERE s.proposal_id = p.id AND s.user_id = m.user_id) "        \
    "AS scored "                                                                                   \
    "FROM commission_members m JOIN proposals p ON p.call_id = m.call_id "                         \
    "AND p.status = 'submitted' AND p.admissibility = 'admitted' "                                 \
    "WHERE m.call_id = ? AND m.replaced_at IS NULL ORDER BY p.id"

int eval_gaps(db_conn *c, int64_t call_id)
{
    int64_t ncrit = 0, nprop = 0, agreed = 0;
    if (db_query_int(c, "SELECT COUNT(*) FROM call_criteria WHERE call_id = ?",
                     DB_ARGS(DB_INT(call_id)), &ncrit) != DB_OK ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM proposals WHERE call_id = ? AND status = 'submitted' "
                     "AND admissibility = 'admitted'",
                     DB_ARGS(DB_INT(call_id)), &nprop) != DB_OK ||
        db_query_int(c, "SELECT COUNT(*) FROM calls WHERE id = ? AND score_mode = 'agreed'",
                     DB_ARGS(DB_INT(call_id)), &agreed) != DB_OK)
        return -1;
    db_rows *r = db_query(c, MEMBER_PROPOSAL_SQL, DB_ARGS(DB_INT(call_id)));
    if (!r) return -1;
    int64_t gaps = 0, covered = 0, last = 0;
    bool has_scorer = false;
    while (db_next(r)) {
        int64_t pid = db_int(r, 1);
        if (pid != last) {
            covered += has_scorer;
            has_scorer = false;
            last = pid;
        }
        if (db_int(r, 2) > 0) continue; /* in conflict: the others score this one */
        has_scorer = true;
        if (db_int(r, 3) == 0) gaps++;
        if (!agreed && db_int(r, 4) < ncrit) gaps += ncrit - db_int(r, 4);
    }
    covered += has_scorer;
    if (db_rows_close(r) != DB_OK) return -1;
    /* A proposal nobody may score (no member, or all in conflict) waits for a replacement. */
    gaps += nprop - covered;
    return gaps > INT32_MAX ? INT32_MAX : (int)gaps;
}

ev_rc eval_replace(db_conn *c, int64_t city_id, int64_t call_id, int64_t member_id,
                   int64_t replacement_id, const char *reason, int64_t by_user)
{
    int64_t owner = 0, ok = 0, pres = 0;
    const char *state = state_of(c, call_id, &owner, NULL, 0);
    if (!state || owner != city_id) return EV_NOT_FOUND;
    if (strcmp(state, "closed") != 0 && strcmp(state, "evaluation") != 0) return EV_WRONG_STATE;
    if (!reason || !*reason || member_id == replacement_id) return EV_BAD_REPLACEMENT;
    int seat = eval_member_role(c, call_id, member_id);
    if (!seat) return EV_NOT_MEMBER;
    pres = seat == 2;
    /* The replacement may not sit already: the commission would shrink. */
    if (eval_member_role(c, call_id, replacement_id)) return EV_BAD_REPLACEMENT;
    db_query_int(c,
                 "SELECT COUNT(*) FROM memberships WHERE user_id = ? AND role = 'evaluator' "
                 "AND city_id = ?",
                 DB_ARGS(DB_INT(replacement_id), DB_INT(city_id)), &ok);
    if (!ok) return EV_NOT_EVALUATOR;
    int64_t now = clock_now_us();
    if (db_exec(c,
                "UPDATE commission_members SET replaced_at = ?, replaced_by = ?, "
                "replacement_reason = ?, is_president = 0 WHERE call_id = ? AND user_id = ?",
                DB_ARGS(DB_INT(now), DB_INT(replacement_id), DB_TEXT(reason), DB_INT(call_id),
                        DB_INT(member_id)),
                NULL) != DB_OK)
        return EV_ERROR;
    ev_rc rc = eval_appoint(c, city_id, call_id, replacement_id, pres == 1, by_user);
    if (rc != EV_OK) return rc;
    json_t *d = json_pack("{s:I,s:I,s:s}", "member", (json_int_t)member_id, "replacement",
                          (json_int_t)replacement_id, "reason", reason);
    int a = audit_append(c, city_id, by_user, "commission_replace", "call", call_id, d);
    json_decref(d);
    return a ? EV_ERROR : EV_OK;
}

/* The published ranking is a decision of the city, going out: registered in the protocol
 * register with the ranking as published (canonical JSON) as its document. */
static proto_rc register_ranking(db_conn *c, int64_t city_id, int64_t call_id, int64_t user_id,
                                 int64_t now)
{
    json_t *rows = db_query_json(c,
                                 "SELECT area_id, proposal_id, position, total_hundredths, "
                                 "is_above_threshold, is_admitted, requested_cents FROM "
                                 "ranking_entries WHERE call_id = ? ORDER BY area_id, position",
                                 DB_ARGS(DB_INT(call_id)));
    json_t *call =
        db_query_object(c, "SELECT title FROM calls WHERE id = ?", DB_ARGS(DB_INT(call_id)));
    json_t *doc = rows && call
                      ? json_pack("{s:I,s:O}", "call_id", (json_int_t)call_id, "ranking", rows)
                      : NULL;
    char *text = doc ? json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    proto_rc rc = PROTO_ERROR;
    if (text) {
        char sha[65], name[64], subject[500];
        sha256_hex(text, strlen(text), sha);
        snprintf(name, sizeof name, "graduatoria-avviso-%lld.json", (long long)call_id);
        snprintf(subject, sizeof subject, "Graduatoria dell'avviso \"%s\"",
                 json_string_value(json_object_get(call, "title")));
        protocol_file f = {.name = name, .sha256 = sha};
        rc = register_decision(c, city_id, user_id, "Partecipanti all'avviso e albo", subject,
                               "call", call_id, &f, now);
    }
    free(text);
    json_decref(doc);
    json_decref(call);
    json_decref(rows);
    return rc;
}

ev_rc eval_publish_ranking(db_conn *c, int64_t city_id, int64_t call_id, int64_t user_id,
                           int64_t now, int *missing)
{
    int64_t owner = 0, threshold = 0;
    char mode[16] = "", tie[32] = "";
    const char *state = state_of(c, call_id, &owner, mode, sizeof mode);
    if (!state || owner != city_id) return EV_NOT_FOUND;
    if (strcmp(state, "evaluation") != 0) return EV_WRONG_STATE;
    db_rows *q = db_query(c, "SELECT threshold_points, tie_rule FROM calls WHERE id = ?",
                          DB_ARGS(DB_INT(call_id)));
    if (q && db_next(q)) {
        threshold = db_int(q, 0);
        snprintf(tie, sizeof tie, "%s", db_text(q, 1));
    }
    db_rows_close(q);
    /* Every active member's declaration and scores first: a mean of some members is not the
     * commission's score. */
    int gaps = eval_gaps(c, call_id);
    if (gaps != 0) {
        *missing = gaps;
        return gaps < 0 ? EV_ERROR : EV_INCOMPLETE;
    }
    size_t n = 0;
    rank_entry *e = load_entries(c, call_id, strcmp(mode, "agreed") == 0, &n, missing);
    if (!e) return EV_ERROR;
    if (*missing > 0) {
        free(e);
        return EV_INCOMPLETE;
    }
    json_t *areas_json = db_query_json(
        c, "SELECT id, budget_cents FROM call_areas WHERE call_id = ?", DB_ARGS(DB_INT(call_id)));
    size_t na = json_array_size(areas_json);
    rank_area *areas = calloc(na + 1, sizeof *areas);
    for (size_t i = 0; areas && i < na; i++) {
        json_t *a = json_array_get(areas_json, i);
        areas[i] = (rank_area){json_integer_value(json_object_get(a, "id")),
                               json_integer_value(json_object_get(a, "budget_cents"))};
    }
    json_decref(areas_json);
    ev_rc rc = EV_ERROR;
    if (!areas) goto out;
    ranking_compute(e, n, areas, na, threshold, ranking_tie_rule(tie));
    if (db_exec(c, "DELETE FROM ranking_entries WHERE call_id = ?", DB_ARGS(DB_INT(call_id)),
                NULL) != DB_OK)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (db_exec(c,
                    "INSERT INTO ranking_entries (call_id, area_id, proposal_id, position, "
                    "total_hundredths, is_above_threshold, is_admitted, requested_cents, "
                    "published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(call_id), DB_INT(e[i].area_id), DB_INT(e[i].proposal_id),
                            DB_INT(e[i].position), DB_INT(e[i].total_hundredths),
                            DB_INT(e[i].above_threshold), DB_INT(e[i].admitted),
                            DB_INT(e[i].requested_cents), DB_INT(now)),
                    NULL) != DB_OK)
            goto out;
    rc = call_transition(c, city_id, call_id, "evaluation", "ranked", user_id, NULL) == CALL_OK &&
                 register_ranking(c, city_id, call_id, user_id, now) == PROTO_OK
             ? EV_OK
             : EV_ERROR;
out:
    free(areas);
    free(e);
    return rc;
}

json_t *eval_dashboard(db_conn *c, int64_t call_id)
{
    json_t *d = json_object();
    json_object_set_new(
        d, "areas",
        db_query_json(
            c,
            "SELECT a.id, a.name, a.budget_cents, "
            "(SELECT COUNT(*) FROM proposals p WHERE p.area_id = a.id AND p.status = 'submitted') "
            "AS proposals, "
            "(SELECT COALESCE(SUM(p.requested_cents), 0) FROM proposals p WHERE p.area_id = a.id "
            "AND p.status = 'submitted') AS requested_cents "
            "FROM call_areas a WHERE a.call_id = ? ORDER BY a.position",
            DB_ARGS(DB_INT(call_id))));
    json_object_set_new(
        d, "proposals",
        db_query_json(
            c,
            "SELECT p.id, p.title, a.name AS area, o.name AS organisation, p.requested_cents, "
            "p.cofinancing_cents, p.admissibility, p.exclusion_reason, s.protocol, s.submitted_at "
            "FROM proposals p JOIN call_areas a ON a.id = p.area_id "
            "JOIN organisations o ON o.id = p.organisation_id "
            "JOIN submissions s ON s.proposal_id = p.id AND s.withdrawn_at IS NULL "
            "WHERE p.call_id = ? AND p.status = 'submitted' ORDER BY a.position, s.protocol",
            DB_ARGS(DB_INT(call_id))));
    /* Progress per active member: proposals declared and scored on every criterion, out of
     * the admitted ones the member may score (those without a conflict). */
    json_object_set_new(
        d, "commission",
        db_query_json(
            c,
            "SELECT u.id, u.name, u.email, m.is_president, "
            "SUM(CASE WHEN x.conflict = 0 THEN 1 ELSE 0 END) AS to_score, "
            "SUM(CASE WHEN x.conflict = 0 AND x.declared > 0 THEN 1 ELSE 0 END) AS declared, "
            "SUM(CASE WHEN x.conflict = 0 AND x.scored >= (SELECT COUNT(*) FROM call_criteria k "
            "WHERE k.call_id = m.call_id) THEN 1 ELSE 0 END) AS scored, "
            "SUM(CASE WHEN x.conflict > 0 THEN 1 ELSE 0 END) AS conflicts "
            "FROM commission_members m JOIN users u ON u.id = m.user_id "
            "LEFT JOIN (" MEMBER_PROPOSAL_SQL ") x ON x.user_id = m.user_id "
            "WHERE m.call_id = ? AND m.replaced_at IS NULL "
            "GROUP BY u.id, u.name, u.email, m.is_president, m.call_id "
            "ORDER BY m.is_president DESC, u.name",
            DB_ARGS(DB_INT(call_id), DB_INT(call_id))));
    json_object_set_new(
        d, "replaced",
        db_query_json(c,
                      "SELECT u.name, r.name AS replacement, m.replacement_reason AS reason, "
                      "m.replaced_at FROM commission_members m JOIN users u ON u.id = m.user_id "
                      "LEFT JOIN users r ON r.id = m.replaced_by "
                      "WHERE m.call_id = ? AND m.replaced_at IS NOT NULL ORDER BY m.replaced_at",
                      DB_ARGS(DB_INT(call_id))));
    int gaps = eval_gaps(c, call_id);
    json_object_set_new(d, "gaps", json_integer(gaps < 0 ? 0 : gaps));
    json_object_set_new(
        d, "evaluators",
        db_query_json(c,
                      "SELECT u.id, u.name, u.email FROM memberships m "
                      "JOIN users u ON u.id = m.user_id JOIN calls k ON k.city_id = m.city_id "
                      "WHERE k.id = ? AND m.role = 'evaluator' ORDER BY u.name",
                      DB_ARGS(DB_INT(call_id))));
    return d;
}

json_t *eval_sheet(db_conn *c, int64_t call_id, int64_t proposal_id, int64_t user_id)
{
    json_t *s = json_object();
    json_object_set_new(
        s, "criteria",
        db_query_json(
            c,
            "SELECT k.id, k.name, k.description, k.max_points, sc.points, sc.note, "
            "ag.points AS agreed_points, ag.note AS agreed_note FROM call_criteria k "
            "LEFT JOIN scores sc ON sc.criterion_id = k.id AND sc.proposal_id = ? AND sc.user_id = "
            "? "
            "LEFT JOIN agreed_scores ag ON ag.criterion_id = k.id AND ag.proposal_id = ? "
            "WHERE k.call_id = ? ORDER BY k.position",
            DB_ARGS(DB_INT(proposal_id), DB_INT(user_id), DB_INT(proposal_id), DB_INT(call_id))));
    int64_t declared = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM conflict_declarations WHERE proposal_id = ? AND user_id = ?",
                 DB_ARGS(DB_INT(proposal_id), DB_INT(user_id)), &declared);
    json_object_set_new(s, "declared", json_boolean(declared));
    json_object_set_new(s, "conflict", json_boolean(eval_has_conflict(c, proposal_id, user_id)));
    return s;
}

json_t *eval_ranking(db_conn *c, int64_t call_id)
{
    json_t *rows = db_query_json(
        c,
        "SELECT r.area_id, a.name AS area, a.budget_cents AS area_budget_cents, r.position, "
        "r.proposal_id, p.title, o.name AS organisation, o.tax_code, r.total_hundredths, "
        "r.is_above_threshold, r.is_admitted, r.requested_cents, p.cofinancing_cents, s.protocol, "
        "s.submitted_at, r.published_at FROM ranking_entries r "
        "JOIN call_areas a ON a.id = r.area_id JOIN proposals p ON p.id = r.proposal_id "
        "JOIN organisations o ON o.id = p.organisation_id "
        "JOIN submissions s ON s.proposal_id = p.id AND s.withdrawn_at IS NULL "
        "WHERE r.call_id = ? ORDER BY a.position, r.position",
        DB_ARGS(DB_INT(call_id)));
    /* Group by area for the page; the flat rows stay for exports. */
    json_t *areas = json_array();
    json_t *cur = NULL;
    int64_t last = -1;
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        int64_t t = json_integer_value(json_object_get(x, "total_hundredths"));
        char score[32];
        snprintf(score, sizeof score, "%lld,%02lld", (long long)(t / 100), (long long)(t % 100));
        json_object_set_new(x, "score", json_string(score));
        int64_t area = json_integer_value(json_object_get(x, "area_id"));
        if (area != last) {
            cur = json_pack("{s:I,s:O,s:O,s:[]}", "area_id", (json_int_t)area, "area",
                            json_object_get(x, "area"), "area_budget_cents",
                            json_object_get(x, "area_budget_cents"), "entries");
            json_array_append_new(areas, cur);
            last = area;
        }
        json_array_append(json_object_get(cur, "entries"), x);
    }
    json_t *out = json_pack("{s:o,s:o}", "rows", rows, "areas", areas);
    return out;
}

int eval_member_role(db_conn *c, int64_t call_id, int64_t user_id)
{
    int64_t pres = -1;
    db_query_int(c,
                 "SELECT is_president FROM commission_members WHERE call_id = ? AND user_id = ? "
                 "AND replaced_at IS NULL",
                 DB_ARGS(DB_INT(call_id), DB_INT(user_id)), &pres);
    return pres < 0 ? 0 : pres == 1 ? 2 : 1;
}

json_t *eval_criteria(db_conn *c, int64_t call_id)
{
    return db_query_json(c,
                         "SELECT id, max_points FROM call_criteria WHERE call_id = ? "
                         "ORDER BY position",
                         DB_ARGS(DB_INT(call_id)));
}

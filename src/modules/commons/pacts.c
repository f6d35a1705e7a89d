/* Collaboration pacts, ordinary procedure: proposal, the office's answer (publication for
 * comments then signing, or rejection), renewal and revocation. Each step is one change of
 * state guarded in its UPDATE, so two officers acting at once cannot both move a pact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"
#include "modules/commons/internal.h"

const char *const commons_pact_states[] = {"proposed", "published", "active", "ended",
                                           "rejected", "revoked",   NULL};
const char *const commons_proposer_kinds[] = {"resident", "informal_group", "body", NULL};

/* What each step needs of a pact. */
typedef struct pact_head {
    int64_t city_id, good_id, months, renewals, proposer;
    char state[16], title[256], proposer_name[256], ends_on[11], comments_until[11];
} pact_head;

static cm_rc head_of(db_conn *c, int64_t id, int64_t city_id, pact_head *h)
{
    db_rows *r = db_query(c,
                          "SELECT city_id, good_id, months, renewals, proposer_user_id, state, "
                          "title, proposer_name, ends_on, comments_until FROM pacts WHERE id = ?",
                          DB_ARGS(DB_INT(id)));
    bool found = r && db_next(r);
    if (found) {
        *h = (pact_head){.city_id = db_int(r, 0),
                         .good_id = db_int(r, 1),
                         .months = db_int(r, 2),
                         .renewals = db_int(r, 3),
                         .proposer = db_int(r, 4)};
        snprintf(h->state, sizeof h->state, "%s", db_text(r, 5));
        snprintf(h->title, sizeof h->title, "%s", db_text(r, 6));
        snprintf(h->proposer_name, sizeof h->proposer_name, "%s", db_text(r, 7));
        snprintf(h->ends_on, sizeof h->ends_on, "%s", db_text(r, 8) ? db_text(r, 8) : "");
        snprintf(h->comments_until, sizeof h->comments_until, "%s",
                 db_text(r, 9) ? db_text(r, 9) : "");
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    /* Another city's pact is no pact at all to this city's officers. */
    return found && (!city_id || h->city_id == city_id) ? CM_OK : CM_NOT_FOUND;
}

/* Moves the pact from one of the states in from (a SQL list) to state; CM_STATE when it was
 * no longer in them. */
static cm_rc move(db_conn *c, int64_t id, const char *from, const char *set, const db_param *p,
                  int np)
{
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE pacts SET %s WHERE id = ? AND state IN (%s)", set, from);
    db_param all[12];
    if (np > 11) return CM_ERROR;
    memcpy(all, p, sizeof *p * (size_t)np);
    all[np] = DB_INT(id);
    int64_t changed = 0;
    if (db_exec(c, sql, all, np + 1, &changed) != DB_OK) return CM_ERROR;
    return changed == 1 ? CM_OK : CM_STATE;
}

/* Registers a document of the pact in the city's protocol. */
static int register_document(db_conn *c, int64_t city_id, int64_t user_id, int64_t pact_id,
                             const char *direction, const char *kind, const char *correspondent,
                             const char *subject, const char *text, const char *file_name,
                             int64_t now, char label[24])
{
    protocol_number n;
    if (commons_register(c, city_id, user_id, "pact", pact_id, direction, kind, correspondent,
                         subject, text, file_name, now, &n))
        return -1;
    if (label) memcpy(label, n.label, 24);
    return db_exec(
               c,
               "UPDATE pacts SET protocol_entry_id = COALESCE(protocol_entry_id, ?) WHERE id = ?",
               DB_ARGS(DB_INT(n.id), DB_INT(pact_id)), NULL) == DB_OK
               ? 0
               : -1;
}

static int audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action, int64_t id,
                 json_t *detail)
{
    int rc = audit_append(c, city_id, user_id, action, "pact", id, detail);
    json_decref(detail);
    return rc;
}

cm_rc pact_propose(db_conn *c, int64_t user_id, const pact_in *in, int64_t now, int64_t *id,
                   char label[24])
{
    /* in may be replaced by a copy naming the body */
    *id = 0;
    int64_t city = 0;
    char good_state[16] = "", good_name[256] = "";
    db_rows *r = db_query(c, "SELECT city_id, state, name FROM commons_goods WHERE id = ?",
                          DB_ARGS(DB_INT(in->good_id)));
    if (r && db_next(r)) {
        city = db_int(r, 0);
        snprintf(good_state, sizeof good_state, "%s", db_text(r, 1));
        snprintf(good_name, sizeof good_name, "%s", db_text(r, 2));
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    if (!city) return CM_NOT_FOUND;
    char until[11] = "", today[11], due[11];
    date_rome(now, today);
    int64_t notice = notice_open_on(c, in->good_id, until);
    if (notice < 0) return CM_ERROR;
    if (in->notice_id) {
        /* Under a notice: its good, while it takes proposals; several may compete. */
        if (notice != in->notice_id || strcmp(today, until) > 0) return CM_NOTICE_CLOSED;
        if (strcmp(good_state, "offered") != 0 && strcmp(good_state, "proposed") != 0)
            return CM_GOOD_TAKEN;
    } else {
        if (notice) return CM_UNDER_NOTICE;
        if (strcmp(good_state, "offered") != 0) return CM_GOOD_TAKEN;
    }
    json_t *rules = pact_rules_get(c, city);
    if (!rules) return CM_NO_RULES;
    int64_t answer_days = json_integer_value(json_object_get(rules, "answer_days"));
    int64_t max_months = json_integer_value(json_object_get(rules, "max_months"));
    json_decref(rules);
    if (in->months > max_months) return CM_TOO_LONG;
    char body[256] = "";
    pact_in named = *in;
    if (in->organisation_id) {
        db_rows *o = db_query(c, "SELECT name FROM organisations WHERE id = ?",
                              DB_ARGS(DB_INT(in->organisation_id)));
        if (o && db_next(o)) snprintf(body, sizeof body, "%s", db_text(o, 0));
        if (db_rows_close(o) != DB_OK || !*body) return CM_ERROR;
        named.proposer_name = body;
    }
    in = &named;
    /* A complex proposal is answered the regulation's days after the notice closes. */
    date_from_day_number(date_day_number(in->notice_id ? until : today) + answer_days, due);
    if (db_query_int(
            c,
            "INSERT INTO pacts (city_id, good_id, kind, notice_id, title, activities, "
            "proposer_kind, proposer_name, proposer_user_id, organisation_id, months, is_open, "
            "state, submitted_at, answer_due, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?, ?) RETURNING id",
            DB_ARGS(DB_INT(city), DB_INT(in->good_id),
                    DB_TEXT(in->notice_id ? "complex" : "ordinary"),
                    in->notice_id ? DB_INT(in->notice_id) : DB_NULL, DB_TEXT(in->title),
                    DB_TEXT(in->activities), DB_TEXT(in->proposer_kind), DB_TEXT(in->proposer_name),
                    DB_INT(user_id), in->organisation_id ? DB_INT(in->organisation_id) : DB_NULL,
                    DB_INT(in->months), DB_INT(in->open ? 1 : 0), DB_INT(now), DB_TEXT(due),
                    DB_INT(now), DB_INT(now)),
            id) != DB_OK ||
        !*id)
        return CM_ERROR;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Proposta di patto di collaborazione: %s", in->title);
    if (asprintf(&text,
                 "Proposta di patto di collaborazione (procedura %s)\n\nBene: %s\n"
                 "Proponente: %s (%s)\nTitolo: %s\nDurata proposta: %lld mesi\nAperto ad "
                 "altri firmatari: %s\n\nAttività proposte:\n%s\n",
                 in->notice_id ? "complessa, su avviso pubblico" : "ordinaria", good_name,
                 in->proposer_name, in->proposer_kind, in->title, (long long)in->months,
                 in->open ? "sì" : "no", in->activities) < 0)
        return CM_ERROR;
    int rc = register_document(c, city, user_id, *id, "in", "pact_request", in->proposer_name,
                               subject, text, "proposta-patto.txt", now, label);
    free(text);
    if (rc ||
        db_exec(c,
                "INSERT INTO pact_signatories (pact_id, user_id, role, joined_at) VALUES (?, ?, "
                "'proposer', ?)",
                DB_ARGS(DB_INT(*id), DB_INT(user_id), DB_INT(now)), NULL) != DB_OK ||
        commons_good_event(c, in->good_id, "proposed", "proposed", in->title, *id, user_id, now) ||
        audit(c, city, user_id, "pact_propose", *id,
              json_pack("{s:s,s:I}", "title", in->title, "good_id", (json_int_t)in->good_id)))
        return CM_ERROR;
    return CM_OK;
}

cm_rc pact_publish(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now)
{
    pact_head h;
    cm_rc rc = head_of(c, id, city_id, &h);
    if (rc) return rc;
    /* A complex pact is published once the giunta approved it. */
    int64_t waiting = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM pacts WHERE id = ? AND kind = 'complex' AND giunta_act "
                     "IS NULL",
                     DB_ARGS(DB_INT(id)), &waiting) != DB_OK)
        return CM_ERROR;
    if (waiting) return CM_NO_GIUNTA;
    json_t *rules = pact_rules_get(c, city_id);
    if (!rules) return CM_NO_RULES;
    int64_t days = json_integer_value(json_object_get(rules, "comment_days"));
    json_decref(rules);
    char today[11], until[11] = "";
    date_rome(now, today);
    /* The period counts today; no days means no publication period at all. */
    if (days > 0) date_from_day_number(date_day_number(today) + days - 1, until);
    rc = move(c, id, "'proposed'",
              "state = 'published', published_at = ?, comments_until = ?, updated_at = ?",
              DB_ARGS(DB_INT(now), *until ? DB_TEXT(until) : DB_NULL, DB_INT(now)));
    if (rc) return rc;
    return audit(c, city_id, user_id, "pact_publish", id,
                 json_pack("{s:s?}", "comments_until", *until ? until : NULL))
               ? CM_ERROR
               : CM_OK;
}

cm_rc pact_sign(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *starts_on,
                int64_t now)
{
    pact_head h;
    cm_rc rc = head_of(c, id, city_id, &h);
    if (rc) return rc;
    char today[11], ends[11];
    date_rome(now, today);
    if (strcmp(h.state, "published") != 0) return CM_STATE;
    if (*h.comments_until && strcmp(today, h.comments_until) <= 0) return CM_COMMENTS_OPEN;
    if (date_term_end(starts_on, (int)h.months, ends)) return CM_ERROR;
    rc =
        move(c, id, "'published'",
             "state = 'active', starts_on = ?, ends_on = ?, decided_at = ?, decided_by = ?, "
             "updated_at = ?",
             DB_ARGS(DB_TEXT(starts_on), DB_TEXT(ends), DB_INT(now), DB_INT(user_id), DB_INT(now)));
    if (rc) return rc;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Patto di collaborazione sottoscritto: %s", h.title);
    if (asprintf(&text,
                 "Patto di collaborazione sottoscritto\n\nTitolo: %s\nProponente: %s\n"
                 "Dal %s al %s (%lld mesi)\n",
                 h.title, h.proposer_name, starts_on, ends, (long long)h.months) < 0)
        return CM_ERROR;
    int bad = register_document(c, city_id, user_id, id, "out", "decision", h.proposer_name,
                                subject, text, "patto-sottoscritto.txt", now, NULL);
    free(text);
    if (bad ||
        db_exec(c,
                "INSERT INTO pact_signatories (pact_id, user_id, role, joined_at) VALUES (?, ?, "
                "'city', ?) ON CONFLICT (pact_id, user_id) WHERE left_at IS NULL DO NOTHING",
                DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(now)), NULL) != DB_OK ||
        commons_good_event(c, h.good_id, "pact", "pact", h.title, id, user_id, now) ||
        audit(c, city_id, user_id, "pact_sign", id,
              json_pack("{s:s,s:s}", "starts_on", starts_on, "ends_on", ends)))
        return CM_ERROR;
    return CM_OK;
}

/* Rejection and revocation: a reason, the decision in the protocol, the good offered again. */
static cm_rc close_with_reason(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                               const char *reason, int64_t now, bool revoke)
{
    pact_head h;
    cm_rc rc = head_of(c, id, city_id, &h);
    if (rc) return rc;
    if (revoke)
        rc = move(c, id, "'active'", "state = 'revoked', reason = ?, updated_at = ?",
                  DB_ARGS(DB_TEXT(reason), DB_INT(now)));
    else
        rc = move(c, id, "'proposed', 'published'",
                  "state = 'rejected', reason = ?, decided_at = ?, decided_by = ?, updated_at = ?",
                  DB_ARGS(DB_TEXT(reason), DB_INT(now), DB_INT(user_id), DB_INT(now)));
    if (rc) return rc;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "%s del patto di collaborazione: %s",
             revoke ? "Revoca" : "Rigetto della proposta", h.title);
    if (asprintf(&text, "%s\n\nMotivazione:\n%s\n", subject, reason) < 0) return CM_ERROR;
    int bad =
        register_document(c, city_id, user_id, id, "out", "decision", h.proposer_name, subject,
                          text, revoke ? "revoca-patto.txt" : "rigetto-patto.txt", now, NULL);
    free(text);
    /* The good is offered again unless other proposals on it (under a notice) still stand. */
    int64_t others = 0;
    if (!bad && db_query_int(c,
                             "SELECT COUNT(*) FROM pacts WHERE good_id = ? AND id <> ? AND state "
                             "IN ('proposed', 'published', 'active')",
                             DB_ARGS(DB_INT(h.good_id), DB_INT(id)), &others) != DB_OK)
        bad = -1;
    if (bad ||
        (revoke && db_exec(c,
                           "UPDATE pact_signatories SET left_at = ? WHERE pact_id = ? AND "
                           "left_at IS NULL",
                           DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK) ||
        commons_good_event(c, h.good_id, others ? NULL : "offered", revoke ? "revoked" : "rejected",
                           reason, id, user_id, now) ||
        audit(c, city_id, user_id, revoke ? "pact_revoke" : "pact_reject", id,
              json_pack("{s:s}", "reason", reason)))
        return CM_ERROR;
    return CM_OK;
}

cm_rc pact_reject(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *reason,
                  int64_t now)
{
    return close_with_reason(c, city_id, id, user_id, reason, now, false);
}

cm_rc pact_revoke(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *reason,
                  int64_t now)
{
    return close_with_reason(c, city_id, id, user_id, reason, now, true);
}

cm_rc pact_renew(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, int64_t now)
{
    pact_head h;
    cm_rc rc = head_of(c, id, city_id, &h);
    if (rc) return rc;
    if (strcmp(h.state, "active") != 0) return CM_STATE;
    json_t *rules = pact_rules_get(c, city_id);
    if (!rules) return CM_NO_RULES;
    int64_t max = json_integer_value(json_object_get(rules, "max_renewals"));
    json_decref(rules);
    if (h.renewals >= max) return CM_RENEWALS;
    /* The same term again, from the day after the current end. */
    char from[11], ends[11];
    date_from_day_number(date_day_number(h.ends_on) + 1, from);
    if (date_term_end(from, (int)h.months, ends)) return CM_ERROR;
    rc = move(c, id, "'active'", "ends_on = ?, renewals = renewals + 1, updated_at = ?",
              DB_ARGS(DB_TEXT(ends), DB_INT(now)));
    if (rc) return rc;
    return audit(c, city_id, user_id, "pact_renew", id,
                 json_pack("{s:s,s:I}", "ends_on", ends, "renewal", (json_int_t)h.renewals + 1))
               ? CM_ERROR
               : CM_OK;
}

int pacts_close_expired(db_conn *c, int64_t now)
{
    char today[11];
    date_rome(now, today);
    json_t *due = db_query_json(c,
                                "SELECT id, city_id, good_id, title FROM pacts WHERE state = "
                                "'active' AND ends_on < ? ORDER BY id",
                                DB_ARGS(DB_TEXT(today)));
    if (!due) return -1;
    int ended = 0;
    size_t i;
    json_t *p;
    json_array_foreach(due, i, p)
    {
        int64_t id = json_integer_value(json_object_get(p, "id"));
        int64_t changed = 0;
        if (db_exec(c,
                    "UPDATE pacts SET state = 'ended', updated_at = ? WHERE id = ? AND state = "
                    "'active'",
                    DB_ARGS(DB_INT(now), DB_INT(id)), &changed) != DB_OK ||
            (changed &&
             (db_exec(c,
                      "UPDATE pact_signatories SET left_at = ? WHERE pact_id = ? AND left_at IS "
                      "NULL",
                      DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK ||
              commons_good_event(c, json_integer_value(json_object_get(p, "good_id")), "offered",
                                 "ended", json_string_value(json_object_get(p, "title")), id, 0,
                                 now) ||
              audit_append(c, json_integer_value(json_object_get(p, "city_id")), 0, "pact_end",
                           "pact", id, NULL)))) {
            json_decref(due);
            return -1;
        }
        ended += (int)changed;
    }
    json_decref(due);
    return ended;
}

/* Complex collaboration pacts (docs/commons.md): on a good the council listed, the city
 * publishes a notice; proposals come within its days (pact_propose with the notice); once they
 * are closed, competing proposals go to a comparison meeting that can merge them into one; the
 * giunta's approval is recorded, and only then the pact is published and signed as an ordinary
 * one. Every act goes into the city's protocol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"
#include "modules/commons/internal.h"

static int audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                 const char *entity, int64_t id, json_t *detail)
{
    int rc = audit_append(c, city_id, user_id, action, entity, id, detail);
    json_decref(detail);
    return rc;
}

/* A notice as its steps need it. */
typedef struct notice_head {
    int64_t city_id, good_id;
    char state[8], until[11], title[256];
} notice_head;

static cm_rc notice_of(db_conn *c, int64_t city_id, int64_t id, notice_head *h)
{
    db_rows *r = db_query(c,
                          "SELECT city_id, good_id, state, proposals_until, title FROM "
                          "pact_notices WHERE id = ?",
                          DB_ARGS(DB_INT(id)));
    bool found = r && db_next(r);
    if (found) {
        *h = (notice_head){.city_id = db_int(r, 0), .good_id = db_int(r, 1)};
        snprintf(h->state, sizeof h->state, "%s", db_text(r, 2));
        snprintf(h->until, sizeof h->until, "%s", db_text(r, 3));
        snprintf(h->title, sizeof h->title, "%s", db_text(r, 4));
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    return found && (!city_id || h->city_id == city_id) ? CM_OK : CM_NOT_FOUND;
}

int64_t notice_open_on(db_conn *c, int64_t good_id, char until[11])
{
    int64_t id = 0;
    db_rows *r = db_query(c,
                          "SELECT id, proposals_until FROM pact_notices WHERE good_id = ? AND "
                          "state = 'open'",
                          DB_ARGS(DB_INT(good_id)));
    if (r && db_next(r)) {
        id = db_int(r, 0);
        if (until) snprintf(until, 11, "%s", db_text(r, 1));
    }
    return db_rows_close(r) == DB_OK ? id : -1;
}

cm_rc notice_publish(db_conn *c, int64_t city_id, int64_t user_id, const notice_in *in, int64_t now,
                     int64_t *id, char label[24])
{
    *id = 0;
    char state[16] = "", name[256] = "";
    db_rows *r = db_query(c, "SELECT state, name FROM commons_goods WHERE id = ? AND city_id = ?",
                          DB_ARGS(DB_INT(in->good_id), DB_INT(city_id)));
    bool found = r && db_next(r);
    if (found) {
        snprintf(state, sizeof state, "%s", db_text(r, 0));
        snprintf(name, sizeof name, "%s", db_text(r, 1));
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    if (!found) return CM_NOT_FOUND;
    /* A notice invites proposals on a good nobody holds or asked for yet. */
    if (strcmp(state, "offered") != 0) return CM_GOOD_TAKEN;
    int64_t open = notice_open_on(c, in->good_id, NULL);
    if (open < 0) return CM_ERROR;
    if (open) return CM_STATE;
    char today[11], until[11];
    date_rome(now, today);
    date_from_day_number(date_day_number(today) + in->days, until);
    if (db_query_int(c,
                     "INSERT INTO pact_notices (city_id, good_id, title, council_act, body, "
                     "proposals_until, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                     "?) RETURNING id",
                     DB_ARGS(DB_INT(city_id), DB_INT(in->good_id), DB_TEXT(in->title),
                             DB_TEXT(in->council_act), DB_TEXT(in->body), DB_TEXT(until),
                             DB_INT(user_id), DB_INT(now)),
                     id) != DB_OK ||
        !*id)
        return CM_ERROR;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Avviso pubblico per patti di collaborazione complessi: %s",
             in->title);
    if (asprintf(&text,
                 "Avviso pubblico per patti di collaborazione complessi\n\nBene: %s\n"
                 "Atto del Consiglio che lo individua: %s\nProposte entro il: %s\n\n%s\n",
                 name, in->council_act, until, in->body) < 0)
        return CM_ERROR;
    protocol_number n;
    int bad =
        commons_register(c, city_id, user_id, "pact_notice", *id, "out", "decision",
                         "Pubblicazione all'albo", subject, text, "avviso-patti.txt", now, &n);
    free(text);
    if (bad ||
        db_exec(c, "UPDATE pact_notices SET protocol_entry_id = ? WHERE id = ?",
                DB_ARGS(DB_INT(n.id), DB_INT(*id)), NULL) != DB_OK ||
        commons_good_event(c, in->good_id, NULL, "notice", in->title, 0, user_id, now) ||
        audit(c, city_id, user_id, "pact_notice_publish", "pact_notice", *id,
              json_pack("{s:I,s:s}", "good_id", (json_int_t)in->good_id, "proposals_until", until)))
        return CM_ERROR;
    if (label) memcpy(label, n.label, 24);
    return CM_OK;
}

/* Every id is a proposal under the notice still waiting ("proposed"): CM_NOT_FOUND for one that
 * is not the notice's, CM_STATE for one decided already. */
static cm_rc proposals_waiting(db_conn *c, int64_t notice_id, const int64_t *ids, int n)
{
    for (int i = 0; i < n; i++) {
        db_rows *r = db_query(c, "SELECT state FROM pacts WHERE id = ? AND notice_id = ?",
                              DB_ARGS(DB_INT(ids[i]), DB_INT(notice_id)));
        bool found = r && db_next(r);
        bool waiting = found && strcmp(db_text(r, 0), "proposed") == 0;
        if (db_rows_close(r) != DB_OK) return CM_ERROR;
        if (!found) return CM_NOT_FOUND;
        if (!waiting) return CM_STATE;
    }
    return CM_OK;
}

/* A merged proposal: rejected as merged into lead, its signatories joining lead's. */
static cm_rc merge_into(db_conn *c, int64_t id, int64_t lead, int64_t user_id, const char *on,
                        int64_t now)
{
    char reason[200];
    snprintf(reason, sizeof reason, "Unita alla proposta n. %lld nell'incontro di confronto del %s",
             (long long)lead, on);
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE pacts SET state = 'rejected', merged_into = ?, reason = ?, decided_at = ?, "
                "decided_by = ?, updated_at = ? WHERE id = ? AND state = 'proposed'",
                DB_ARGS(DB_INT(lead), DB_TEXT(reason), DB_INT(now), DB_INT(user_id), DB_INT(now),
                        DB_INT(id)),
                &changed) != DB_OK)
        return CM_ERROR;
    if (changed != 1) return CM_STATE;
    if (db_exec(c,
                "INSERT INTO pact_signatories (pact_id, user_id, role, joined_at) SELECT ?, "
                "user_id, 'proposer', ? FROM pact_signatories WHERE pact_id = ? AND left_at IS "
                "NULL ON CONFLICT (pact_id, user_id) WHERE left_at IS NULL DO NOTHING",
                DB_ARGS(DB_INT(lead), DB_INT(now), DB_INT(id)), NULL) != DB_OK ||
        db_exec(c, "UPDATE pact_signatories SET left_at = ? WHERE pact_id = ? AND left_at IS NULL",
                DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK)
        return CM_ERROR;
    return CM_OK;
}

cm_rc notice_meeting(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const meeting_in *in,
                     int64_t now)
{
    notice_head h;
    cm_rc rc = notice_of(c, city_id, id, &h);
    if (rc) return rc;
    if (strcmp(h.state, "open") != 0) return CM_STATE;
    char today[11];
    date_rome(now, today);
    if (strcmp(today, h.until) <= 0) return CM_PROPOSALS_OPEN;
    /* The meeting is held after proposals closed, and not in the future. */
    if (strcmp(in->held_on, h.until) <= 0 || strcmp(in->held_on, today) > 0) return CM_OUTSIDE;
    rc = proposals_waiting(c, id, &in->lead, 1);
    if (!rc) rc = proposals_waiting(c, id, in->merged, in->nmerged);
    if (rc) return rc;
    int joined = 0;
    for (int i = 0; i < in->nmerged; i++) {
        if (in->merged[i] == in->lead) continue;
        if ((rc = merge_into(c, in->merged[i], in->lead, user_id, in->held_on, now))) return rc;
        joined++;
    }
    if ((*in->title &&
         db_exec(c, "UPDATE pacts SET title = ?, updated_at = ? WHERE id = ?",
                 DB_ARGS(DB_TEXT(in->title), DB_INT(now), DB_INT(in->lead)), NULL) != DB_OK) ||
        (*in->activities &&
         db_exec(c, "UPDATE pacts SET activities = ?, updated_at = ? WHERE id = ?",
                 DB_ARGS(DB_TEXT(in->activities), DB_INT(now), DB_INT(in->lead)), NULL) != DB_OK))
        return CM_ERROR;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE pact_notices SET meeting_on = ?, meeting_minutes = ? WHERE id = ? AND "
                "state = 'open' AND meeting_on IS NULL",
                DB_ARGS(DB_TEXT(in->held_on), DB_TEXT(in->minutes), DB_INT(id)), &changed) != DB_OK)
        return CM_ERROR;
    if (changed != 1) return CM_STATE; /* one meeting per notice */
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Verbale dell'incontro di confronto: %s", h.title);
    if (asprintf(&text,
                 "Verbale dell'incontro di confronto tra le proposte\n\nAvviso: %s\nTenuto il: "
                 "%s\nProposta che ne risulta: n. %lld\nProposte unite: %d\n\n%s\n",
                 h.title, in->held_on, (long long)in->lead, joined, in->minutes) < 0)
        return CM_ERROR;
    protocol_number n;
    int bad = commons_register(c, city_id, user_id, "pact_notice", id, "out", "letter",
                               "Proponenti", subject, text, "verbale-confronto.txt", now, &n);
    free(text);
    if (bad || commons_good_event(c, h.good_id, NULL, "meeting", h.title, in->lead, user_id, now))
        return CM_ERROR;
    json_t *merged = json_array();
    for (int i = 0; i < in->nmerged; i++)
        json_array_append_new(merged, json_integer(in->merged[i]));
    if (audit(c, city_id, user_id, "pact_notice_meeting", "pact_notice", id,
              json_pack("{s:I,s:o,s:s}", "lead", (json_int_t)in->lead, "merged", merged, "held_on",
                        in->held_on)))
        return CM_ERROR;
    return CM_OK;
}

cm_rc notice_void(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *reason,
                  int64_t now)
{
    notice_head h;
    cm_rc rc = notice_of(c, city_id, id, &h);
    if (rc) return rc;
    /* Proposals still waiting are answered first, each with its reason. */
    int64_t waiting = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM pacts WHERE notice_id = ? AND state IN ('proposed', "
                     "'published')",
                     DB_ARGS(DB_INT(id)), &waiting) != DB_OK)
        return CM_ERROR;
    if (waiting) return CM_COMPETING;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE pact_notices SET state = 'void', reason = ? WHERE id = ? AND state = "
                "'open'",
                DB_ARGS(DB_TEXT(reason), DB_INT(id)), &changed) != DB_OK)
        return CM_ERROR;
    if (changed != 1) return CM_STATE;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Avviso per patti complessi senza esito: %s", h.title);
    if (asprintf(&text, "%s\n\nMotivazione:\n%s\n", subject, reason) < 0) return CM_ERROR;
    protocol_number n;
    int bad = commons_register(c, city_id, user_id, "pact_notice", id, "out", "decision",
                               "Pubblicazione all'albo", subject, text, "avviso-senza-esito.txt",
                               now, &n);
    free(text);
    if (bad || commons_good_event(c, h.good_id, NULL, "notice_void", reason, 0, user_id, now) ||
        audit(c, city_id, user_id, "pact_notice_void", "pact_notice", id,
              json_pack("{s:s}", "reason", reason)))
        return CM_ERROR;
    return CM_OK;
}

cm_rc pact_giunta(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, const char *act,
                  const char *approved_on, int64_t now)
{
    int64_t notice = 0, good = 0, city = 0;
    char kind[16] = "", state[16] = "", title[256] = "";
    bool approved = false;
    db_rows *r = db_query(c,
                          "SELECT city_id, kind, state, COALESCE(notice_id, 0), good_id, title, "
                          "giunta_act IS NOT NULL FROM pacts WHERE id = ?",
                          DB_ARGS(DB_INT(id)));
    if (r && db_next(r)) {
        city = db_int(r, 0);
        snprintf(kind, sizeof kind, "%s", db_text(r, 1));
        snprintf(state, sizeof state, "%s", db_text(r, 2));
        notice = db_int(r, 3);
        good = db_int(r, 4);
        snprintf(title, sizeof title, "%s", db_text(r, 5));
        approved = db_int(r, 6) != 0;
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    if (!city || city != city_id) return CM_NOT_FOUND;
    if (strcmp(kind, "complex") != 0 || strcmp(state, "proposed") != 0 || approved) return CM_STATE;
    notice_head h;
    cm_rc rc = notice_of(c, city_id, notice, &h);
    if (rc) return rc == CM_NOT_FOUND ? CM_STATE : rc;
    char today[11];
    date_rome(now, today);
    if (strcmp(today, h.until) <= 0) return CM_PROPOSALS_OPEN;
    if (strcmp(approved_on, h.until) <= 0 || strcmp(approved_on, today) > 0) return CM_OUTSIDE;
    /* The giunta approves one proposal: the others were merged or answered first. */
    int64_t others = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM pacts WHERE notice_id = ? AND id <> ? AND state IN "
                     "('proposed', 'published')",
                     DB_ARGS(DB_INT(notice), DB_INT(id)), &others) != DB_OK)
        return CM_ERROR;
    if (others) return CM_COMPETING;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE pacts SET giunta_act = ?, giunta_on = ?, updated_at = ? WHERE id = ? AND "
                "state = 'proposed' AND giunta_act IS NULL",
                DB_ARGS(DB_TEXT(act), DB_TEXT(approved_on), DB_INT(now), DB_INT(id)),
                &changed) != DB_OK ||
        (changed == 1 && db_exec(c,
                                 "UPDATE pact_notices SET state = 'closed' WHERE id = ? AND "
                                 "state = 'open'",
                                 DB_ARGS(DB_INT(notice)), NULL) != DB_OK))
        return CM_ERROR;
    if (changed != 1) return CM_STATE;
    char subject[400], *text = NULL;
    snprintf(subject, sizeof subject, "Approvazione della Giunta del patto complesso: %s", title);
    if (asprintf(&text, "%s\n\nAtto: %s del %s\nAvviso: %s\n", subject, act, approved_on, h.title) <
        0)
        return CM_ERROR;
    protocol_number n;
    int bad = commons_register(c, city_id, user_id, "pact", id, "out", "decision", "Giunta",
                               subject, text, "approvazione-giunta.txt", now, &n);
    free(text);
    if (bad || commons_good_event(c, good, NULL, "approved", act, id, user_id, now) ||
        audit(c, city_id, user_id, "pact_giunta", "pact", id,
              json_pack("{s:s,s:s}", "act", act, "approved_on", approved_on)))
        return CM_ERROR;
    return CM_OK;
}

json_t *notice_get(db_conn *c, int64_t id, const char *today)
{
    json_t *n = db_query_object(
        c,
        "SELECT n.id, n.city_id, n.good_id, g.name AS good_name, n.title, n.council_act, n.body, "
        "n.proposals_until, n.state, n.reason, n.meeting_on, n.meeting_minutes, n.published_at, "
        "e.year AS protocol_year, e.number AS protocol_number, CASE WHEN n.state = 'open' AND "
        "n.proposals_until >= ? THEN 1 ELSE 0 END AS is_taking_proposals, CASE WHEN n.state = "
        "'open' AND n.proposals_until < ? THEN 1 ELSE 0 END AS is_evaluating FROM pact_notices n "
        "JOIN commons_goods g ON g.id = n.good_id LEFT JOIN protocol_entries e ON e.id = "
        "n.protocol_entry_id WHERE n.id = ?",
        DB_ARGS(DB_TEXT(today), DB_TEXT(today), DB_INT(id)));
    if (!n) return NULL;
    json_t *one = json_array();
    json_array_append(one, n);
    protocol_label_each(one, "protocol_year", "protocol_number", "protocol_label");
    json_decref(one);
    json_t *proposals =
        db_query_json(c,
                      "SELECT id, title, proposer_kind, proposer_name, state, merged_into, "
                      "giunta_act, giunta_on, submitted_at, CASE WHEN state = 'proposed' THEN 1 "
                      "ELSE 0 END AS is_waiting FROM pacts WHERE notice_id = ? ORDER BY id",
                      DB_ARGS(DB_INT(id)));
    if (!proposals) {
        json_decref(n);
        return NULL;
    }
    size_t waiting = 0, i;
    json_t *x;
    json_array_foreach(proposals, i, x) waiting +=
        json_integer_value(json_object_get(x, "is_waiting")) != 0;
    json_object_set_new(n, "proposals", proposals);
    json_object_set_new(n, "waiting", json_integer((json_int_t)waiting));
    json_object_set_new(n, "is_competing", json_boolean(waiting > 1));
    return n;
}

json_t *notices_open(db_conn *c, int64_t city_id, const char *today)
{
    return db_query_json(c,
                         "SELECT n.id, n.title, n.proposals_until, g.id AS good_id, g.name AS "
                         "good_name, CASE WHEN n.proposals_until >= ? THEN 1 ELSE 0 END AS "
                         "is_taking_proposals FROM pact_notices n JOIN commons_goods g ON g.id = "
                         "n.good_id WHERE n.city_id = ? AND n.state = 'open' ORDER BY "
                         "n.proposals_until, n.id",
                         DB_ARGS(DB_TEXT(today), DB_INT(city_id)));
}

json_t *notices_of_good(db_conn *c, int64_t good_id)
{
    return db_query_json(c,
                         "SELECT id, title, state, proposals_until FROM pact_notices WHERE "
                         "good_id = ? ORDER BY id DESC",
                         DB_ARGS(DB_INT(good_id)));
}

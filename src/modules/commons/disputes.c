/* Disputes over a collaboration pact and the conciliation committee (docs/commons.md): raised by
 * the city or by a signatory while the pact is active and registered in the protocol; the
 * committee of three named by the city's officer, its proposal due within the regulation's
 * days; the outcome (settled, or not) registered too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"
#include "modules/commons/internal.h"

static int audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action, int64_t id,
                 json_t *detail)
{
    int rc = audit_append(c, city_id, user_id, action, "pact_dispute", id, detail);
    json_decref(detail);
    return rc;
}

cm_rc dispute_raise(db_conn *c, int64_t pact_id, int64_t user_id, bool city_side,
                    const char *subject, int64_t now, int64_t *id)
{
    *id = 0;
    db_rows *q = db_query(c, "SELECT city_id, state, title FROM pacts WHERE id = ?",
                          DB_ARGS(DB_INT(pact_id)));
    if (!q) return CM_ERROR;
    int64_t city = 0;
    char state[16] = "", title[256] = "";
    if (db_next(q)) {
        city = db_int(q, 0);
        snprintf(state, sizeof state, "%s", db_text(q, 1));
        snprintf(title, sizeof title, "%s", db_text(q, 2));
    }
    if (db_rows_close(q) != DB_OK) return CM_ERROR;
    if (!city) return CM_NOT_FOUND;
    if (strcmp(state, "active") != 0) return CM_STATE;
    int64_t open = 0;
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM pact_disputes WHERE pact_id = ? AND state IN ('raised', "
                     "'committee')",
                     DB_ARGS(DB_INT(pact_id)), &open) != DB_OK)
        return CM_ERROR;
    if (open) return CM_DISPUTE_OPEN;
    char psubject[400], *text = NULL;
    snprintf(psubject, sizeof psubject, "Controversia sul patto di collaborazione «%s»", title);
    if (asprintf(&text, "%s\n\nSollevata da: %s\n\n%s\n", psubject,
                 city_side ? "il Comune" : "i firmatari", subject) < 0)
        return CM_ERROR;
    protocol_number n;
    int bad = commons_register(c, city, user_id, "pact", pact_id, city_side ? "out" : "in",
                               "letter", city_side ? "Firmatari del patto" : "Comune", psubject,
                               text, "controversia.txt", now, &n);
    free(text);
    if (bad) return CM_ERROR;
    db_rc rc = db_query_int(
        c,
        "INSERT INTO pact_disputes (pact_id, city_id, side, subject, raised_by, "
        "raised_at, protocol_label) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(pact_id), DB_INT(city), DB_TEXT(city_side ? "city" : "signatories"),
                DB_TEXT(subject), DB_INT(user_id), DB_INT(now), DB_TEXT(n.label)),
        id);
    if (rc == DB_CONSTRAINT) return CM_DISPUTE_OPEN;
    if (rc != DB_OK) return CM_ERROR;
    return audit(c, city, user_id, "dispute_raise", *id,
                 json_pack("{s:I,s:s}", "pact", (json_int_t)pact_id, "protocol", n.label))
               ? CM_ERROR
               : CM_OK;
}

cm_rc dispute_committee(db_conn *c, int64_t city_id, int64_t id, int64_t user_id,
                        const dispute_committee_in *in, const char *today, int64_t now)
{
    int64_t days = 30;
    if (db_query_int(c, "SELECT dispute_days FROM pact_rules WHERE city_id = ?",
                     DB_ARGS(DB_INT(city_id)), &days) != DB_OK)
        return CM_ERROR;
    char due[11];
    date_from_day_number(date_day_number(today) + days, due);
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE pact_disputes SET state = 'committee', member_signatories = ?, "
                "member_city = ?, chair = ?, formed_at = ?, due_on = ? WHERE id = ? AND city_id = "
                "? AND state = 'raised'",
                DB_ARGS(DB_TEXT(in->member_signatories), DB_TEXT(in->member_city),
                        DB_TEXT(in->chair), DB_INT(now), DB_TEXT(due), DB_INT(id), DB_INT(city_id)),
                &changed) != DB_OK)
        return CM_ERROR;
    if (!changed) {
        int64_t there = 0;
        if (db_query_int(c, "SELECT COUNT(*) FROM pact_disputes WHERE id = ? AND city_id = ?",
                         DB_ARGS(DB_INT(id), DB_INT(city_id)), &there) != DB_OK)
            return CM_ERROR;
        return there ? CM_STATE : CM_NOT_FOUND;
    }
    return audit(c, city_id, user_id, "dispute_committee", id,
                 json_pack("{s:s,s:s,s:s,s:s}", "signatories", in->member_signatories, "city",
                           in->member_city, "chair", in->chair, "due_on", due))
               ? CM_ERROR
               : CM_OK;
}

cm_rc dispute_close(db_conn *c, int64_t city_id, int64_t id, int64_t user_id, bool settled,
                    const char *proposal, int64_t now)
{
    int64_t pact = 0;
    if (db_query_int(c, "SELECT pact_id FROM pact_disputes WHERE id = ? AND city_id = ?",
                     DB_ARGS(DB_INT(id), DB_INT(city_id)), &pact) != DB_OK)
        return CM_ERROR;
    if (!pact) return CM_NOT_FOUND;
    int64_t changed = 0;
    if (db_exec(c,
                "UPDATE pact_disputes SET state = ?, proposal = ?, closed_by = ?, closed_at = ? "
                "WHERE id = ? AND state = 'committee'",
                DB_ARGS(DB_TEXT(settled ? "conciliated" : "failed"), DB_TEXT(proposal),
                        DB_INT(user_id), DB_INT(now), DB_INT(id)),
                &changed) != DB_OK)
        return CM_ERROR;
    if (!changed) return CM_STATE;
    /* The committee's proposal goes to the signatories, registered. */
    char *text = NULL;
    if (asprintf(&text, "Esito del tentativo di conciliazione: %s\n\n%s\n",
                 settled ? "controversia composta" : "conciliazione non riuscita", proposal) < 0)
        return CM_ERROR;
    protocol_number n;
    int bad = commons_register(c, city_id, user_id, "pact", pact, "out", "decision",
                               "Firmatari del patto", "Esito della conciliazione sul patto", text,
                               "conciliazione.txt", now, &n);
    free(text);
    if (bad) return CM_ERROR;
    return audit(c, city_id, user_id, settled ? "dispute_settled" : "dispute_failed", id,
                 json_pack("{s:s}", "protocol", n.label))
               ? CM_ERROR
               : CM_OK;
}

json_t *pact_disputes(db_conn *c, int64_t pact_id, const char *today)
{
    return db_query_json(c,
                         "SELECT d.id, d.side, d.subject, d.raised_at, u.name AS raised_by, "
                         "d.protocol_label, d.state, d.member_signatories, d.member_city, "
                         "d.chair, d.due_on, d.proposal, d.closed_at, CASE WHEN d.state = "
                         "'committee' AND d.due_on < ? THEN 1 ELSE 0 END AS is_late, CASE WHEN "
                         "d.state = 'raised' THEN 1 ELSE 0 END AS is_raised, CASE WHEN d.state = "
                         "'committee' THEN 1 ELSE 0 END AS is_committee FROM pact_disputes d "
                         "JOIN users u ON u.id = d.raised_by WHERE d.pact_id = ? ORDER BY "
                         "d.raised_at DESC, d.id DESC",
                         DB_ARGS(DB_TEXT(today), DB_INT(pact_id)));
}

int64_t dispute_pact(db_conn *c, int64_t id)
{
    int64_t pact = 0;
    return db_query_int(c, "SELECT pact_id FROM pact_disputes WHERE id = ?", DB_ARGS(DB_INT(id)),
                        &pact) == DB_OK
               ? pact
               : 0;
}

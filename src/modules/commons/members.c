/* The people of a pact: signatories joining and leaving an open pact, comments while it is
 * published, and the support ledger of both sides. */
#include <string.h>

#include "base/timefmt.h"
#include "modules/audit/audit.h"
#include "modules/commons/commons.h"

const char *const commons_ledger_kinds[] = {"materials",  "tools",       "utilities",
                                            "fee_waiver", "staff_hours", "volunteer_hours",
                                            "other",      NULL};

int64_t pact_city(db_conn *c, int64_t id)
{
    int64_t city = 0;
    db_query_int(c, "SELECT city_id FROM pacts WHERE id = ?", DB_ARGS(DB_INT(id)), &city);
    return city;
}

bool pact_is_member(db_conn *c, int64_t id, int64_t user_id)
{
    int64_t n = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM pact_signatories WHERE pact_id = ? AND user_id = ? AND "
                 "left_at IS NULL",
                 DB_ARGS(DB_INT(id), DB_INT(user_id)), &n);
    return n > 0;
}

/* The pact is active, not past its end, and (for joining) open: CM_OK, or why not. */
static cm_rc running(db_conn *c, int64_t id, int64_t now, bool joining)
{
    char today[11];
    date_rome(now, today);
    db_rows *r =
        db_query(c, "SELECT state, ends_on, is_open FROM pacts WHERE id = ?", DB_ARGS(DB_INT(id)));
    cm_rc rc = CM_NOT_FOUND;
    if (r && db_next(r)) {
        const char *ends = db_text(r, 1);
        if (strcmp(db_text(r, 0), "active") != 0 || !ends || strcmp(ends, today) < 0)
            rc = CM_STATE;
        else
            rc = joining && db_int(r, 2) == 0 ? CM_CLOSED : CM_OK;
    }
    if (db_rows_close(r) != DB_OK) return CM_ERROR;
    return rc;
}

cm_rc pact_join(db_conn *c, int64_t id, int64_t user_id, int64_t now)
{
    cm_rc rc = running(c, id, now, true);
    if (rc) return rc;
    /* The partial unique index decides between two requests of one person at once. */
    int64_t added = 0;
    if (db_exec(c,
                "INSERT INTO pact_signatories (pact_id, user_id, role, joined_at) VALUES (?, ?, "
                "'member', ?) ON CONFLICT (pact_id, user_id) WHERE left_at IS NULL DO NOTHING",
                DB_ARGS(DB_INT(id), DB_INT(user_id), DB_INT(now)), &added) != DB_OK)
        return CM_ERROR;
    if (!added) return CM_MEMBER;
    return audit_append(c, pact_city(c, id), user_id, "pact_join", "pact", id, NULL) ? CM_ERROR
                                                                                     : CM_OK;
}

cm_rc pact_leave(db_conn *c, int64_t id, int64_t user_id, int64_t now)
{
    int64_t left = 0;
    if (db_exec(c,
                "UPDATE pact_signatories SET left_at = ? WHERE pact_id = ? AND user_id = ? AND "
                "left_at IS NULL AND role = 'member'",
                DB_ARGS(DB_INT(now), DB_INT(id), DB_INT(user_id)), &left) != DB_OK)
        return CM_ERROR;
    if (!left) return pact_is_member(c, id, user_id) ? CM_PROPOSER_LEAVES : CM_NOT_MEMBER;
    return audit_append(c, pact_city(c, id), user_id, "pact_leave", "pact", id, NULL) ? CM_ERROR
                                                                                      : CM_OK;
}

cm_rc pact_comment(db_conn *c, int64_t id, int64_t user_id, const char *text, int64_t now)
{
    char today[11];
    date_rome(now, today);
    int64_t open = -1;
    if (db_query_int(c,
                     "SELECT CASE WHEN state = 'published' AND comments_until >= ? THEN 1 ELSE 0 "
                     "END FROM pacts WHERE id = ?",
                     DB_ARGS(DB_TEXT(today), DB_INT(id)), &open) != DB_OK)
        return CM_ERROR;
    if (open < 0) return CM_NOT_FOUND;
    if (!open) return CM_STATE;
    return db_exec(c,
                   "INSERT INTO pact_comments (pact_id, user_id, text, created_at) VALUES (?, ?, "
                   "?, ?)",
                   DB_ARGS(DB_INT(id), DB_INT(user_id), DB_TEXT(text), DB_INT(now)), NULL) == DB_OK
               ? CM_OK
               : CM_ERROR;
}

cm_rc pact_ledger_add(db_conn *c, int64_t id, int64_t user_id, const ledger_in *in, int64_t now)
{
    cm_rc rc = running(c, id, now, false);
    if (rc) return rc;
    if (db_exec(c,
                "INSERT INTO pact_ledger (pact_id, side, kind, description, hours_centi, "
                "value_cents, on_date, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                DB_ARGS(DB_INT(id), DB_TEXT(in->side), DB_TEXT(in->kind), DB_TEXT(in->description),
                        DB_INT(in->hours_centi), DB_INT(in->value_cents), DB_TEXT(in->on_date),
                        DB_INT(user_id), DB_INT(now)),
                NULL) != DB_OK)
        return CM_ERROR;
    json_t *d = json_pack("{s:s,s:s,s:I}", "side", in->side, "kind", in->kind, "value_cents",
                          (json_int_t)in->value_cents);
    int bad = audit_append(c, pact_city(c, id), user_id, "pact_ledger_add", "pact", id, d);
    json_decref(d);
    return bad ? CM_ERROR : CM_OK;
}

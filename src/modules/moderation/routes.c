#include "modules/moderation/routes.h"

#include <string.h>

#include "base/clock.h"
#include "modules/audit/audit.h"
#include "modules/housing/housing.h"
#include "modules/moderation/moderation.h"
#include "modules/tickets/tickets.h"
#include "web/input.h"

static int fail(req *r, mod_rc rc)
{
    db_rollback(r->db);
    if (rc == MOD_NOT_FOUND) return req_error(r, 404, "error.not_found");
    if (rc == MOD_ALREADY) return req_error(r, 409, "moderation.already");
    return -1;
}

int moderation_flag_create(req *r)
{
    const char *entity = in_choice(r, "entity", moderation_entities, IN_REQUIRED);
    int64_t id = in_int(r, "entity_id", 1, INT64_MAX, IN_REQUIRED);
    const char *reason = in_text(r, "reason", 500, IN_OPTIONAL);
    const char *back = in_text(r, "back", 200, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "moderation.invalid");
    /* Only content of the flagger's own city, and a ticket's comments only if they see it. */
    resident_place at;
    int64_t city = moderation_city_of(r->db, entity, id);
    if (!resident_place_of(r->db, r->user->id, &at) || at.city_id != city)
        return req_error(r, 404, "error.not_found");
    if (strcmp(entity, "ticket_comment") == 0) {
        int64_t ticket = ticket_of_comment(r->db, id);
        if (!ticket_visible(r->db, ticket, r->user->id))
            return req_error(r, 404, "error.not_found");
    }
    bool hidden = false;
    if (db_begin(r->db) != DB_OK) return -1;
    mod_rc rc = moderation_flag(r->db, entity, id, r->user->id, reason, clock_now_us(), &hidden);
    if (rc != MOD_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : MOD_ERROR);
    r->view = json_pack("{s:b}", "hidden", hidden);
    /* Back to the page it was on: only a local path, never another site. */
    return req_redirect(r, req_local_path(back) ? back : "/", "moderation.flagged");
}

int moderation_page(req *r)
{
    json_t *q = moderation_queue(r->db, req_city_for(r, ROLE_OFFICER));
    req_label_each(r, q, "entity", "moderation.entity", "entity_label");
    r->view = json_pack("{s:o,s:i}", "items", q, "hide_at", MODERATION_HIDE_AT);
    r->template = "moderation/index";
    r->title_key = "moderation.title";
    return 0;
}

int moderation_decide_post(req *r)
{
    static const char *const DECISIONS[] = {"kept", "removed", NULL};
    const char *entity = in_choice(r, "entity", moderation_entities, IN_REQUIRED);
    int64_t id = in_int(r, "entity_id", 1, INT64_MAX, IN_REQUIRED);
    const char *decision = in_choice(r, "decision", DECISIONS, IN_REQUIRED);
    const char *note = in_text(r, "note", 1000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "moderation.invalid");
    int64_t city = req_city_for(r, ROLE_OFFICER);
    if (db_begin(r->db) != DB_OK) return -1;
    mod_rc rc =
        moderation_decide(r->db, city, entity, id, decision, note, r->user->id, clock_now_us());
    json_t *detail = json_pack("{s:s}", "decision", decision);
    if (rc == MOD_OK && audit_append(r->db, city, r->user->id, "moderation", entity, id, detail))
        rc = MOD_ERROR;
    json_decref(detail);
    if (rc != MOD_OK || db_commit(r->db) != DB_OK) return fail(r, rc ? rc : MOD_ERROR);
    return req_redirect(r, "/moderation", "moderation.decided");
}

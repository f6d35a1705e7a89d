#include "modules/home/work.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "modules/hubs/hubs.h"

/* One item: a count in one statement. args names the parameters in order: u the user, c the
 * city, o the body, n now, w a week from now, d today's date in Rome. */
typedef struct work_item {
    const char *role, *key, *href;
    bool urgent; /* shown as needing action (late, waiting for this person) */
    const char *args, *sql;
} work_item;

#define OPEN_TICKET "t.state IN ('new', 'acknowledged', 'in_progress')"

static const work_item ITEMS[] = {
    /* The city's officer (RUP). */
    {"officer", "late_tickets", "/queue", true, "cn",
     "SELECT COUNT(*) FROM tickets t WHERE t.city_id = ? AND t.due_at < ? AND " OPEN_TICKET},
    {"officer", "proposals_to_check", "/proposals", true, "c",
     "SELECT COUNT(*) FROM proposals p JOIN calls k ON k.id = p.call_id WHERE k.city_id = ? "
     "AND p.status = 'submitted' AND p.admissibility = 'pending'"},
    {"officer", "agreements_to_sign", "/agreements", true, "c",
     "SELECT COUNT(*) FROM agreements WHERE city_id = ? AND state = 'signed_ets'"},
    {"officer", "periods_submitted", "/monitoring", true, "c",
     "SELECT COUNT(*) FROM indicator_periods ip JOIN agreements a ON a.id = ip.agreement_id "
     "WHERE a.city_id = ? AND ip.state = 'submitted'"},
    {"officer", "sessions_this_week", "/calls", false, "cnw",
     "SELECT COUNT(*) FROM table_sessions s JOIN codesign_tables t ON t.id = s.table_id "
     "JOIN calls k ON k.id = t.call_id WHERE k.city_id = ? AND s.starts_at >= ? "
     "AND s.starts_at < ?"},
    {"officer", "residents_to_verify", "/housing", true, "c",
     "SELECT COUNT(*) FROM residents WHERE city_id = ? AND state = 'pending'"},
    {"officer", "ideas_unanswered", "/ideas", false, "c",
     "SELECT COUNT(*) FROM ideas WHERE city_id = ? AND state = 'open'"},
    {"officer", "pacts_to_answer", "/commons/pacts", true, "c",
     "SELECT COUNT(*) FROM pacts WHERE city_id = ? AND state IN ('proposed', 'published')"},
    /* Notices for complex pacts whose proposals closed: the comparison and the giunta wait. */
    {"officer", "notices_to_weigh", "/commons", true, "cd",
     "SELECT COUNT(*) FROM pact_notices WHERE city_id = ? AND state = 'open' AND "
     "proposals_until < ?"},
    /* A member of an evaluation commission. */
    {"evaluator", "to_declare", "/calls", true, "u",
     "SELECT COUNT(*) FROM commission_members m JOIN calls k ON k.id = m.call_id "
     "AND k.state = 'evaluation' JOIN proposals p ON p.call_id = m.call_id "
     "AND p.status = 'submitted' AND p.admissibility = 'admitted' WHERE m.user_id = ? "
     "AND m.replaced_at IS NULL AND NOT EXISTS (SELECT 1 FROM conflict_declarations d "
     "WHERE d.proposal_id = p.id AND d.user_id = m.user_id)"},
    {"evaluator", "to_score", "/calls", true, "u",
     "SELECT COUNT(*) FROM commission_members m JOIN calls k ON k.id = m.call_id "
     "AND k.state = 'evaluation' JOIN proposals p ON p.call_id = m.call_id "
     "AND p.status = 'submitted' AND p.admissibility = 'admitted' "
     "JOIN conflict_declarations d ON d.proposal_id = p.id AND d.user_id = m.user_id "
     "WHERE m.user_id = ? AND m.replaced_at IS NULL AND (SELECT COUNT(*) FROM scores s "
     "WHERE s.proposal_id = p.id AND s.user_id = m.user_id) < (SELECT COUNT(*) FROM "
     "call_criteria c WHERE c.call_id = m.call_id)"},
    /* First-level control. */
    {"controller", "claims_to_check", "/controls", true, "c",
     "SELECT COUNT(*) FROM expense_claims e JOIN agreements a ON a.id = e.agreement_id "
     "WHERE a.city_id = ? AND e.state = 'submitted'"},
    {"controller", "draw_due", "/controls", false, "ccn",
     "SELECT CASE WHEN EXISTS (SELECT 1 FROM expense_claims e JOIN agreements a "
     "ON a.id = e.agreement_id WHERE a.city_id = ? AND e.state = 'checked') AND NOT EXISTS "
     "(SELECT 1 FROM sample_draws s WHERE s.city_id = ? AND s.drawn_at > ? - 7776000000000) "
     "THEN 1 ELSE 0 END"},
    /* A Third Sector body. */
    {"ets", "agreements_to_sign_ets", "/agreements", true, "o",
     "SELECT COUNT(*) FROM agreements WHERE organisation_id = ? AND state = 'draft'"},
    {"ets", "minutes_to_approve", "/proposals", true, "u",
     "SELECT COUNT(*) FROM minutes_versions v JOIN table_sessions s ON s.id = v.session_id "
     "JOIN table_participants tp ON tp.table_id = s.table_id AND tp.approves = 1 "
     "AND tp.user_id = ? WHERE v.version = (SELECT MAX(v2.version) FROM minutes_versions v2 "
     "WHERE v2.session_id = v.session_id) AND NOT EXISTS (SELECT 1 FROM minutes_approvals ma "
     "WHERE ma.version_id = v.id AND ma.participant_id = tp.id)"},
    {"ets", "drafts_open", "/proposals", true, "on",
     "SELECT COUNT(*) FROM proposals p JOIN calls k ON k.id = p.call_id "
     "WHERE p.organisation_id = ? AND p.status = 'draft' AND k.state = 'published' "
     "AND k.deadline_at > ?"},
    {"ets", "periods_due", "/agreements", true, "o",
     "SELECT COUNT(*) FROM indicator_periods ip JOIN agreements a ON a.id = ip.agreement_id "
     "WHERE a.organisation_id = ? AND ip.state IN ('draft', 'returned')"},
    {"ets", "claims_reduced", "/agreements", false, "o",
     "SELECT COUNT(*) FROM expense_claims e JOIN agreements a ON a.id = e.agreement_id "
     "WHERE a.organisation_id = ? AND e.state = 'checked' AND EXISTS (SELECT 1 FROM "
     "expense_lines l WHERE l.claim_id = e.id AND l.admitted_cents < l.amount_cents)"},
    {"ets", "claims_draft", "/agreements", false, "o",
     "SELECT COUNT(*) FROM expense_claims e JOIN agreements a ON a.id = e.agreement_id "
     "WHERE a.organisation_id = ? AND e.state = 'draft'"},
    {"ets", "hub_tickets", "/queue", false, "o",
     "SELECT COUNT(*) FROM tickets t JOIN hubs h ON h.id = t.hub_id "
     "WHERE h.organisation_id = ? AND " OPEN_TICKET},
    /* A tenant. */
    {"resident", "tickets_resolved", "/tickets", true, "u",
     "SELECT COUNT(*) FROM tickets WHERE author_id = ? AND state = 'resolved'"},
    {"resident", "exchanges_to_confirm", "/timebank", true, "uuu",
     "SELECT COUNT(*) FROM exchanges WHERE state = 'proposed' AND proposed_by <> ? "
     "AND (helper_id = ? OR helped_id = ?)"},
    {"resident", "unread_notices", "/notifications", false, "u",
     "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL"},
    {"resident", "tickets_open", "/tickets", false, "u",
     "SELECT COUNT(*) FROM tickets t WHERE t.author_id = ? AND " OPEN_TICKET},
    {"resident", "next_activities", "/events", false, "un",
     "SELECT COUNT(*) FROM event_registrations r JOIN events e ON e.id = r.event_id "
     "WHERE r.user_id = ? AND r.state IN ('confirmed', 'waiting') AND e.starts_at > ?"},
    {"resident", "next_bookings", "/rooms", false, "un",
     "SELECT COUNT(*) FROM bookings WHERE user_id = ? AND state IN ('pending', 'confirmed') "
     "AND starts_at > ?"},
    /* The housing company's staff. */
    {"housing", "late_tickets", "/queue", true, "cn",
     "SELECT COUNT(*) FROM tickets t JOIN ticket_categories k ON k.id = t.category_id "
     "WHERE t.city_id = ? AND k.handled_by = 'housing' AND t.due_at < ? AND " OPEN_TICKET},
    {"housing", "new_tickets", "/queue", true, "c",
     "SELECT COUNT(*) FROM tickets t JOIN ticket_categories k ON k.id = t.category_id "
     "WHERE t.city_id = ? AND k.handled_by = 'housing' AND t.state = 'new'"},
    {"housing", "residents_to_verify", "/housing", true, "c",
     "SELECT COUNT(*) FROM residents WHERE city_id = ? AND state = 'pending'"},
    /* The city's social workers. */
    {"social", "reviews_due", "/people/by-name", true, "cd",
     "SELECT COUNT(*) FROM pathways WHERE city_id = ? AND state = 'open' AND next_review_on < ?"},
    {"social", "people_without_ethos", "/people", true, "c",
     "SELECT COUNT(*) FROM people WHERE city_id = ? AND ethos IS NULL AND merged_into IS NULL"},
    {"social", "people_followed", "/people", false, "c",
     "SELECT COUNT(*) FROM people WHERE city_id = ? AND merged_into IS NULL"},
    {"social", "mail_waiting", "/people", false, "c",
     "SELECT COUNT(*) FROM mail_items WHERE city_id = ? AND handed_at IS NULL"},
    /* The registry office. */
    {"registry", "address_requests", "/registry", true, "c",
     "SELECT COUNT(*) FROM registered_addresses WHERE city_id = ? AND state = 'requested'"},
    /* A body, for the people who agreed that it may see their record. */
    {"ets", "people_consented", "/people", false, "o",
     "SELECT COUNT(*) FROM people p WHERE p.restricted = 0 AND EXISTS (SELECT 1 FROM "
     "person_consents k WHERE k.person_id = p.id AND k.organisation_id = ? AND k.revoked_at IS "
     "NULL)"},
    {"ets", "referrals_waiting", "/referrals", true, "o",
     "SELECT COUNT(*) FROM referrals WHERE organisation_id = ? AND state = 'sent'"},
    /* The platform's administrator. */
    {"admin", "outbox_failed", "/admin/outbox", true, "",
     "SELECT COUNT(*) FROM outbox WHERE state = 'failed'"},
    {"admin", "cities", "/admin/cities", false, "", "SELECT COUNT(*) FROM cities"},
    {"admin", "users", "/admin/users", false, "", "SELECT COUNT(*) FROM users"},
};

enum { MAX_ITEMS = 12, MAX_ARGS = 8 * MAX_ITEMS };

/* A home page counts what needs a person up to this many and then says "100+": the work of
 * the page stays the same however large the city (Milan's late tickets alone were 2,223 rows
 * to walk on every visit), and the full list is one click away. */
enum { WORK_COUNT_CAP = 100 };
static const char COUNT_PREFIX[] = "SELECT COUNT(*) ";

/* Appends item query q to sql as a scalar subquery, a count capped at WORK_COUNT_CAP. */
static void put_count(buf *sql, const char *q)
{
    if (strncmp(q, COUNT_PREFIX, sizeof COUNT_PREFIX - 1) != 0) {
        buf_printf(sql, "(%s)", q); /* not a count (a yes or no) */
        return;
    }
    buf_printf(sql, "(SELECT COUNT(*) FROM (SELECT 1 %s LIMIT %d) AS capped)",
               q + sizeof COUNT_PREFIX - 1, WORK_COUNT_CAP);
}

/* For some items, the instant that matters most among them (the nearest deadline), with the
 * item's own parameters. */
static const struct {
    const char *key, *sql;
} NEXT[] = {
    {"drafts_open", "SELECT MIN(k.deadline_at) FROM proposals p JOIN calls k ON k.id = p.call_id "
                    "WHERE p.organisation_id = ? AND p.status = 'draft' AND k.state = 'published' "
                    "AND k.deadline_at > ?"},
};

static const char *next_sql(const work_item *it)
{
    for (size_t i = 0; i < sizeof NEXT / sizeof NEXT[0]; i++)
        if (strcmp(NEXT[i].key, it->key) == 0) return NEXT[i].sql;
    return NULL;
}

static db_param arg(char a, const work_for *w, const char *today)
{
    return a == 'd'   ? DB_TEXT(today)
           : a == 'u' ? DB_INT(w->user_id)
           : a == 'c' ? DB_INT(w->city_id)
           : a == 'o' ? DB_INT(w->org_id)
           : a == 'n' ? DB_INT(w->now)
                      : DB_INT(w->now + INT64_C(7) * 86400 * 1000000);
}

/* All the counts of one role in one statement, a scalar subquery each: one round trip to the
 * database whatever the number of items (the statement text is the same every time, so it is
 * prepared once per connection). */
json_t *work_items(db_conn *c, const char *role, const work_for *w)
{
    const work_item *mine[MAX_ITEMS];
    int n = 0;
    for (size_t i = 0; i < sizeof ITEMS / sizeof ITEMS[0] && n < MAX_ITEMS; i++)
        if (strcmp(ITEMS[i].role, role) == 0) mine[n++] = &ITEMS[i];
    if (n == 0) return NULL;
    buf sql;
    buf_init(&sql, 16384);
    db_param args[MAX_ARGS];
    int nargs = 0;
    char today[11];
    date_rome(w->now, today);
    buf_puts(&sql, "SELECT ");
    int cols = 0;
    for (int i = 0; i < n; i++) {
        for (int part = 0; part < 2; part++) {
            const char *q = part ? next_sql(mine[i]) : mine[i]->sql;
            if (!q) continue;
            if (cols++) buf_puts(&sql, ", ");
            if (part)
                buf_printf(&sql, "(%s)", q);
            else
                put_count(&sql, q);
            for (const char *a = mine[i]->args; *a && nargs < MAX_ARGS; a++)
                args[nargs++] = arg(*a, w, today);
        }
    }
    int64_t counts[MAX_ITEMS] = {0}, next[MAX_ITEMS] = {0};
    db_rows *r = sql.overflow ? NULL : db_query(c, sql.data, nargs ? args : NULL, nargs);
    if (r && db_next(r))
        for (int i = 0, col = 0; i < n; i++) {
            counts[i] = db_int(r, col++);
            if (!next_sql(mine[i])) continue;
            next[i] = db_isnull(r, col) ? 0 : db_int(r, col);
            col++;
        }
    db_rows_close(r);
    buf_free(&sql);
    json_t *todo = json_array(), *rest = json_array();
    for (int i = 0; i < n; i++) {
        char shown[32];
        snprintf(shown, sizeof shown, counts[i] >= WORK_COUNT_CAP ? "%lld+" : "%lld",
                 (long long)counts[i]);
        json_t *item = json_pack("{s:s,s:I,s:s,s:b,s:s,s:b,s:b}", "key", mine[i]->key, "count",
                                 (json_int_t)counts[i], "shown", shown, "capped",
                                 counts[i] >= WORK_COUNT_CAP, "href", mine[i]->href, "urgent",
                                 mine[i]->urgent && counts[i] > 0, "zero", counts[i] == 0);
        if (next[i]) json_object_set_new(item, "next_at", json_integer(next[i]));
        json_array_append_new(counts[i] ? todo : rest, item);
    }
    json_array_extend(todo, rest);
    json_decref(rest);
    return todo;
}

json_t *work_cities(db_conn *c, int64_t now)
{
    return db_query_json(
        c,
        "SELECT ci.id, ci.name, ci.istat_code, "
        "(SELECT COUNT(*) FROM calls k WHERE k.city_id = ci.id AND k.state <> 'draft') AS calls, "
        "(SELECT COUNT(*) FROM proposals p JOIN calls k ON k.id = p.call_id "
        "WHERE k.city_id = ci.id AND p.status = 'submitted') AS proposals, "
        "(SELECT COUNT(*) FROM agreements a WHERE a.city_id = ci.id AND a.state = 'active') "
        "AS agreements_active, "
        "(SELECT COUNT(*) FROM expense_claims e JOIN agreements a ON a.id = e.agreement_id "
        "WHERE a.city_id = ci.id AND e.state = 'submitted') AS claims_waiting, "
        "(SELECT COUNT(*) FROM tickets t WHERE t.city_id = ci.id AND t.due_at < ? "
        "AND " OPEN_TICKET ") AS late_tickets "
        "FROM cities ci ORDER BY ci.name",
        DB_ARGS(DB_INT(now)));
}

json_t *work_resident_hub(db_conn *c, int64_t user_id, const char *lang, int64_t now)
{
    struct tm tm;
    int weekday = time_rome(now / 1000000, &tm) ? (tm.tm_wday + 6) % 7 + 1 : 1;
    /* The hub and today's periods in one round trip: a row per period, or one with NULLs. */
    db_rows *r = db_query(
        c,
        "SELECT h.id, h.name, h.address, h.phone, hh.opens, hh.closes FROM (SELECT h.id, h.name, "
        "h.address, h.phone FROM hubs h JOIN hub_buildings hb ON hb.hub_id = h.id JOIN units u "
        "ON u.building_id = hb.building_id JOIN residents re ON re.unit_id = u.id "
        "WHERE re.user_id = ? AND re.state = 'active' ORDER BY h.id LIMIT 1) h "
        "LEFT JOIN hub_hours hh ON hh.hub_id = h.id AND hh.weekday = ? ORDER BY hh.opens",
        DB_ARGS(DB_INT(user_id), DB_INT(weekday)));
    json_t *hub = NULL;
    week_period p[8];
    int n = 0;
    while (r && db_next(r)) {
        if (!hub)
            hub = json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_int(r, 0), "name",
                            db_text(r, 1), "address", db_text(r, 2), "phone", db_text(r, 3));
        if (!db_isnull(r, 4) && n < 8)
            p[n++] = (week_period){weekday, (int)db_int(r, 4), (int)db_int(r, 5)};
    }
    db_rows_close(r);
    if (!hub) return NULL;
    char text[256] = "";
    if (n) hours_format(p, n, lang, text, sizeof text);
    /* "lun 9:00-12:30": today needs no day name. */
    const char *hours = strchr(text, ' ');
    json_object_set_new(hub, "today", json_string(hours ? hours + 1 : ""));
    return hub;
}

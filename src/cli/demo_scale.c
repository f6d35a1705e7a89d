#include "cli/demo_scale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "modules/housing/housing.h"
#include "modules/pathways/pathways.h"

static const char *const HOODS[] = {
    "Corvetto",       "Gallaratese",       "Quarto Cagnino", "Gorla",    "Barona",
    "Quarto Oggiaro", "Lorenteggio",       "Giambellino",    "San Siro", "Niguarda",
    "Comasina",       "Molise-Calvairate", "Ponte Lambro",   "Stadera",  "Mazzini"};

/* The stock as the housing company's file: 26 units a building, and a fixed share of units
 * (8,571 of 38,616 at Milan's size) with a second resident, chosen by a stride so that every
 * run is the same. Units [from, to) only: the import takes at most IMPORT_MAX_ROWS rows. */
static char *stock_file(int64_t from, int64_t to, int64_t units, int64_t extra, size_t *len)
{
    buf csv;
    buf_init(&csv, (size_t)(to - from) * 2 * 128 + 4096);
    buf_puts(&csv, "building_code;address;neighbourhood;municipio;managing_body;unit_code;"
                   "full_name;tax_code\n");
    enum { NHOODS = sizeof HOODS / sizeof HOODS[0] };
    for (int64_t u = from; u < to; u++) {
        int64_t b = u / SCALE_UNITS_PER_BUILDING;
        int people = 1 + ((u * 7919) % units < extra);
        for (int k = 0; k < people; k++)
            buf_printf(&csv,
                       "MI-S%06lld;via Scala %lld;%s;%lld;MM Casa (demo);int. %lld;Persona "
                       "%lld-%d (fittizia);\n",
                       (long long)b, (long long)b, HOODS[b % NHOODS], (long long)(b % 9 + 1),
                       (long long)(u % SCALE_UNITS_PER_BUILDING + 1), (long long)u, k);
    }
    if (csv.overflow) {
        buf_free(&csv);
        return NULL;
    }
    return buf_detach(&csv, len);
}

/* The stock imported in files of whole buildings, each under the import's row limit. */
static int import_stock(db_conn *c, int64_t city, int64_t units, int64_t extra, int64_t now)
{
    const int64_t chunk =
        (int64_t)(IMPORT_MAX_ROWS / 2 / SCALE_UNITS_PER_BUILDING) * SCALE_UNITS_PER_BUILDING;
    for (int64_t from = 0; from < units; from += chunk) {
        int64_t to = from + chunk < units ? from + chunk : units;
        size_t len = 0;
        char *data = stock_file(from, to, units, extra, &len);
        json_t *report = NULL;
        housing_rc rc = data ? housing_import(c, city, data, len, now, &report) : HOUSING_ERROR;
        free(data);
        json_decref(report);
        if (rc != HOUSING_OK) {
            log_error("demo --scale: the stock import failed (units %lld to %lld)", (long long)from,
                      (long long)to);
            return -1;
        }
    }
    return 0;
}

static int run(db_conn *c, const char *what, const char *sql, const db_param *p, int np)
{
    int64_t n = 0;
    if (db_exec(c, sql, p, np, &n) != DB_OK) {
        log_error("demo --scale: %s: %s", what, db_errmsg(c));
        return -1;
    }
    printf("  %-44s %8lld\n", what, (long long)n);
    return 0;
}

/* The people the social service follows at a large city's size (issue 16: 20,000 people known,
 * 200,000 street contacts at 1x): every one with an ETHOS Light category and its history, one in
 * four in charge with an assessment, ten contacts each linked to their record. */
enum { SCALE_PEOPLE = 20000, SCALE_CONTACTS_EACH = 10 };
static int scale_followed(db_conn *c, int64_t city, int64_t now, double factor)
{
    int64_t n = llround(SCALE_PEOPLE * factor), first = 0, first_contact = 0, social = 0;
    int64_t day = INT64_C(86400000000);
    if (db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM people", DB_NOARGS, &first) != DB_OK ||
        db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM street_contacts", DB_NOARGS,
                     &first_contact) != DB_OK ||
        db_query_int(c,
                     "SELECT MIN(user_id) FROM memberships WHERE role = 'social' AND city_id = ?",
                     DB_ARGS(DB_INT(city)), &social) != DB_OK ||
        !social)
        return -1;
    return run(c, "people followed by the social service",
               "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n "
               "WHERE i < CAST(? AS BIGINT)) INSERT INTO people (city_id, given_name, family_name, "
               "birth_year, gender, ethos, created_by, created_at, last_contact_at) SELECT ?, "
               "'Nome' || i, 'Scala' || (i % 997), 1940 + i % 60, CASE i % 3 WHEN 0 THEN 'woman' "
               "ELSE 'man' END, CASE i % 6 WHEN 0 THEN 'public_space' WHEN 1 THEN 'emergency' "
               "WHEN 2 THEN 'homeless_accommodation' WHEN 3 THEN 'institution' WHEN 4 THEN "
               "'non_conventional' ELSE 'family_friends' END, ?, CAST(? AS BIGINT) - i * "
               "1000000, CAST(? AS BIGINT) - (i % 200) * CAST(? AS BIGINT) FROM n",
               DB_ARGS(DB_INT(n - 1), DB_INT(city), DB_INT(social), DB_INT(now), DB_INT(now),
                       DB_INT(day))) ||
                   run(c, "their ETHOS Light histories",
                       "INSERT INTO person_ethos (person_id, city_id, ethos, since, recorded_by) "
                       "SELECT id, city_id, ethos, created_at - (id % 700) * CAST(? AS BIGINT), "
                       "created_by FROM people WHERE id > ?",
                       DB_ARGS(DB_INT(day), DB_INT(first))) ||
                   run(c, "when each was first without a home",
                       "UPDATE people SET homeless_since = (SELECT MIN(e.since) FROM person_ethos "
                       "e WHERE e.person_id = people.id) WHERE id > ?",
                       DB_ARGS(DB_INT(first))) ||
                   run(c, "pathways (one in four in charge)",
                       "INSERT INTO pathways (person_id, city_id, opened_by, opened_at, "
                       "review_days, next_review_on) SELECT id, city_id, created_by, created_at, "
                       "90, CASE WHEN id % 8 = 0 THEN '2020-01-01' ELSE '2099-01-01' END FROM "
                       "people WHERE id > ? AND id % 4 = 0",
                       DB_ARGS(DB_INT(first))) ||
                   run(c, "their assessments (six areas each)",
                       "WITH a(area) AS (SELECT 'housing' UNION ALL SELECT 'income' UNION ALL "
                       "SELECT 'health' UNION ALL SELECT 'documents' UNION ALL SELECT 'work' "
                       "UNION ALL SELECT 'relations') INSERT INTO pathway_needs (pathway_id, "
                       "city_id, area, level, note, assessed_by, assessed_at) SELECT w.id, "
                       "w.city_id, a.area, CASE (w.id + length(a.area)) % 3 WHEN 0 THEN 'none' "
                       "WHEN 1 THEN 'some' ELSE 'serious' END, '', w.opened_by, w.opened_at FROM "
                       "pathways w CROSS JOIN a WHERE w.person_id > ?",
                       DB_ARGS(DB_INT(first))) ||
                   run(c, "their serious needs",
                       "UPDATE pathways SET serious_needs = (SELECT COUNT(*) FROM pathway_needs n "
                       "WHERE n.pathway_id = pathways.id AND n.level = 'serious') WHERE person_id "
                       "> ?",
                       DB_ARGS(DB_INT(first))) ||
                   run(c, "what the by-name list sorts by",
                       "UPDATE people SET serious_needs = COALESCE((SELECT w.serious_needs FROM "
                       "pathways w WHERE w.person_id = people.id AND w.state = 'open'), 0) WHERE "
                       "id > ?",
                       DB_ARGS(DB_INT(first))) ||
                   priority_rekey_city(c, city) != PATH_OK ||
                   run(c, "street contacts",
                       "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 "
                       "FROM n WHERE i < CAST(? AS BIGINT)) INSERT INTO street_contacts (city_id, "
                       "client_key, met_at, place, person, needs, recorded_by, recorded_at) "
                       "SELECT ?, 'scale-' || i, CAST(? AS BIGINT) - i * 13000000, 'Stazione "
                       "Centrale', 'Persona ' || (i % CAST(? AS BIGINT)), 'food', ?, ? FROM n",
                       DB_ARGS(DB_INT(n * SCALE_CONTACTS_EACH - 1), DB_INT(city), DB_INT(now),
                               DB_INT(n), DB_INT(social), DB_INT(now))) ||
                   run(c, "contacts linked to the records",
                       "INSERT INTO person_links (person_id, city_id, contact_id, linked_by, "
                       "linked_at) SELECT ? + 1 + (id - ? - 1) % ?, city_id, id, recorded_by, "
                       "recorded_at FROM street_contacts WHERE id > ?",
                       DB_ARGS(DB_INT(first), DB_INT(first_contact), DB_INT(n),
                               DB_INT(first_contact)))
               ? -1
               : 0;
}

/* The commons and the network of local actors at 100 times the demo (issue 17's bench: the
 * register and the graph): 800 public goods in the fifteen neighbourhoods, 300 bodies with a
 * member each, and a pact by a body on three goods in four, co-signed by the next body, so the
 * graph has 300 actors in a ring around the city. */
enum { SCALE_GOODS = 800, SCALE_BODIES = 300 };
static int scale_commons(db_conn *c, int64_t city, int64_t now, double factor)
{
    int64_t goods = llround(SCALE_GOODS * factor), bodies = llround(SCALE_BODIES * factor);
    int64_t first_org = 0, first_good = 0, first_pact = 0, day = INT64_C(86400000000);
    if (bodies < 2 ||
        db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM organisations", DB_NOARGS, &first_org) !=
            DB_OK ||
        db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM commons_goods", DB_NOARGS, &first_good) !=
            DB_OK ||
        db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM pacts", DB_NOARGS, &first_pact) !=
            DB_OK ||
        db_exec(c, "CREATE TEMP TABLE scale_hoods (k BIGINT, name TEXT)", DB_NOARGS, NULL) != DB_OK)
        return -1;
    for (size_t i = 0; i < sizeof HOODS / sizeof *HOODS; i++)
        if (db_exec(c, "INSERT INTO scale_hoods (k, name) VALUES (?, ?)",
                    DB_ARGS(DB_INT((int64_t)i), DB_TEXT(HOODS[i])), NULL) != DB_OK)
            return -1;
    char dates[2][11];
    date_rome(now - 200 * day, dates[0]);
    date_rome(now + 500 * day, dates[1]);
    if (run(c, "bodies of the network",
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE "
            "i < CAST(? AS BIGINT)) INSERT INTO organisations (city_id, kind, name, tax_code, "
            "created_at) SELECT ?, 'ets', 'Associazione di scala ' || i, CAST(70000000000 + i AS "
            "TEXT), ? FROM n",
            DB_ARGS(DB_INT(bodies - 1), DB_INT(city), DB_INT(now))) ||
        run(c, "a member of each body",
            "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
            "SELECT 'ente.' || id || '@scala.invalid', 'Referente ' || name, '!', ?, ? FROM "
            "organisations WHERE id > ?",
            DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(first_org))) ||
        run(c, "their memberships",
            "INSERT INTO memberships (user_id, city_id, organisation_id, role, legal_rep, "
            "created_at) SELECT u.id, ?, o.id, 'ets', 1, ? FROM organisations o JOIN users u ON "
            "u.email = 'ente.' || o.id || '@scala.invalid' WHERE o.id > ?",
            DB_ARGS(DB_INT(city), DB_INT(now), DB_INT(first_org))) ||
        db_exec(c,
                "CREATE TEMP TABLE scale_bodies AS SELECT ROW_NUMBER() OVER (ORDER BY o.id) - 1 "
                "AS k, o.id, o.name, m.user_id FROM organisations o JOIN memberships m ON "
                "m.organisation_id = o.id WHERE o.id > ?",
                DB_ARGS(DB_INT(first_org)), NULL) != DB_OK ||
        run(c, "public goods offered for care",
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE "
            "i < CAST(? AS BIGINT)) INSERT INTO commons_goods (city_id, kind, name, address, "
            "neighbourhood, latitude_e6, longitude_e6, area_m2, description, state, created_at, "
            "updated_at) SELECT ?, CASE i % 6 WHEN 0 THEN 'building' WHEN 1 THEN 'room' WHEN 2 "
            "THEN 'green_area' WHEN 3 THEN 'square' WHEN 4 THEN 'schoolyard' ELSE 'heritage' "
            "END, 'Bene comune di scala ' || i, 'via Scala ' || i, h.name, 45400000 + (i % 200) "
            "* 700, 9100000 + (i / 200) * 800, 50 + i % 900, 'Offerto per la cura condivisa.', "
            "CASE WHEN i % 4 = 3 THEN 'offered' ELSE 'pact' END, ? - i * 1000000, ? FROM n JOIN "
            "scale_hoods h ON h.k = i % 15",
            DB_ARGS(DB_INT(goods - 1), DB_INT(city), DB_INT(now - 300 * day), DB_INT(now))) ||
        run(c, "their history",
            "INSERT INTO commons_good_events (good_id, at, state, event, note, user_id) SELECT id, "
            "created_at, 'offered', 'offered', name, NULL FROM commons_goods WHERE id > ?",
            DB_ARGS(DB_INT(first_good))) ||
        run(c, "pacts by bodies, under way",
            "INSERT INTO pacts (city_id, good_id, kind, title, activities, proposer_kind, "
            "proposer_name, proposer_user_id, organisation_id, months, is_open, state, "
            "submitted_at, answer_due, published_at, starts_on, ends_on, decided_at, created_at, "
            "updated_at) SELECT g.city_id, g.id, 'ordinary', 'Cura condivisa di ' || g.name, "
            "'Apertura, pulizia e attività per il quartiere.', 'body', b.name, b.user_id, b.id, "
            "24, 1, 'active', ?, ?, ?, ?, ?, ?, ?, ? FROM commons_goods g JOIN scale_bodies b ON "
            "b.k = g.id % CAST(? AS BIGINT) WHERE g.id > ? AND g.state = 'pact'",
            DB_ARGS(DB_INT(now - 250 * day), DB_TEXT(dates[0]), DB_INT(now - 220 * day),
                    DB_TEXT(dates[0]), DB_TEXT(dates[1]), DB_INT(now - 200 * day), DB_INT(now),
                    DB_INT(now), DB_INT(bodies), DB_INT(first_good))) ||
        run(c, "their proposers",
            "INSERT INTO pact_signatories (pact_id, user_id, role, joined_at) SELECT id, "
            "proposer_user_id, 'proposer', decided_at FROM pacts WHERE id > ?",
            DB_ARGS(DB_INT(first_pact))) ||
        run(c, "the next body, co-signing",
            "INSERT INTO pact_signatories (pact_id, user_id, role, joined_at) SELECT p.id, "
            "n.user_id, 'member', p.decided_at FROM pacts p JOIN scale_bodies b ON b.id = "
            "p.organisation_id JOIN scale_bodies n ON n.k = (b.k + 1) % CAST(? AS BIGINT) WHERE "
            "p.id > ?",
            DB_ARGS(DB_INT(bodies), DB_INT(first_pact))))
        return -1;
    return db_exec(c, "DROP TABLE scale_hoods", DB_NOARGS, NULL) == DB_OK &&
                   db_exec(c, "DROP TABLE scale_bodies", DB_NOARGS, NULL) == DB_OK
               ? 0
               : -1;
}

/* The nights the people followed spent in the network's beds (issue 16: 300,000 stays at 1x),
 * before the past month the demo's registers hold: each bed of the permanent shelters taken
 * night after night, going back as far as the number needs, each stay linked to a record. */
enum { SCALE_STAYS = 300000 };
static int scale_stays(db_conn *c, int64_t city, int64_t now, double factor)
{
    int64_t want = llround(SCALE_STAYS * factor), beds = 0, first_hold = 0, first = 0, n = 0;
    int64_t social = 0, day = INT64_C(86400000000);
    if (db_query_int(c,
                     "SELECT COUNT(*) FROM places p JOIN services s ON s.id = p.service_id WHERE "
                     "s.city_id = ? AND s.kind = 'night_shelter' AND NOT EXISTS (SELECT 1 FROM "
                     "winter_plan_services w WHERE w.service_id = s.id) AND "
                     "p.kind = 'bed'",
                     DB_ARGS(DB_INT(city)), &beds) != DB_OK ||
        db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM place_holds", DB_NOARGS, &first_hold) !=
            DB_OK ||
        db_query_int(c,
                     "SELECT MIN(id) - 1 FROM people WHERE city_id = ? AND given_name LIKE "
                     "'Nome%' AND family_name LIKE 'Scala%'",
                     DB_ARGS(DB_INT(city)), &first) != DB_OK ||
        db_query_int(c,
                     "SELECT COUNT(*) FROM people WHERE city_id = ? AND given_name LIKE 'Nome%' "
                     "AND family_name LIKE 'Scala%'",
                     DB_ARGS(DB_INT(city)), &n) != DB_OK ||
        db_query_int(c,
                     "SELECT MIN(user_id) FROM memberships WHERE role = 'social' AND city_id = ?",
                     DB_ARGS(DB_INT(city)), &social) != DB_OK ||
        !beds || !n || !social)
        return -1;
    /* The nights, from 31 days ago backwards, written here (dates are the engines' own). */
    int64_t nights = (want + beds - 1) / beds, today = 0;
    char iso[11];
    date_rome(now, iso);
    today = date_day_number(iso);
    if (db_exec(c, "CREATE TABLE scale_nights (k BIGINT PRIMARY KEY, night TEXT NOT NULL)",
                DB_NOARGS, NULL) != DB_OK)
        return -1;
    for (int64_t k = 0; k < nights; k++) {
        date_from_day_number(today - 31 - k, iso);
        if (db_exec(c, "INSERT INTO scale_nights (k, night) VALUES (?, ?)",
                    DB_ARGS(DB_INT(k), DB_TEXT(iso)), NULL) != DB_OK)
            return -1;
    }
    return run(c, "nights in the shelters' beds (stays)",
               "INSERT INTO place_holds (city_id, place_id, night, state, person, held_by, "
               "held_at, expires_at, ended_at) SELECT p.city_id, p.id, d.night, 'checked_in', "
               "'Ospite', ?, CAST(? AS BIGINT) - (31 + d.k) * CAST(? AS BIGINT), CAST(? AS "
               "BIGINT) - (31 + d.k) * CAST(? AS BIGINT), NULL FROM places p JOIN services s ON "
               "s.id = p.service_id CROSS JOIN scale_nights d WHERE s.city_id = ? AND s.kind = "
               "'night_shelter' AND NOT EXISTS (SELECT 1 FROM winter_plan_services w WHERE "
               "w.service_id = s.id) AND p.kind = 'bed'",
               DB_ARGS(DB_INT(social), DB_INT(now), DB_INT(day), DB_INT(now), DB_INT(day),
                       DB_INT(city))) ||
                   run(c, "stays linked to the records",
                       "INSERT INTO person_links (person_id, city_id, hold_id, linked_by, "
                       "linked_at) SELECT ? + 1 + (id * 7919) % ?, city_id, id, held_by, held_at "
                       "FROM place_holds WHERE id > ?",
                       DB_ARGS(DB_INT(first), DB_INT(n), DB_INT(first_hold))) ||
                   db_exec(c, "DROP TABLE scale_nights", DB_NOARGS, NULL) != DB_OK
               ? -1
               : 0;
}

int demo_scale_milan(db_conn *c, int64_t city, int64_t now, double factor)
{
    int64_t units = llround(SCALE_UNITS * factor);
    int64_t extra = llround((SCALE_RESIDENTS - SCALE_UNITS) * factor);
    if (units < SCALE_UNITS_PER_BUILDING || import_stock(c, city, units, extra, now)) return -1;
    int64_t residents = units + extra;
    printf("Milan scale x%g: %lld units, %lld residents imported.\n", factor, (long long)units,
           (long long)residents);
    int64_t year = INT64_C(365) * 86400 * 1000000, hour = INT64_C(3600000000);
    int64_t recent = now - INT64_C(30) * 24 * hour; /* tickets newer than this are still open */
    /* Four residents in five have signed up; their accounts cannot sign in ('!' is no hash). */
    if (run(c, "accounts of residents who joined",
            "INSERT INTO users (email, name, password_hash, created_at, password_changed_at) "
            "SELECT 'inquilino.' || r.id || '@scala.invalid', r.full_name, '!', ?, ? FROM "
            "residents r JOIN units u ON u.id = r.unit_id JOIN buildings b ON b.id = "
            "u.building_id WHERE b.city_id = ? AND b.code LIKE 'MI-S%' AND r.id % 5 <> 0",
            DB_ARGS(DB_INT(now), DB_INT(now), DB_INT(city))) ||
        run(c, "residents active",
            "UPDATE residents SET state = 'active', invite_hash = NULL, user_id = (SELECT u.id "
            "FROM users u WHERE u.email = 'inquilino.' || residents.id || '@scala.invalid') "
            "WHERE city_id = ? AND state = 'invited' AND id % 5 <> 0 AND unit_id IN (SELECT "
            "u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.code LIKE "
            "'MI-S%')",
            DB_ARGS(DB_INT(city))) ||
        run(c, "resident roles",
            "INSERT INTO memberships (user_id, city_id, role, created_at) SELECT user_id, ?, "
            "'resident', ? FROM residents WHERE city_id = ? AND user_id IN (SELECT id FROM "
            "users WHERE email LIKE '%@scala.invalid')",
            DB_ARGS(DB_INT(city), DB_INT(now), DB_INT(city))))
        return -1;
    /* Numbered people and categories, so that rows can be spread by arithmetic. */
    if (db_exec(c,
                "CREATE TEMP TABLE scale_people AS SELECT ROW_NUMBER() OVER (ORDER BY re.id) - 1 "
                "AS k, re.user_id, re.unit_id, u.building_id FROM residents re JOIN units u ON "
                "u.id = re.unit_id JOIN users us ON us.id = re.user_id WHERE us.email LIKE "
                "'%@scala.invalid'",
                DB_NOARGS, NULL) != DB_OK ||
        db_exec(c,
                "CREATE TEMP TABLE scale_cats AS SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, "
                "id, target_hours FROM ticket_categories WHERE city_id = ?",
                DB_ARGS(DB_INT(city)), NULL) != DB_OK) {
        log_error("demo --scale: %s", db_errmsg(c));
        return -1;
    }
    int64_t people = 0, cats = 0, first_ticket = 0;
    db_query_int(c, "SELECT COUNT(*) FROM scale_people", DB_NOARGS, &people);
    db_query_int(c, "SELECT COUNT(*) FROM scale_cats", DB_NOARGS, &cats);
    db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM tickets", DB_NOARGS, &first_ticket);
    if (!people || !cats) return -1;
    /* A year of tickets, one per unit: the last month's still open in every state, older
     * ones resolved or closed after 2 to 241 hours, one in ten rejected. */
    if (run(c, "tickets over the last 12 months",
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE "
            "i < "
            "CAST(? AS BIGINT)), t AS (SELECT i, CAST(? AS BIGINT) + i * CAST(? AS BIGINT) AS "
            "at FROM n) "
            "INSERT INTO tickets (city_id, building_id, category_id, author_id, place, "
            "description, state, reason, due_at, created_at, updated_at, resolved_at) "
            "SELECT ?, p.building_id, k.id, p.user_id, 'Scala ' || (t.i % 4 + 1), "
            "'Segnalazione di prova ' || t.i, "
            "CASE WHEN t.at > CAST(? AS BIGINT) THEN CASE t.i % 4 WHEN 0 THEN 'new' WHEN 1 "
            "THEN 'acknowledged' WHEN 2 THEN 'in_progress' ELSE 'resolved' END WHEN t.i % 10 = "
            "0 THEN 'rejected' WHEN t.i % 2 = 0 THEN 'closed' ELSE 'resolved' END, "
            "CASE WHEN t.at <= CAST(? AS BIGINT) AND t.i % 10 = 0 THEN 'Non di competenza' "
            "ELSE '' END, t.at + k.target_hours * CAST(? AS BIGINT), t.at, t.at, "
            "CASE WHEN t.at > CAST(? AS BIGINT) AND t.i % 4 <> 3 THEN NULL WHEN t.i % 10 = 0 "
            "AND t.at <= CAST(? AS BIGINT) THEN NULL ELSE t.at + ((t.i * 37) % 240 + 2) * "
            "CAST(? AS BIGINT) END FROM t JOIN scale_people p ON p.k = (t.i * 7919) % "
            "CAST(? AS BIGINT) JOIN scale_cats k ON k.k = t.i % CAST(? AS BIGINT)",
            DB_ARGS(DB_INT(units - 1), DB_INT(now - year), DB_INT(year / units), DB_INT(city),
                    DB_INT(recent), DB_INT(recent), DB_INT(hour), DB_INT(recent), DB_INT(recent),
                    DB_INT(hour), DB_INT(people), DB_INT(cats))) ||
        run(c, "ticket events: opened",
            "INSERT INTO ticket_events (ticket_id, user_id, kind, state, at) SELECT id, "
            "author_id, 'created', 'new', created_at FROM tickets WHERE id > ?",
            DB_ARGS(DB_INT(first_ticket))) ||
        run(c, "ticket events: moved",
            "INSERT INTO ticket_events (ticket_id, user_id, kind, state, text, at) SELECT id, "
            "(SELECT MIN(user_id) FROM memberships WHERE role = 'officer' AND city_id = ?), "
            "'state', state, reason, COALESCE(resolved_at, created_at + 3600000000) FROM tickets "
            "WHERE id > CAST(? AS BIGINT) AND state <> 'new'",
            DB_ARGS(DB_INT(city), DB_INT(first_ticket))))
        return -1;
    /* A common room in one building of 25, two bookings a day in each for a year: 16:00 and
     * 18:30 UTC, two hours each (four slots of 30 minutes). */
    int64_t first_booking = 0, day = INT64_C(86400000000);
    int64_t midnight = now / day * day;
    db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM bookings", DB_NOARGS, &first_booking);
    if (run(c, "common rooms",
            "INSERT INTO rooms (city_id, building_id, name, opens_min, closes_min, max_slots, "
            "weekly_slots_per_household, created_at) SELECT ?, id, 'Sala comune di ' || "
            "address, 480, 1320, 8, 12, ? FROM buildings WHERE city_id = ? AND code LIKE "
            "'MI-S%' AND CAST(substr(code, 5) AS INTEGER) % 25 = 0",
            DB_ARGS(DB_INT(city), DB_INT(now), DB_INT(city))) ||
        run(c, "bookings over the last 12 months",
            "WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 364), "
            "h(start) AS (SELECT 57600000000 UNION ALL SELECT 66600000000) "
            "INSERT INTO bookings (room_id, user_id, unit_id, starts_at, ends_at, purpose, "
            "state, created_at) SELECT r.id, p.user_id, p.unit_id, CAST(? AS BIGINT) - d.i * "
            "CAST(? AS BIGINT) + h.start, CAST(? AS BIGINT) - d.i * CAST(? AS BIGINT) + h.start "
            "+ 7200000000, 'Incontro di prova', 'confirmed', CAST(? AS BIGINT) - d.i * CAST(? "
            "AS BIGINT) FROM rooms r CROSS JOIN d CROSS JOIN h JOIN scale_people p ON p.k = "
            "((r.id * 131 + d.i * 7 + h.start / 3600000000) * 104729) % CAST(? AS BIGINT) WHERE "
            "r.name LIKE 'Sala comune di via Scala%'",
            DB_ARGS(DB_INT(midnight), DB_INT(day), DB_INT(midnight), DB_INT(day),
                    DB_INT(midnight - day), DB_INT(day), DB_INT(people))) ||
        run(c, "booked slots of 30 minutes",
            "WITH RECURSIVE s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 3) "
            "INSERT INTO booking_slots (room_id, slot_at, booking_id) SELECT b.room_id, "
            "b.starts_at + s.j * CAST(1800000000 AS BIGINT), b.id FROM bookings b CROSS JOIN s "
            "WHERE b.id > CAST(? AS BIGINT)",
            DB_ARGS(DB_INT(first_booking))))
        return -1;
    if (scale_followed(c, city, now, factor) || scale_stays(c, city, now, factor) ||
        scale_commons(c, city, now, factor))
        return -1;
    /* Fresh statistics, so that the planner knows the tables are now large. */
    return db_exec(c, "DROP TABLE scale_people", DB_NOARGS, NULL) == DB_OK &&
                   db_exec(c, "DROP TABLE scale_cats", DB_NOARGS, NULL) == DB_OK &&
                   db_exec(c, "ANALYZE", DB_NOARGS, NULL) == DB_OK
               ? 0
               : -1;
}

/* The person's record: who may read it, how it reads for them, the search, likely duplicates and
 * the ETHOS Light category with its history. The name of a restricted record is taken out here,
 * in one place (unname), for every answer that carries records: the page, its JSON, the list,
 * the search and the duplicates. */
#include <stdio.h>
#include <string.h>

#include "modules/audit/audit.h"
#include "modules/pathways/names.h"
#include "modules/pathways/pathways.h"

const char *const CONSENT_PURPOSES[] = {"shelter", "case_work", "housing",  "health",
                                        "legal",   "work",      "registry", NULL};
const char *const SPECIAL_CATEGORIES[] = {"health", "ethnicity", "judicial", NULL};

/* What identifies a person: gone from a record read by someone not granted its name. */
static const char *const IDENTIFYING[] = {"tax_code",   "given_name", "family_name", "nickname",
                                          "birth_date", "birth_year", "origin",      NULL};

static void unname(json_t *o)
{
    for (int i = 0; IDENTIFYING[i]; i++) json_object_del(o, IDENTIFYING[i]);
    json_object_set_new(o, "named", json_false());
}

json_t *unname_rows(json_t *rows)
{
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        if (json_integer_value(json_object_get(x, "named")))
            json_object_set_new(x, "named", json_true());
        else
            unname(x);
    }
    return rows;
}

int person_contact(db_conn *c, int64_t city_id, int64_t user_id, int64_t person_id,
                   const char *action, json_t *detail, int64_t at)
{
    if (db_exec(c,
                "UPDATE people SET last_contact_at = ? WHERE id = ? AND (last_contact_at IS NULL "
                "OR last_contact_at < ?)",
                DB_ARGS(DB_INT(at), DB_INT(person_id), DB_INT(at)), NULL) != DB_OK) {
        json_decref(detail);
        return PATH_ERROR;
    }
    return pathways_audit(c, city_id, user_id, action, "people", person_id, detail);
}

void nest_rows(json_t *parents, json_t *children, const char *fk, const char *field)
{
    size_t i, k;
    json_t *p, *x;
    json_array_foreach(parents, i, p) json_object_set_new(p, field, json_array());
    json_array_foreach(children, k, x)
    {
        json_int_t parent = json_integer_value(json_object_get(x, fk));
        json_array_foreach(parents, i,
                           p) if (json_integer_value(json_object_get(p, "id")) == parent)
        {
            json_array_append(json_object_get(p, field), x);
            break;
        }
    }
}

json_t *person_reads_of(db_conn *c, int64_t person_id, int64_t limit)
{
    return db_query_json(c,
                         "SELECT r.at AS read_at, r.part, r.purpose, u.name AS reader, o.name AS "
                         "body FROM person_reads r JOIN users u ON u.id = r.user_id LEFT JOIN "
                         "organisations o ON o.id = r.organisation_id WHERE r.person_id = ? ORDER "
                         "BY r.at DESC, r.id DESC LIMIT ?",
                         DB_ARGS(DB_INT(person_id), DB_INT(limit)));
}

json_t *first_row(json_t *rows)
{
    if (!rows) return NULL;
    json_t *one = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return one ? one : json_null();
}

path_rc person_access_for(db_conn *c, const person_reader *w, int64_t id, person_access *out)
{
    memset(out, 0, sizeof *out);
    if (!w->city_id || id <= 0) return PATH_NOT_FOUND;
    db_rows *q = db_query(c,
                          "SELECT p.restricted, " NAMED_SQL " FROM people p WHERE p.id = ? AND "
                          "p.city_id = ? AND p.merged_into IS NULL",
                          DB_ARGS(DB_INT(w->user_id), DB_INT(id), DB_INT(w->city_id)));
    if (!q) return PATH_ERROR;
    bool found = db_next(q);
    bool restricted = found && db_int(q, 0) != 0, named = found && db_int(q, 1) != 0;
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (!found) return PATH_NOT_FOUND;
    if (w->social) {
        out->name = named;
        out->special = true;
        snprintf(out->purpose, sizeof out->purpose, "%s", PURPOSE_SOCIAL_SERVICE);
        return PATH_OK;
    }
    /* A body reads only while a consent of the person for it is live, never a restricted one. */
    if (!w->organisation_id || restricted) return PATH_NOT_FOUND;
    q = db_query(c,
                 "SELECT purpose FROM person_consents WHERE person_id = ? AND organisation_id = ? "
                 "AND revoked_at IS NULL ORDER BY given_at, id LIMIT 1",
                 DB_ARGS(DB_INT(id), DB_INT(w->organisation_id)));
    if (!q) return PATH_ERROR;
    found = db_next(q);
    if (found) snprintf(out->purpose, sizeof out->purpose, "%s", db_text(q, 0));
    if (db_rows_close(q) != DB_OK) return PATH_ERROR;
    if (!found) return PATH_NOT_FOUND;
    out->name = true;
    return PATH_OK;
}

/* A reader who opens the same part again for the same purpose within a quarter of an hour
 * adds no line: the log counts openings, not page loads (a refresh, a form sent, back from the
 * pathway). 14 minutes here, since a page made within it may be answered again from the pages
 * kept for the reader until its minute ends (web/personcache.h). The special categories log
 * every reading. */
enum { READ_SAME_OPENING_US = INT64_C(14) * 60 * 1000000 };

path_rc person_read_log(db_conn *c, const person_reader *w, int64_t id, const char *part,
                        const char *purpose, int64_t now)
{
    if (strcmp(part, "special") != 0) {
        int64_t recent = 0;
        if (db_query_int(c,
                         "SELECT COUNT(*) FROM (SELECT 1 FROM person_reads WHERE person_id = ? AND "
                         "at > ? AND user_id = ? AND part = ? AND purpose = ? LIMIT 1) x",
                         DB_ARGS(DB_INT(id), DB_INT(now - READ_SAME_OPENING_US), DB_INT(w->user_id),
                                 DB_TEXT(part), DB_TEXT(purpose)),
                         &recent) != DB_OK)
            return PATH_ERROR;
        if (recent) return PATH_OK;
    }
    return db_exec(c,
                   "INSERT INTO person_reads (person_id, city_id, user_id, organisation_id, part, "
                   "purpose, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   DB_ARGS(DB_INT(id), DB_INT(w->city_id), DB_INT(w->user_id),
                           w->organisation_id ? DB_INT(w->organisation_id) : DB_NULL, DB_TEXT(part),
                           DB_TEXT(purpose), DB_INT(now)),
                   NULL) == DB_OK
               ? PATH_OK
               : PATH_ERROR;
}

int person_list_refresh(db_conn *c, int64_t person_id)
{
    return db_exec(c,
                   "UPDATE people SET off_list = CASE WHEN NOT EXISTS (SELECT 1 FROM pathways w "
                   "WHERE w.person_id = people.id AND w.state = 'open') AND EXISTS (SELECT 1 FROM "
                   "pathways d WHERE d.person_id = people.id AND d.outcome IN ('housed', "
                   "'deceased', 'moved_away') AND d.closed_at = (SELECT MAX(d2.closed_at) FROM "
                   "pathways d2 WHERE d2.person_id = people.id)) THEN 1 ELSE 0 END, serious_needs "
                   "= COALESCE((SELECT w.serious_needs FROM pathways w WHERE w.person_id = "
                   "people.id AND w.state = 'open'), 0) WHERE id = ?",
                   DB_ARGS(DB_INT(person_id)), NULL) == DB_OK
               ? person_priority_refresh(c, person_id)
               : PATH_ERROR;
}

path_rc pathways_audit(db_conn *c, int64_t city_id, int64_t user_id, const char *action,
                       const char *entity, int64_t id, json_t *detail)
{
    return audit_append(c, city_id, user_id, action, entity, id, detail) == 0 ? PATH_OK
                                                                              : PATH_ERROR;
}

static path_rc ethos_record(db_conn *c, int64_t city_id, int64_t user_id, int64_t id,
                            const char *ethos, int64_t now)
{
    if (db_exec(c, "UPDATE people SET homeless_since = ? WHERE id = ? AND homeless_since IS NULL",
                DB_ARGS(DB_INT(now), DB_INT(id)), NULL) != DB_OK)
        return PATH_ERROR;
    return db_exec(
               c,
               "INSERT INTO person_ethos (person_id, city_id, ethos, since, recorded_by) "
               "VALUES (?, ?, ?, ?, ?)",
               DB_ARGS(DB_INT(id), DB_INT(city_id), DB_TEXT(ethos), DB_INT(now), DB_INT(user_id)),
               NULL) == DB_OK
               ? person_priority_refresh(c, id)
               : PATH_ERROR;
}

path_rc person_create(db_conn *c, int64_t city_id, int64_t user_id, const person_in *in,
                      int64_t now, int64_t *id)
{
    int64_t year = in->birth_year;
    if (in->birth_date && strlen(in->birth_date) >= 4) {
        year = 0;
        for (int i = 0; i < 4; i++) year = year * 10 + (in->birth_date[i] - '0');
    }
    const char *cf = in->tax_code && *in->tax_code ? in->tax_code : NULL;
    const char *bd = in->birth_date && *in->birth_date ? in->birth_date : NULL;
    db_rc rc = db_query_int(
        c,
        "INSERT INTO people (city_id, tax_code, given_name, family_name, nickname, birth_date, "
        "birth_year, origin, gender, ethos, restricted, created_by, created_at) VALUES (?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_ARGS(DB_INT(city_id), cf ? DB_TEXT(cf) : DB_NULL, DB_TEXT(in->given_name),
                DB_TEXT(in->family_name), DB_TEXT(in->nickname), bd ? DB_TEXT(bd) : DB_NULL,
                year ? DB_INT(year) : DB_NULL, DB_TEXT(in->origin), DB_TEXT(in->gender),
                in->ethos ? DB_TEXT(in->ethos) : DB_NULL, DB_INT(in->restricted), DB_INT(user_id),
                DB_INT(now)),
        id);
    if (rc == DB_CONSTRAINT) return PATH_DUPLICATE;
    if (rc != DB_OK) return PATH_ERROR;
    if (in->ethos && ethos_record(c, city_id, user_id, *id, in->ethos, now) != PATH_OK)
        return PATH_ERROR;
    if (in->restricted && db_exec(c,
                                  "INSERT INTO person_grants (person_id, city_id, user_id, "
                                  "granted_by, granted_at) VALUES (?, ?, ?, ?, ?)",
                                  DB_ARGS(DB_INT(*id), DB_INT(city_id), DB_INT(user_id),
                                          DB_INT(user_id), DB_INT(now)),
                                  NULL) != DB_OK)
        return PATH_ERROR;
    /* The audit chain names the record, never the person. */
    return pathways_audit(c, city_id, user_id, "person_created", "people", *id,
                          json_pack("{s:b}", "restricted", in->restricted));
}

path_rc person_set_ethos(db_conn *c, int64_t city_id, int64_t user_id, int64_t id,
                         const char *ethos, int64_t now)
{
    int64_t n = 0;
    if (db_exec(c, "UPDATE people SET ethos = ? WHERE id = ? AND city_id = ?",
                DB_ARGS(DB_TEXT(ethos), DB_INT(id), DB_INT(city_id)), &n) != DB_OK)
        return PATH_ERROR;
    if (!n) return PATH_NOT_FOUND;
    if (ethos_record(c, city_id, user_id, id, ethos, now) != PATH_OK) return PATH_ERROR;
    return pathways_audit(c, city_id, user_id, "person_ethos", "people", id,
                          json_pack("{s:s}", "ethos", ethos));
}

/* Records of the city that may be the same person as id: the same family name with the same
 * first initial and birth year (either may be unknown), or the same nickname from the same
 * place; never two with different codici fiscali, which are two people, nor two a worker judged
 * distinct, nor a record merged already. */
static json_t *duplicates(db_conn *c, const person_reader *w, int64_t id)
{
    return unname_rows(db_query_json(
        c,
        "SELECT p.id, p.given_name, p.family_name, p.nickname, p.birth_year, p.origin, p.tax_code, "
        "p.ethos, p.restricted AS is_restricted, " NAMED_SQL
        " FROM people me JOIN people p ON p.city_id = me.city_id AND p.id <> "
        "me.id AND p.merged_into IS NULL WHERE me.id = ? AND me.city_id = ? AND NOT EXISTS (SELECT "
        "1 "
        "FROM person_distinct d WHERE d.person_a IN (me.id, p.id) AND d.person_b IN (me.id, p.id)) "
        "AND NOT (me.tax_code IS NOT NULL AND p.tax_code "
        "IS NOT NULL) AND ((me.family_name <> '' AND lower(p.family_name) = lower(me.family_name) "
        "AND (me.birth_year IS NULL OR p.birth_year IS NULL OR p.birth_year = me.birth_year) AND "
        "(me.given_name = '' OR p.given_name = '' OR lower(substr(p.given_name, 1, 1)) = "
        "lower(substr(me.given_name, 1, 1)))) OR (me.nickname <> '' AND lower(p.nickname) = "
        "lower(me.nickname) AND (me.origin = '' OR p.origin = '' OR lower(p.origin) = "
        "lower(me.origin)))) ORDER BY p.id LIMIT 20",
        DB_ARGS(DB_INT(w->user_id), DB_INT(id), DB_INT(w->city_id))));
}

json_t *person_names(db_conn *c, const person_reader *w, int64_t id)
{
    json_t *rows = unname_rows(
        db_query_json(c,
                      "SELECT p.id, p.given_name, p.family_name, p.nickname, p.tax_code, p.ethos, "
                      "p.birth_year, p.restricted AS is_restricted, p.needs_step_free AS "
                      "is_step_free_needed, " NAMED_SQL " FROM people p WHERE p.id = ? AND "
                      "p.city_id = ?",
                      DB_ARGS(DB_INT(w->user_id), DB_INT(id), DB_INT(w->city_id))));
    json_t *one = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return one;
}

json_t *person_get(db_conn *c, const person_reader *w, int64_t id, const person_access *access)
{
    json_t *p = db_query_object(
        c,
        "SELECT p.id, p.tax_code, p.given_name, p.family_name, p.nickname, p.birth_date, "
        "p.birth_year, p.origin, p.gender, p.ethos, p.restricted AS is_restricted, "
        "p.card_issued_at, p.created_at, "
        "u.name AS created_by FROM people p JOIN users u ON u.id = p.created_by WHERE p.id = ? "
        "AND p.city_id = ?",
        DB_ARGS(DB_INT(id), DB_INT(w->city_id)));
    if (!p) return NULL;
    if (access->name)
        json_object_set_new(p, "named", json_true());
    else
        unname(p);
    json_object_set_new(
        p, "ethos_history",
        db_query_json(c,
                      "SELECT e.ethos, e.since AS since_at, u.name AS recorded_by FROM "
                      "person_ethos e JOIN users u ON u.id = e.recorded_by WHERE "
                      "e.person_id = ? AND e.city_id = ? ORDER BY e.since DESC, "
                      "e.id DESC",
                      DB_ARGS(DB_INT(id), DB_INT(w->city_id))));
    /* A body sees the consents given to it; the social service sees them all. */
    json_object_set_new(
        p, "consents",
        db_query_json(c,
                      "SELECT k.id, k.purpose, k.given_at, k.revoked_at, o.name AS body, CASE WHEN "
                      "k.revoked_at IS NULL THEN 1 ELSE 0 END AS is_live FROM person_consents k "
                      "JOIN organisations o ON o.id = k.organisation_id WHERE k.person_id = ? AND "
                      "k.city_id = ? AND (? = 1 OR k.organisation_id = ?) ORDER BY is_live DESC, "
                      "k.given_at DESC, k.id DESC",
                      DB_ARGS(DB_INT(id), DB_INT(w->city_id), DB_INT(w->social),
                              DB_INT(w->organisation_id))));
    if (w->social) {
        json_object_set_new(p, "reads", person_reads_of(c, id, READS_SHOWN));
        json_object_set_new(p, "duplicates", duplicates(c, w, id));
    }
    return p;
}

/* q as a LIKE pattern matching what starts with it, in lower case, its % _ and \ escaped;
 * false when it does not fit out (the route bounds q well inside it). */
static bool prefix_pattern(const char *q, char *out, size_t n)
{
    size_t k = 0;
    for (const char *s = q; *s; s++) {
        if (k + 3 >= n) return false;
        if (*s == '%' || *s == '_' || *s == '\\') out[k++] = '\\';
        out[k++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
    }
    out[k++] = '%';
    out[k] = '\0';
    return true;
}

json_t *people_list(db_conn *c, const person_reader *w, const char *q, int limit)
{
    q = q ? q : "";
    char like[PEOPLE_QUERY_MAX * 2 + 2];
    if (!prefix_pattern(q, like, sizeof like)) return json_array();
    int64_t number = 0;
    if (*q && strspn(q, "0123456789") == strlen(q) && strlen(q) < 16)
        for (const char *s = q; *s; s++) number = number * 10 + (*s - '0');
    char upper[64];
    snprintf(upper, sizeof upper, "%s", q);
    for (char *s = upper; *s; s++)
        if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 32);
    json_t *rows = db_query_json(
        c,
        "SELECT p.id, p.given_name, p.family_name, p.nickname, p.tax_code, "
        "p.birth_year, p.ethos, p.restricted AS is_restricted, p.created_at, " NAMED_SQL
        " FROM people p WHERE p.city_id = ? AND p.merged_into IS NULL AND (? = 1 OR (p.restricted "
        "= 0 "
        "AND EXISTS (SELECT 1 FROM person_consents k WHERE k.person_id = "
        "p.id AND k.organisation_id = ? AND k.revoked_at IS NULL))) AND (? "
        "= '' OR p.id = ? OR ((p.restricted = 0 OR EXISTS (SELECT 1 FROM "
        "person_grants g WHERE g.person_id = p.id AND g.user_id = ?)) AND "
        "(p.tax_code = ? OR lower(p.family_name) LIKE ? ESCAPE '\\' OR "
        "lower(p.given_name) LIKE ? ESCAPE '\\' OR lower(p.nickname) LIKE ? "
        "ESCAPE '\\'))) ORDER BY p.id DESC LIMIT ?",
        DB_ARGS(DB_INT(w->user_id), DB_INT(w->city_id), DB_INT(w->social),
                DB_INT(w->organisation_id), DB_TEXT(q), DB_INT(number), DB_INT(w->user_id),
                DB_TEXT(upper), DB_TEXT(like), DB_TEXT(like), DB_TEXT(like), DB_INT(limit)));
    return unname_rows(rows);
}

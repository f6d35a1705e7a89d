#include "modules/cities/cities.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "modules/audit/audit.h"

int city_default_categories(db_conn *c, int64_t city_id)
{
    static const struct {
        const char *code, *name, *by;
        int hours;
    } CAT[] = {{"guasti", "Guasti negli alloggi e nelle parti comuni", "housing", 72},
               {"pulizie", "Pulizie e rifiuti", "housing", 48},
               {"sicurezza", "Sicurezza e illuminazione", "city", 24},
               {"bisogni", "Bisogni e richieste di aiuto", "hub", 120}};
    for (size_t i = 0; i < sizeof CAT / sizeof CAT[0]; i++)
        if (db_exec(c,
                    "INSERT INTO ticket_categories (city_id, code, name, handled_by, "
                    "target_hours) VALUES (?, ?, ?, ?, ?)",
                    DB_ARGS(DB_INT(city_id), DB_TEXT(CAT[i].code), DB_TEXT(CAT[i].name),
                            DB_TEXT(CAT[i].by), DB_INT(CAT[i].hours)),
                    NULL) != DB_OK)
            return -1;
    return 0;
}

/* "Comune di Reggio Emilia" -> "reggio-emilia": ASCII letters and digits, dashes between. */
static void slug_of(const char *name, const char *istat, char *out, size_t n)
{
    if (strncasecmp(name, "comune di ", 10) == 0) name += 10;
    size_t k = 0;
    bool dash = false;
    for (const char *p = name; *p && k + 2 < n; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalnum(ch) && ch < 128) {
            if (dash && k) out[k++] = '-';
            out[k++] = (char)tolower(ch);
            dash = false;
        } else {
            dash = true;
        }
    }
    out[k] = '\0';
    if (!k) snprintf(out, n, "%s", istat);
}

city_rc city_add(db_conn *c, const char *istat, const char *name, int64_t by_user, int64_t now,
                 int64_t *id)
{
    if (!istat || strlen(istat) != 6 || strspn(istat, "0123456789") != 6) return CITY_BAD_ISTAT;
    if (!name || !*name || strlen(name) > 200 || !utf8_valid(name, strlen(name)))
        return CITY_BAD_NAME;
    int64_t taken = 0;
    db_query_int(c, "SELECT COUNT(*) FROM cities WHERE istat_code = ?", DB_ARGS(DB_TEXT(istat)),
                 &taken);
    if (taken) return CITY_EXISTS;
    char slug[96];
    slug_of(name, istat, slug, sizeof slug);
    db_query_int(c, "SELECT COUNT(*) FROM cities WHERE slug = ?", DB_ARGS(DB_TEXT(slug)), &taken);
    if (taken) snprintf(slug + strlen(slug), sizeof slug - strlen(slug), "-%s", istat);
    if (db_query_int(c,
                     "INSERT INTO cities (name, istat_code, slug, created_at) VALUES (?, ?, ?, ?) "
                     "RETURNING id",
                     DB_ARGS(DB_TEXT(name), DB_TEXT(istat), DB_TEXT(slug), DB_INT(now)),
                     id) != DB_OK ||
        city_default_categories(c, *id))
        return CITY_ERROR;
    json_t *d = json_pack("{s:s,s:s}", "istat_code", istat, "name", name);
    int a = audit_append(c, *id, by_user, "city_add", "city", *id, d);
    json_decref(d);
    return a ? CITY_ERROR : CITY_OK;
}

json_t *cities_list(db_conn *c)
{
    return db_query_json(
        c,
        "SELECT ci.id, ci.name, ci.istat_code, ci.slug, "
        "(SELECT COUNT(*) FROM memberships m WHERE m.city_id = ci.id AND m.role = 'officer') "
        "AS officers, (SELECT COUNT(*) FROM residents r WHERE r.city_id = ci.id "
        "AND r.state = 'active') AS residents FROM cities ci ORDER BY ci.name",
        DB_NOARGS);
}

city_rc city_rename(db_conn *c, int64_t city_id, const char *name, int64_t by_user)
{
    if (!name || !*name || strlen(name) > 200 || !utf8_valid(name, strlen(name)))
        return CITY_BAD_NAME;
    int64_t changed = 0;
    if (db_exec(c, "UPDATE cities SET name = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(name), DB_INT(city_id)), &changed) != DB_OK)
        return CITY_ERROR;
    if (!changed) return CITY_NOT_FOUND;
    json_t *d = json_pack("{s:s}", "name", name);
    int a = audit_append(c, city_id, by_user, "city_rename", "city", city_id, d);
    json_decref(d);
    return a ? CITY_ERROR : CITY_OK;
}

json_t *bodies_list(db_conn *c)
{
    return db_query_json(
        c,
        "SELECT o.id, o.name, o.tax_code, o.kind, COALESCE(o.runts_number, '') AS runts_number, "
        "ci.name AS city, (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id) "
        "AS people FROM organisations o LEFT JOIN cities ci ON ci.id = o.city_id "
        "ORDER BY o.name",
        DB_NOARGS);
}

city_rc body_update(db_conn *c, int64_t org_id, const char *name, const char *runts,
                    int64_t by_user)
{
    if (!name || !*name || strlen(name) > 300 || !utf8_valid(name, strlen(name)))
        return CITY_BAD_NAME;
    int64_t changed = 0, city = 0;
    if (db_exec(c, "UPDATE organisations SET name = ?, runts_number = ? WHERE id = ?",
                DB_ARGS(DB_TEXT(name), DB_TEXT(runts ? runts : ""), DB_INT(org_id)),
                &changed) != DB_OK)
        return CITY_ERROR;
    if (!changed) return CITY_NOT_FOUND;
    db_query_int(c, "SELECT COALESCE(city_id, 0) FROM organisations WHERE id = ?",
                 DB_ARGS(DB_INT(org_id)), &city);
    json_t *d = json_pack("{s:s,s:s}", "name", name, "runts", runts ? runts : "");
    int a = audit_append(c, city, by_user, "body_update", "organisation", org_id, d);
    json_decref(d);
    return a ? CITY_ERROR : CITY_OK;
}

json_t *cities_names(db_conn *c)
{
    return db_query_json(c, "SELECT istat_code, name FROM cities ORDER BY name", DB_NOARGS);
}

int64_t city_by_istat(db_conn *c, const char *istat)
{
    int64_t id = 0;
    db_query_int(c, "SELECT id FROM cities WHERE istat_code = ?", DB_ARGS(DB_TEXT(istat)), &id);
    return id;
}

int64_t city_pick(db_conn *c, const char *istat, int64_t fallback)
{
    int64_t id = istat && *istat ? city_by_istat(c, istat) : 0;
    if (!id) id = fallback;
    if (!id) db_query_int(c, "SELECT MIN(id) FROM cities", DB_NOARGS, &id);
    return id;
}

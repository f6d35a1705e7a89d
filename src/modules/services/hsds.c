#include "modules/services/hsds.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hours.h"
#include "base/timefmt.h"
#include "modules/services/services.h"

void hsds_uuid(char out[37], int64_t istat, hsds_kind kind, int64_t id)
{
    uint64_t a = (uint64_t)istat & UINT64_C(0xFFFFFFFFFFFF);
    uint64_t c = (uint64_t)id & UINT64_C(0x3FFFFFFFFFFFFFFF);
    snprintf(out, 37, "%08" PRIx64 "-%04" PRIx64 "-8%03x-%04" PRIx64 "-%012" PRIx64, a >> 16,
             a & 0xFFFF, (unsigned)kind & 0xFFF, UINT64_C(0x8000) | (c >> 48),
             c & UINT64_C(0xFFFFFFFFFFFF));
}

bool hsds_uuid_parse(const char *s, int64_t *istat, hsds_kind *kind, int64_t *id)
{
    if (!s || strlen(s) != 36) return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i])) return false;
    }
    if (s[14] != '8' || !strchr("89ab", s[19])) return false;
    char part[13];
    memcpy(part, s, 8), part[8] = '\0';
    uint64_t hi = strtoull(part, NULL, 16);
    memcpy(part, s + 9, 4), part[4] = '\0';
    *istat = (int64_t)(hi << 16 | strtoull(part, NULL, 16));
    memcpy(part, s + 15, 3), part[3] = '\0';
    *kind = (hsds_kind)strtoul(part, NULL, 16);
    memcpy(part, s + 19, 4), part[4] = '\0';
    uint64_t mid = strtoull(part, NULL, 16) & 0x3FFF;
    memcpy(part, s + 24, 12), part[12] = '\0';
    *id = (int64_t)(mid << 48 | strtoull(part, NULL, 16));
    return true;
}

/* Sets key to a new id. */
static void set_id(json_t *o, const char *key, int64_t istat, hsds_kind kind, int64_t id)
{
    char u[37];
    hsds_uuid(u, istat, kind, id);
    json_object_set_new(o, key, json_string(u));
}

static const char *text(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

static int64_t num(json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

static void put_text(json_t *o, const char *key, const char *s)
{
    if (s && *s) json_object_set_new(o, key, json_string(s));
}

static json_t *envelope(json_t *contents, int64_t total, const hsds_page *p)
{
    int64_t pages = total ? (total + p->per_page - 1) / p->per_page : 1;
    return json_pack("{s:I,s:I,s:I,s:I,s:b,s:b,s:b,s:o}", "total_items", (json_int_t)total,
                     "total_pages", (json_int_t)pages, "page_number", (json_int_t)p->page, "size",
                     (json_int_t)json_array_size(contents), "first_page", p->page == 1, "last_page",
                     p->page >= pages, "empty", json_array_size(contents) == 0, "contents",
                     contents);
}

/* Each row made into an object by fn; the rows are given up. */
static json_t *mapped(json_t *rows, json_t *(*fn)(json_t *row))
{
    json_t *list = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) json_array_append_new(list, fn(x));
    json_decref(rows);
    return list;
}

/* ---- organizations ---- */

#define ORG_SELECT                                                                                 \
    "SELECT o.id, o.name, o.kind, o.tax_code, COALESCE(CAST(ci.istat_code AS BIGINT), 0) AS "      \
    "istat FROM organisations o LEFT JOIN cities ci ON ci.id = o.city_id WHERE EXISTS (SELECT 1 "  \
    "FROM services s WHERE s.organisation_id = o.id) "

static json_t *organization_object(json_t *row)
{
    json_t *o = json_object();
    set_id(o, "id", num(row, "istat"), HSDS_ORGANIZATION, num(row, "id"));
    json_object_set_new(o, "name", json_string(text(row, "name")));
    json_object_set_new(o, "description",
                        json_string(strcmp(text(row, "kind"), "city") == 0
                                        ? "Amministrazione comunale"
                                        : "Ente che gestisce servizi della rete a bassa soglia"));
    put_text(o, "tax_id", text(row, "tax_code"));
    return o;
}

/* ---- services ---- */

#define SERVICE_SELECT                                                                             \
    "SELECT s.id, s.organisation_id, CAST(ci.istat_code AS BIGINT) AS istat, s.kind, s.name, "     \
    "s.name_en, s.description, s.status, s.email, s.phone, s.fees, s.documents, s.languages, "     \
    "s.for_men, s.for_women, s.for_families, s.for_minors, s.for_couples, s.for_pets, "            \
    "s.accessible, s.updated_at FROM services s JOIN cities ci ON ci.id = s.city_id "

/* Who may use the service, in words (HSDS has no fields for it). */
static void eligibility(json_t *row, char *out, size_t n)
{
    static const struct {
        const char *col, *words;
    } WHO[] = {{"for_men", "uomini"},        {"for_women", "donne"},
               {"for_families", "famiglie"}, {"for_minors", "minori"},
               {"for_couples", "coppie"},    {"for_pets", "persone con animali"}};
    size_t used = (size_t)snprintf(out, n, "Per");
    int k = 0;
    for (size_t i = 0; i < sizeof WHO / sizeof WHO[0] && used < n; i++)
        if (num(row, WHO[i].col))
            used += (size_t)snprintf(out + used, n - used, "%s %s", k++ ? "," : "", WHO[i].words);
    if (used < n && num(row, "accessible"))
        snprintf(out + used, n - used, "; accessibile a persone con disabilità");
    if (!k) snprintf(out, n, "Per tutti");
}

static json_t *service_object(json_t *row, bool full);
/* A service as a list holds it: its own fields only. */
static json_t *service_item(json_t *row)
{
    return service_object(row, false);
}

static json_t *service_object(json_t *row, bool full)
{
    int64_t istat = num(row, "istat"), id = num(row, "id");
    json_t *o = json_object();
    set_id(o, "id", istat, HSDS_SERVICE, id);
    set_id(o, "organization_id", istat, HSDS_ORGANIZATION, num(row, "organisation_id"));
    json_object_set_new(o, "name", json_string(text(row, "name")));
    put_text(o, "alternate_name", text(row, "name_en"));
    put_text(o, "description", text(row, "description"));
    put_text(o, "email", text(row, "email"));
    json_object_set_new(o, "status", json_string(text(row, "status")));
    json_object_set_new(o, "fees_description",
                        json_string(*text(row, "fees") ? text(row, "fees") : "Gratuito"));
    char who[256];
    eligibility(row, who, sizeof who);
    json_object_set_new(o, "eligibility_description", json_string(who));
    if (!num(row, "for_minors")) json_object_set_new(o, "minimum_age", json_integer(18));
    char iso[40];
    time_format_iso(num(row, "updated_at"), iso, sizeof iso);
    json_object_set_new(o, "last_modified", json_string(iso));
    if (!full) return o;
    json_t *phones = json_array();
    if (*text(row, "phone")) {
        json_t *ph = json_object();
        set_id(ph, "id", istat, HSDS_PHONE, id);
        set_id(ph, "service_id", istat, HSDS_SERVICE, id);
        json_object_set_new(ph, "number", json_string(text(row, "phone")));
        json_array_append_new(phones, ph);
    }
    json_object_set_new(o, "phones", phones);
    json_t *docs = json_array();
    json_t *doc = json_object();
    set_id(doc, "id", istat, HSDS_DOCUMENT, id);
    set_id(doc, "service_id", istat, HSDS_SERVICE, id);
    json_object_set_new(doc, "document",
                        json_string(*text(row, "documents") ? text(row, "documents")
                                                            : "Nessun documento richiesto"));
    json_array_append_new(docs, doc);
    json_object_set_new(o, "required_documents", docs);
    json_t *langs = json_array();
    const char *l = text(row, "languages");
    for (int i = 0; *l && i < 16; i++) {
        size_t n = strcspn(l, ",");
        char code[8];
        snprintf(code, sizeof code, "%.*s", (int)(n < 7 ? n : 7), l);
        json_t *lang = json_object();
        set_id(lang, "id", istat, HSDS_LANGUAGE, id * 16 + i);
        set_id(lang, "service_id", istat, HSDS_SERVICE, id);
        json_object_set_new(lang, "code", json_string(code));
        json_array_append_new(langs, lang);
        l += n;
        while (*l == ',' || *l == ' ') l++;
    }
    json_object_set_new(o, "languages", langs);
    return o;
}

/* A location as HSDS writes it, with its address. */
static json_t *location_object(json_t *row, int64_t istat)
{
    int64_t id = num(row, "location_id");
    json_t *loc = json_object();
    set_id(loc, "id", istat, HSDS_LOCATION, id);
    json_object_set_new(loc, "location_type", json_string("physical"));
    json_object_set_new(loc, "name", json_string(text(row, "location")));
    json_object_set_new(loc, "latitude", json_real((double)num(row, "latitude_e6") / 1e6));
    json_object_set_new(loc, "longitude", json_real((double)num(row, "longitude_e6") / 1e6));
    json_t *addr = json_object();
    set_id(addr, "id", istat, HSDS_LOCATION, id);
    set_id(addr, "location_id", istat, HSDS_LOCATION, id);
    json_object_set_new(addr, "address_1", json_string(text(row, "address")));
    json_object_set_new(addr, "city", json_string(text(row, "city")));
    json_object_set_new(addr, "state_province", json_string(text(row, "city")));
    json_object_set_new(addr, "postal_code", json_string(text(row, "postal_code")));
    json_object_set_new(addr, "country", json_string("IT"));
    json_object_set_new(addr, "address_type", json_string("physical"));
    json_object_set_new(loc, "addresses", json_pack("[o]", addr));
    if (*text(row, "accessibility")) {
        json_t *acc = json_object();
        set_id(acc, "id", istat, HSDS_LOCATION, id);
        set_id(acc, "location_id", istat, HSDS_LOCATION, id);
        json_object_set_new(acc, "description", json_string(text(row, "accessibility")));
        json_object_set_new(loc, "accessibility", json_pack("[o]", acc));
    }
    return loc;
}

/* The hours of a site as weekly RRULE schedules: one per opening period. */
static json_t *schedules(json_t *row, int64_t istat)
{
    static const char *const DAYS[] = {"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    week_period p[HOURS_MAX_PERIODS];
    int n = hours_parse(text(row, "hours"), p, HOURS_MAX_PERIODS);
    json_t *out = json_array();
    int64_t site = num(row, "site_id");
    for (int i = 0; i < n; i++) {
        char opens[16], closes[16];
        snprintf(opens, sizeof opens, "%02d:%02d", p[i].opens / 60, p[i].opens % 60);
        snprintf(closes, sizeof closes, "%02d:%02d", p[i].closes / 60, p[i].closes % 60);
        json_t *s = json_pack("{s:s,s:s,s:s,s:s,s:s}", "freq", "WEEKLY", "wkst", "MO", "byday",
                              DAYS[p[i].weekday], "opens_at", opens, "closes_at", closes);
        set_id(s, "id", istat, HSDS_SCHEDULE, site * 32 + i);
        set_id(s, "service_at_location_id", istat, HSDS_SERVICE_AT_LOCATION, site);
        set_id(s, "service_id", istat, HSDS_SERVICE, num(row, "id"));
        set_id(s, "location_id", istat, HSDS_LOCATION, num(row, "location_id"));
        json_array_append_new(out, s);
    }
    return out;
}

#define SITE_SELECT                                                                                \
    "SELECT ss.id AS site_id, s.id, CAST(ci.istat_code AS BIGINT) AS istat, ci.name AS city, "     \
    "ss.hours, l.id AS location_id, l.name AS location, l.address, l.postal_code, "                \
    "l.latitude_e6, l.longitude_e6, l.accessibility FROM service_sites ss JOIN services s ON "     \
    "s.id = ss.service_id JOIN service_locations l ON l.id = ss.location_id JOIN cities ci ON "    \
    "ci.id = s.city_id "

static json_t *site_object(json_t *row)
{
    int64_t istat = num(row, "istat");
    json_t *o = json_object();
    set_id(o, "id", istat, HSDS_SERVICE_AT_LOCATION, num(row, "site_id"));
    set_id(o, "service_id", istat, HSDS_SERVICE, num(row, "id"));
    set_id(o, "location_id", istat, HSDS_LOCATION, num(row, "location_id"));
    json_object_set_new(o, "schedules", schedules(row, istat));
    json_object_set_new(o, "location", location_object(row, istat));
    return o;
}

/* The places of a service tonight, as HSDS 3.1's service_capacity: one per kind of place. */
static json_t *capacities(db_conn *c, int64_t service, int64_t istat, int64_t now)
{
    static const char *const UNIT_NAMES[] = {"Posto letto", "Sacco a pelo", "Pasto", "Doccia"};
    char night[11];
    services_night(now, night);
    json_t *rows = db_query_json(
        c,
        "SELECT p.kind, COUNT(*) AS total, SUM(CASE WHEN EXISTS (SELECT 1 FROM place_holds h "
        "WHERE h.place_id = p.id AND h.night = ? AND (h.state = 'checked_in' OR (h.state = "
        "'held' AND h.expires_at > ?))) THEN 0 ELSE 1 END) AS free FROM places p WHERE "
        "p.service_id = ? AND p.active = 1 GROUP BY p.kind ORDER BY p.kind",
        DB_ARGS(DB_TEXT(night), DB_INT(now), DB_INT(service)));
    json_t *out = json_array();
    char iso[40];
    time_format_iso(now, iso, sizeof iso);
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x)
    {
        int k = 0;
        while (PLACE_KINDS[k] && strcmp(PLACE_KINDS[k], text(x, "kind")) != 0) k++;
        if (!PLACE_KINDS[k]) continue;
        json_t *unit = json_pack("{s:s,s:s}", "name", UNIT_NAMES[k], "identifier", PLACE_KINDS[k]);
        set_id(unit, "id", istat, HSDS_UNIT, k + 1);
        json_t *cap =
            json_pack("{s:o,s:I,s:I,s:s}", "unit", unit, "available", (json_int_t)num(x, "free"),
                      "maximum", (json_int_t)num(x, "total"), "updated", iso);
        set_id(cap, "id", istat, HSDS_CAPACITY, service * 8 + k);
        set_id(cap, "service_id", istat, HSDS_SERVICE, service);
        set_id(cap, "unit_id", istat, HSDS_UNIT, k + 1);
        json_array_append_new(out, cap);
    }
    json_decref(rows);
    return out;
}

json_t *hsds_service(db_conn *c, int64_t id, int64_t now)
{
    json_t *row = db_query_object(c, SERVICE_SELECT "WHERE s.id = ?", DB_ARGS(DB_INT(id)));
    if (!row) return NULL;
    int64_t istat = num(row, "istat"), org = num(row, "organisation_id");
    json_t *o = service_object(row, true);
    json_decref(row);
    json_t *sites =
        db_query_json(c, SITE_SELECT "WHERE s.id = ? ORDER BY ss.id", DB_ARGS(DB_INT(id)));
    json_t *list = mapped(sites, site_object);
    json_object_set_new(o, "service_at_locations", list);
    /* The body alone: a service's organization does not list the body's services again. */
    json_t *body = db_query_object(c, ORG_SELECT "AND o.id = ?", DB_ARGS(DB_INT(org)));
    if (body) json_object_set_new(o, "organization", organization_object(body));
    json_decref(body);
    json_object_set_new(o, "capacities", capacities(c, id, istat, now));
    return o;
}

/* The search as a LIKE pattern of its own letters (%, _ and \ taken literally), lower case
 * like the text it is matched with; "" when there is none. */
static void like_pattern(const char *search, char *out, size_t n)
{
    size_t k = 0;
    if (search && *search && k + 1 < n) out[k++] = '%';
    for (const char *s = search; s && *s && k + 3 < n; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') out[k++] = '\\';
        out[k++] = *s;
    }
    if (k && k + 1 < n) out[k++] = '%';
    out[k] = '\0';
}

json_t *hsds_services(db_conn *c, const hsds_page *p, int64_t now)
{
    (void)now;
    char q[512];
    like_pattern(p->search, q, sizeof q);
    int64_t total = 0;
    db_query_int(
        c,
        "SELECT COUNT(*) FROM services s WHERE (? = '' OR lower(s.name || ' ' || "
        "s.description) LIKE lower(?) ESCAPE '\\') AND (? = 0 OR s.organisation_id = ?)",
        DB_ARGS(DB_TEXT(q), DB_TEXT(q), DB_INT(p->organization_id), DB_INT(p->organization_id)),
        &total);
    json_t *rows = db_query_json(
        c,
        SERVICE_SELECT "WHERE (? = '' OR lower(s.name || ' ' || s.description) LIKE lower(?) "
                       "ESCAPE '\\') AND (? = 0 OR s.organisation_id = ?) ORDER BY s.id LIMIT ? "
                       "OFFSET ?",
        DB_ARGS(DB_TEXT(q), DB_TEXT(q), DB_INT(p->organization_id), DB_INT(p->organization_id),
                DB_INT(p->per_page), DB_INT((p->page - 1) * p->per_page)));
    json_t *list = mapped(rows, service_item);
    return envelope(list, total, p);
}

json_t *hsds_organization(db_conn *c, int64_t id)
{
    json_t *row = db_query_object(c, ORG_SELECT "AND o.id = ?", DB_ARGS(DB_INT(id)));
    if (!row) return NULL;
    json_t *o = organization_object(row);
    json_decref(row);
    json_t *services = db_query_json(c, SERVICE_SELECT "WHERE s.organisation_id = ? ORDER BY s.id",
                                     DB_ARGS(DB_INT(id)));
    json_t *list = mapped(services, service_item);
    json_object_set_new(o, "services", list);
    return o;
}

json_t *hsds_organizations(db_conn *c, const hsds_page *p)
{
    char q[512];
    like_pattern(p->search, q, sizeof q);
    int64_t total = 0;
    db_query_int(c,
                 "SELECT COUNT(*) FROM organisations o WHERE EXISTS (SELECT 1 FROM services s "
                 "WHERE s.organisation_id = o.id) AND (? = '' OR lower(o.name) LIKE lower(?) "
                 "ESCAPE '\\')",
                 DB_ARGS(DB_TEXT(q), DB_TEXT(q)), &total);
    json_t *rows = db_query_json(
        c,
        ORG_SELECT "AND (? = '' OR lower(o.name) LIKE lower(?) ESCAPE '\\') ORDER BY o.id "
                   "LIMIT ? OFFSET ?",
        DB_ARGS(DB_TEXT(q), DB_TEXT(q), DB_INT(p->per_page), DB_INT((p->page - 1) * p->per_page)));
    json_t *list = mapped(rows, organization_object);
    return envelope(list, total, p);
}

/* ---- service at location ---- */

json_t *hsds_service_at_location(db_conn *c, int64_t id, int64_t now)
{
    (void)now;
    json_t *row = db_query_object(c, SITE_SELECT "WHERE ss.id = ?", DB_ARGS(DB_INT(id)));
    if (!row) return NULL;
    json_t *o = site_object(row);
    json_decref(row);
    return o;
}

json_t *hsds_service_at_locations(db_conn *c, const hsds_page *p, int64_t now)
{
    (void)now;
    int64_t total = 0;
    db_query_int(c, "SELECT COUNT(*) FROM service_sites", DB_NOARGS, &total);
    json_t *rows = db_query_json(c, SITE_SELECT "ORDER BY ss.id LIMIT ? OFFSET ?",
                                 DB_ARGS(DB_INT(p->per_page), DB_INT((p->page - 1) * p->per_page)));
    json_t *list = mapped(rows, site_object);
    return envelope(list, total, p);
}

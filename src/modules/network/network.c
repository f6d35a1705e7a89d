/* The graph from the records: one query lists every actor's part in every shared record, and
 * each record links every pair of its actors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/network/network.h"

/* Each row: kind of record, record id, actor key, actor name, tax code, neighbourhood. The city
 * is the actor "city". A proposal's and a table's neighbourhood is its call area's name. */
static const char PARTS_SQL[] =
    "SELECT 'proposal' AS kind, pp.proposal_id AS rec, 'cf:' || pp.tax_code AS node, pp.name AS "
    "name, pp.tax_code AS tax_code, a.name AS hood FROM proposal_parties pp JOIN proposals p ON "
    "p.id = pp.proposal_id AND p.status = 'submitted' JOIN calls k ON k.id = p.call_id JOIN "
    "call_areas a ON a.id = p.area_id WHERE k.city_id = ? "
    "UNION ALL SELECT 'codesign', tp.table_id, CASE WHEN tp.organisation_id IS NULL THEN 'city' "
    "ELSE 'cf:' || o.tax_code END, COALESCE(o.name, ''), COALESCE(o.tax_code, ''), a.name FROM "
    "table_participants tp JOIN codesign_tables t ON t.id = tp.table_id JOIN proposals p ON p.id "
    "= t.proposal_id JOIN call_areas a ON a.id = p.area_id JOIN calls k ON k.id = t.call_id LEFT "
    "JOIN organisations o ON o.id = tp.organisation_id WHERE k.city_id = ? AND "
    "(tp.organisation_id IS NOT NULL OR tp.party = 'city') "
    "UNION ALL SELECT 'pact', p.id, 'cf:' || o.tax_code, o.name, o.tax_code, g.neighbourhood "
    "FROM pacts p JOIN commons_goods g ON g.id = p.good_id JOIN organisations o ON o.id = "
    "p.organisation_id WHERE p.city_id = ? "
    "UNION ALL SELECT 'pact', p.id, 'cf:' || o.tax_code, o.name, o.tax_code, g.neighbourhood "
    "FROM pact_signatories s JOIN pacts p ON p.id = s.pact_id JOIN commons_goods g ON g.id = "
    "p.good_id JOIN memberships m ON m.user_id = s.user_id AND m.role = 'ets' JOIN organisations "
    "o ON o.id = m.organisation_id WHERE p.city_id = ? AND s.left_at IS NULL "
    "UNION ALL SELECT 'pact', p.id, 'city', '', '', g.neighbourhood FROM pacts p JOIN "
    "commons_goods g ON g.id = p.good_id WHERE p.city_id = ? AND p.state IN ('active', 'ended', "
    "'revoked') "
    "UNION ALL SELECT 'hub', h.id, 'cf:' || o.tax_code, o.name, o.tax_code, h.neighbourhood FROM "
    "hubs h JOIN organisations o ON o.id = h.organisation_id WHERE h.city_id = ? "
    "UNION ALL SELECT 'hub', h.id, 'city', '', '', h.neighbourhood FROM hubs h WHERE h.city_id = "
    "? "
    "UNION ALL SELECT 'referral', r.id, 'cf:' || o.tax_code, o.name, o.tax_code, NULL FROM "
    "referrals r JOIN organisations o ON o.id = r.organisation_id WHERE r.city_id = ? "
    "UNION ALL SELECT 'referral', r.id, COALESCE('cf:' || o.tax_code, 'city'), COALESCE(o.name, "
    "''), COALESCE(o.tax_code, ''), NULL FROM referrals r LEFT JOIN memberships m ON m.user_id = "
    "r.sent_by AND m.role = 'ets' LEFT JOIN organisations o ON o.id = m.organisation_id WHERE "
    "r.city_id = ? "
    "ORDER BY 1, 2, 3";

static json_t *node_of(json_t *nodes, const char *key, const char *name, const char *tax_code)
{
    json_t *n = json_object_get(nodes, key);
    if (!n) {
        bool city = !strcmp(key, "city");
        n = json_pack("{s:s,s:s,s:s,s:i,s:i}", "key", key, "name", name, "tax_code", tax_code,
                      "degree", 0, "is_city", city ? 1 : 0);
        json_object_set_new(nodes, key, n);
    }
    return n;
}

/* Links every pair of the record's actors (keys sorted, so a pair is one link). */
static void link_group(json_t *links, json_t *nodes, const char *kind, json_t *members)
{
    size_t n = json_array_size(members);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const char *a = json_string_value(json_array_get(members, i));
            const char *b = json_string_value(json_array_get(members, j));
            if (!strcmp(a, b)) continue;
            if (strcmp(a, b) > 0) {
                const char *t = a;
                a = b;
                b = t;
            }
            char key[600];
            snprintf(key, sizeof key, "%s|%s", a, b);
            json_t *l = json_object_get(links, key);
            if (!l) {
                l = json_pack("{s:s,s:s,s:i,s:{}}", "source", a, "target", b, "weight", 0, "kinds");
                json_object_set_new(links, key, l);
                for (const char *k = a; k; k = k == a ? b : NULL) {
                    json_t *node = json_object_get(nodes, k);
                    json_object_set_new(
                        node, "degree",
                        json_integer(json_integer_value(json_object_get(node, "degree")) + 1));
                }
            }
            json_object_set_new(l, "weight",
                                json_integer(json_integer_value(json_object_get(l, "weight")) + 1));
            json_t *kinds = json_object_get(l, "kinds");
            json_object_set_new(kinds, kind,
                                json_integer(json_integer_value(json_object_get(kinds, kind)) + 1));
        }
}

static int by_degree(const void *pa, const void *pb)
{
    const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    json_int_t da = json_integer_value(json_object_get(a, "degree"));
    json_int_t dg = json_integer_value(json_object_get(b, "degree"));
    if (da != dg) return da < dg ? 1 : -1;
    return strcmp(json_string_value(json_object_get(a, "name")),
                  json_string_value(json_object_get(b, "name")));
}

json_t *network_graph(db_conn *c, int64_t city_id, const char *neighbourhood)
{
    db_param p[9];
    for (int i = 0; i < 9; i++) p[i] = DB_INT(city_id);
    db_rows *r = db_query(c, PARTS_SQL, p, 9);
    if (!r) return NULL;
    json_t *nodes = json_object(), *links = json_object(), *hoods = json_object();
    json_t *members = json_array();
    char kind[16] = "";
    int64_t rec = -1;
    const char *city_name = "";
    while (db_next(r)) {
        const char *hood = db_text(r, 5);
        if (hood && *hood) json_object_set_new(hoods, hood, json_true());
        if (neighbourhood && *neighbourhood && (!hood || strcmp(hood, neighbourhood) != 0))
            continue;
        if (strcmp(kind, db_text(r, 0)) != 0 || rec != db_int(r, 1)) {
            link_group(links, nodes, kind, members);
            json_array_clear(members);
            snprintf(kind, sizeof kind, "%s", db_text(r, 0));
            rec = db_int(r, 1);
        }
        const char *key = db_text(r, 2);
        node_of(nodes, key, !strcmp(key, "city") ? city_name : db_text(r, 3), db_text(r, 4));
        /* Rows come sorted by actor within a record: an actor there twice counts once. */
        size_t k = json_array_size(members);
        if (!k || strcmp(json_string_value(json_array_get(members, k - 1)), key) != 0)
            json_array_append_new(members, json_string(key));
    }
    link_group(links, nodes, kind, members);
    json_decref(members);
    if (db_rows_close(r) != DB_OK) {
        json_decref(nodes);
        json_decref(links);
        json_decref(hoods);
        return NULL;
    }
    /* The city by its name. */
    json_t *city = json_object_get(nodes, "city");
    if (city) {
        db_rows *n = db_query(c, "SELECT name FROM cities WHERE id = ?", DB_ARGS(DB_INT(city_id)));
        if (n && db_next(n)) json_object_set_new(city, "name", json_string(db_text(n, 0)));
        db_rows_close(n);
    }
    /* Actors with no link in the view (alone in their records) are left out. */
    size_t count = 0;
    json_t **sorted = malloc(sizeof(json_t *) * (json_object_size(nodes) + 1));
    const char *key;
    json_t *v;
    json_object_foreach(nodes, key, v) if (json_integer_value(json_object_get(v, "degree")) > 0)
        sorted[count++] = v;
    qsort(sorted, count, sizeof(json_t *), by_degree);
    json_t *out_nodes = json_array(), *out_links = json_array(), *out_hoods = json_array();
    for (size_t i = 0; i < count; i++) json_array_append(out_nodes, sorted[i]);
    free(sorted);
    json_object_foreach(links, key, v) json_array_append(out_links, v);
    json_object_foreach(hoods, key, v) json_array_append_new(out_hoods, json_string(key));
    json_decref(nodes);
    json_decref(links);
    json_decref(hoods);
    return json_pack("{s:o,s:o,s:o}", "nodes", out_nodes, "links", out_links, "neighbourhoods",
                     out_hoods);
}

void network_layout(json_t *graph, int side)
{
    json_t *nodes = json_object_get(graph, "nodes");
    size_t ring = 0, placed = 0;
    size_t i;
    json_t *x;
    json_array_foreach(nodes, i, x) ring += !json_integer_value(json_object_get(x, "is_city"));
    /* Room at the sides for labels of 18 characters written outwards. */
    double mid = side / 2.0, radius = side * 0.22, label = side * 0.22 + 18;
    json_t *where = json_object();
    json_array_foreach(nodes, i, x)
    {
        double px = mid, py = mid, lx = mid, ly = mid + 18;
        const char *anchor = "middle";
        if (!json_integer_value(json_object_get(x, "is_city"))) {
            double a = 2 * M_PI * (double)placed++ / (double)(ring ? ring : 1) - M_PI / 2;
            px = mid + radius * cos(a);
            py = mid + radius * sin(a);
            lx = mid + label * cos(a);
            ly = mid + label * sin(a) + 4;
            anchor = cos(a) > 0.3 ? "start" : cos(a) < -0.3 ? "end" : "middle";
        }
        json_object_set_new(x, "x", json_integer((json_int_t)lround(px)));
        json_object_set_new(x, "y", json_integer((json_int_t)lround(py)));
        json_object_set_new(x, "lx", json_integer((json_int_t)lround(lx)));
        json_object_set_new(x, "ly", json_integer((json_int_t)lround(ly)));
        json_object_set_new(x, "anchor", json_string(anchor));
        /* The drawing shows a name's first 18 characters; the list below has them whole. */
        const char *name = json_string_value(json_object_get(x, "name"));
        size_t chars = 0, cut = 0;
        for (; name[cut] && chars <= 18; cut++)
            if (((unsigned char)name[cut] & 0xC0) != 0x80 && ++chars > 18) break;
        char *shortened = name[cut] ? malloc(cut + 4) : NULL;
        if (shortened) {
            memcpy(shortened, name, cut);
            memcpy(shortened + cut, "\u2026", 4);
            json_object_set_new(x, "label", json_string(shortened));
            free(shortened);
        } else {
            json_object_set_new(x, "label", json_string(name));
        }
        json_object_set(where, json_string_value(json_object_get(x, "key")), x);
    }
    json_array_foreach(json_object_get(graph, "links"), i, x)
    {
        json_t *a = json_object_get(where, json_string_value(json_object_get(x, "source")));
        json_t *b = json_object_get(where, json_string_value(json_object_get(x, "target")));
        json_object_set(x, "x1", json_object_get(a, "x"));
        json_object_set(x, "y1", json_object_get(a, "y"));
        json_object_set(x, "x2", json_object_get(b, "x"));
        json_object_set(x, "y2", json_object_get(b, "y"));
        json_int_t w = json_integer_value(json_object_get(x, "weight"));
        json_object_set_new(x, "stroke", json_integer(w > 4 ? 5 : w + 1));
    }
    json_decref(where);
}

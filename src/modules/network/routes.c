#include "modules/network/routes.h"

#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "modules/cities/routes.h"
#include "modules/network/network.h"
#include "web/input.h"

/* The drawing's side in SVG units; the page scales it to the screen. */
enum { DRAWING = 640 };

/* The city's officers and controllers see their city's network. */
static json_t *graph_of(req *r)
{
    const char *hood = in_text(r, "neighbourhood", 128, IN_OPTIONAL);
    return network_graph(r->db, req_city_for(r, ROLE_OFFICER | ROLE_CONTROLLER), hood);
}

static const char *const KINDS[] = {"proposal", "codesign", "pact", "hub", "referral", NULL};

int network_page(req *r)
{
    json_t *g = graph_of(r);
    if (!g) return -1;
    network_layout(g, DRAWING);
    const char *hood = in_text(r, "neighbourhood", 128, IN_OPTIONAL);
    /* Each link's kinds as people read them: "patti 2, tavoli 1". */
    size_t i;
    json_t *l;
    json_t *names = json_object();
    json_array_foreach(json_object_get(g, "nodes"), i, l)
        json_object_set(names, json_string_value(json_object_get(l, "key")), l);
    json_array_foreach(json_object_get(g, "links"), i, l)
    {
        buf b;
        buf_init(&b, 64);
        for (int k = 0; KINDS[k]; k++) {
            json_int_t n =
                json_integer_value(json_object_get(json_object_get(l, "kinds"), KINDS[k]));
            if (!n) continue;
            if (b.len) buf_puts(&b, ", ");
            buf_printf(&b, "%s %lld", req_t_code(r, "network.kind", KINDS[k]), (long long)n);
        }
        json_object_set_new(l, "kinds_text", json_stringn(b.data ? b.data : "", b.len));
        buf_free(&b);
        json_object_set(
            l, "source_name",
            json_object_get(json_object_get(names, json_string_value(json_object_get(l, "source"))),
                            "name"));
        json_object_set(
            l, "target_name",
            json_object_get(json_object_get(names, json_string_value(json_object_get(l, "target"))),
                            "name"));
    }
    json_decref(names);
    json_t *hoods = json_array();
    json_array_foreach(json_object_get(g, "neighbourhoods"), i, l)
        json_array_append_new(hoods, json_pack("{s:O,s:b}", "name", l, "selected",
                                               hood && !strcmp(hood, json_string_value(l))));
    json_object_set_new(g, "hood_choices", hoods);
    json_object_set_new(g, "neighbourhood", json_string(hood ? hood : ""));
    json_object_set_new(g, "side", json_integer(DRAWING));
    r->view = g;
    r->template = "network/index";
    r->title_key = "network.title";
    return 0;
}

int network_graphml_file(req *r)
{
    json_t *g = graph_of(r);
    if (!g) return -1;
    buf b;
    buf_init(&b, REQ_EXPORT_MAX);
    int rc = network_graphml(g, &b);
    json_decref(g);
    if (rc == 0) rc = req_send_buf(r, &b, "application/graphml+xml", "rete.graphml");
    buf_free(&b);
    return rc;
}

/* The organisations as HSDS names their fields, and the links between them. */
int network_json(req *r)
{
    json_t *g = graph_of(r);
    if (!g) return -1;
    json_t *orgs = json_array();
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n)
    {
        const char *tax = json_string_value(json_object_get(n, "tax_code"));
        json_array_append_new(orgs, json_pack("{s:O,s:O,s:s?}", "id", json_object_get(n, "key"),
                                              "name", json_object_get(n, "name"), "tax_id",
                                              tax && *tax ? tax : NULL));
    }
    r->view = json_pack("{s:o,s:O}", "organizations", orgs, "links", json_object_get(g, "links"));
    json_decref(g);
    r->want_json = true;
    return 0;
}

/* The organisation a body's representative acts for, when it is the one in the path. */
static bool represents(req *r, int64_t org);

/* False when the person may change org's profile; else true, with the answer set (no such
 * body, or not theirs). */
static bool refused(req *r, int64_t org)
{
    if (!actor_exists(r->db, org)) return !req_error(r, 404, "error.not_found");
    if (!represents(r, org)) return !req_error(r, 403, "network.not_yours");
    return false;
}

static bool represents(req *r, int64_t org)
{
    for (int i = 0; r->user && i < r->user->nmemberships; i++)
        if (r->user->memberships[i].role == ROLE_ETS &&
            r->user->memberships[i].organisation_id == org)
            return true;
    return false;
}

int network_actors(req *r)
{
    const char *category = in_choice(r, "category", actor_categories, IN_OPTIONAL);
    json_t *list = actors_list(r->db, cities_public(r), category);
    if (!list) return -1;
    req_label_each(r, list, "kind", "network.actor_kind", "kind_label");
    r->view = json_pack("{s:o,s:o}", "actors", list, "categories",
                        req_choices(r, actor_categories, "network.category", category));
    r->template = "network/actors";
    r->title_key = "network.actors_title";
    return 0;
}

int network_actor(req *r)
{
    int64_t org = req_param_id(r, "id");
    json_t *a = actor_get(r->db, org);
    if (!a) return req_error(r, 404, "error.not_found");
    json_t *one = json_array();
    json_array_append(one, a);
    req_label_each(r, one, "kind", "network.actor_kind", "kind_label");
    json_decref(one);
    json_t *items = json_object_get(a, "items");
    req_label_each(r, items, "category", "network.category", "category_label");
    json_t *offers = json_array(), *needs = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(items, i, x) json_array_append(
        strcmp(json_string_value(json_object_get(x, "direction")), "need") ? offers : needs, x);
    json_object_set_new(a, "offers", offers);
    json_object_set_new(a, "needs", needs);
    const char *kind = json_string_value(json_object_get(a, "kind"));
    r->view = json_pack("{s:o,s:b,s:o,s:o}", "actor", a, "is_own", represents(r, org), "kinds",
                        req_choices(r, actor_kinds, "network.actor_kind", kind), "categories",
                        req_choices(r, actor_categories, "network.category", NULL));
    r->template = "network/actor";
    r->title_key = "network.actor";
    return 0;
}

static int own_step(req *r, int rc, int64_t org, const char *flash)
{
    if (rc == 0 && db_commit(r->db) == DB_OK)
        return req_redirect(r, arena_printf(&r->mem, "/network/actors/%lld", (long long)org),
                            flash);
    db_rollback(r->db);
    return rc > 0 ? req_error(r, 404, "error.not_found") : -1;
}

int network_actor_profile(req *r)
{
    int64_t org = req_param_id(r, "id");
    if (refused(r, org)) return 0;
    const char *kind = in_choice(r, "kind", actor_kinds, IN_REQUIRED);
    const char *hood = in_text(r, "neighbourhood", 128, IN_OPTIONAL);
    const char *description = in_text(r, "description", 2000, IN_OPTIONAL);
    if (req_has_errors(r)) return req_error(r, 422, "network.profile_invalid");
    if (db_begin(r->db) != DB_OK) return -1;
    return own_step(
        r, actor_profile_set(r->db, org, r->user->id, kind, hood, description, clock_now_us()), org,
        "network.profile_saved");
}

int network_actor_item(req *r)
{
    static const char *const DIRECTIONS[] = {"offer", "need", NULL};
    int64_t org = req_param_id(r, "id");
    if (refused(r, org)) return 0;
    const char *direction = in_choice(r, "direction", DIRECTIONS, IN_REQUIRED);
    const char *category = in_choice(r, "category", actor_categories, IN_REQUIRED);
    const char *text = in_text(r, "text", 500, IN_REQUIRED);
    if (req_has_errors(r)) return req_error(r, 422, "network.item_invalid");
    int64_t id = 0;
    if (db_begin(r->db) != DB_OK) return -1;
    int rc =
        actor_offer_add(r->db, org, r->user->id, direction, category, text, clock_now_us(), &id);
    r->view = json_pack("{s:I}", "item_id", (json_int_t)id);
    return own_step(r, rc, org, "network.item_added");
}

int network_actor_withdraw(req *r)
{
    int64_t org = req_param_id(r, "id");
    if (refused(r, org)) return 0;
    if (db_begin(r->db) != DB_OK) return -1;
    return own_step(r, actor_offer_withdraw(r->db, org, req_param_id(r, "item"), clock_now_us()),
                    org, "network.item_withdrawn");
}

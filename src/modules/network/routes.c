#include "modules/network/routes.h"

#include <string.h>

#include "base/buf.h"
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
    buf_init(&b, 4096);
    int rc = network_graphml(g, &b);
    json_decref(g);
    if (rc == 0) rc = req_send_file(r, b.data, b.len, "application/graphml+xml", "rete.graphml");
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

/* GraphML (http://graphml.graphdrawing.org/), what Gephi, yEd, Cytoscape and NetworkX read:
 * actors as nodes with their name and tax code, links as undirected edges with their weight and
 * how many records of each kind they share. */
#include <string.h>

#include "modules/network/network.h"

static const char *const KINDS[] = {"proposal", "codesign", "pact", "hub", "referral", NULL};

static void text(buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            buf_puts(out, "&amp;");
            break;
        case '<':
            buf_puts(out, "&lt;");
            break;
        case '>':
            buf_puts(out, "&gt;");
            break;
        case '"':
            buf_puts(out, "&quot;");
            break;
        default:
            /* XML 1.0 allows no control characters but tab and line breaks. */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n' || *s == '\r')
                buf_append(out, s, 1);
        }
    }
}

int network_graphml(const json_t *graph, buf *out)
{
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                  "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                  "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                  "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                  "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
                  "  <key id=\"tax_code\" for=\"node\" attr.name=\"tax_code\" "
                  "attr.type=\"string\"/>\n"
                  "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n");
    for (int k = 0; KINDS[k]; k++)
        buf_printf(out,
                   "  <key id=\"%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"int\">"
                   "<default>0</default></key>\n",
                   KINDS[k], KINDS[k]);
    buf_puts(out, "  <graph id=\"coprog\" edgedefault=\"undirected\">\n");
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(graph, "nodes"), i, x)
    {
        buf_puts(out, "    <node id=\"");
        text(out, json_string_value(json_object_get(x, "key")));
        buf_puts(out, "\"><data key=\"name\">");
        text(out, json_string_value(json_object_get(x, "name")));
        buf_puts(out, "</data><data key=\"tax_code\">");
        text(out, json_string_value(json_object_get(x, "tax_code")));
        buf_puts(out, "</data></node>\n");
    }
    json_array_foreach(json_object_get(graph, "links"), i, x)
    {
        buf_printf(out, "    <edge id=\"e%zu\" source=\"", i + 1);
        text(out, json_string_value(json_object_get(x, "source")));
        buf_puts(out, "\" target=\"");
        text(out, json_string_value(json_object_get(x, "target")));
        buf_printf(out, "\"><data key=\"weight\">%lld</data>",
                   (long long)json_integer_value(json_object_get(x, "weight")));
        const char *kind;
        json_t *n;
        json_object_foreach(json_object_get(x, "kinds"), kind, n)
        {
            buf_puts(out, "<data key=\"");
            text(out, kind);
            buf_printf(out, "\">%lld</data>", (long long)json_integer_value(n));
        }
        buf_puts(out, "</edge>\n");
    }
    buf_puts(out, "  </graph>\n</graphml>\n");
    return 0;
}

/* The network of local actors as the records show it (issue 17): who works with whom, derived
 * from what they did together, never typed in. Two actors are linked each time they share a
 * record: partners in a proposal, parties at a co-design table, signatories of a collaboration
 * pact, a hub run for the city, a referral between services. The city itself is one actor.
 * Drawn as SVG with its table, exported as GraphML and as organisations plus links. */
#ifndef COPROG_MODULES_NETWORK_H
#define COPROG_MODULES_NETWORK_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "db/db.h"

/* The city's graph, or one neighbourhood's (records with no neighbourhood are then left out):
 * {nodes: [{key, name, tax_code, degree, is_city}], links: [{source, target, weight,
 * kinds: {proposal: n, ...}}], neighbourhoods: [...]}; nodes ordered by degree. NULL on error. */
json_t *network_graph(db_conn *c, int64_t city_id, const char *neighbourhood);
/* Places each node on a circle of a square drawing of size side (the city in the middle):
 * x, y, and where its label goes (lx, ly, anchor); each link gets x1, y1, x2, y2. */
void network_layout(json_t *graph, int side);
/* The graph as GraphML (graphml.graphdrawing.org), with kinds and weights as data keys. */
int network_graphml(const json_t *graph, buf *out);

#endif

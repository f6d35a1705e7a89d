/* The network of local actors as the records show it (issue 17): who works with whom, derived
 * from what they did together, never typed in. Two actors are linked each time they share a
 * record: partners in a proposal, parties at a co-design table, signatories of a collaboration
 * pact, a hub run for the city, a referral between services. The city itself is one actor.
 * Drawn as SVG with its table, exported as GraphML and as organisations plus links. */
#ifndef COPROG_MODULES_NETWORK_H
#define COPROG_MODULES_NETWORK_H

#include <jansson.h>
#include <stdbool.h>
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

/* Profiles of the actors: what kind each is, where it works, what it offers and needs. */
extern const char *const actor_kinds[];      /* ets, informal_group, school, ..., NULL */
extern const char *const actor_categories[]; /* skills, materials, spaces, ..., NULL */
/* Sets an organisation's profile; 0 or -1. */
int actor_profile_set(db_conn *c, int64_t org, int64_t user_id, const char *kind,
                      const char *neighbourhood, const char *description, int64_t now);
/* An offer or a need (direction) of a category; 0 or -1. */
int actor_offer_add(db_conn *c, int64_t org, int64_t user_id, const char *direction,
                    const char *category, const char *text, int64_t now, int64_t *id);
/* Withdraws one of the organisation's own: 0, 1 when it has no such item, -1. */
int actor_offer_withdraw(db_conn *c, int64_t org, int64_t id, int64_t now);
/* The profiled actors of the city (or with no city), with how many offers and needs; those
 * with an item of category when given. */
json_t *actors_list(db_conn *c, int64_t city_id, const char *category);
/* Whether the organisation exists. */
bool actor_exists(db_conn *c, int64_t org);
/* An organisation with its profile and items; each need with the offers of the same category
 * by others (its neighbourhood's first) and, for spaces, the public goods offered for care. */
json_t *actor_get(db_conn *c, int64_t org);

#endif

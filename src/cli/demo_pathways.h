/* The demo's people followed by Milan's social service: records with and without documents, a
 * nickname only, a restricted one, two likely duplicates, ETHOS Light histories, consents given
 * and one withdrawn, special categories, openings by the social worker and a body that the
 * people see with their cards, and three pathways (a confirmed plan with an accepted referral, a
 * late review, a referral waiting), the city's fictitious street with one person registered
 * (and mail held) and one request waiting, and a Housing First flat lived in for a year next to
 * a free public-housing unit. Fictional, and looking it. */
#ifndef COPROG_CLI_DEMO_PATHWAYS_H
#define COPROG_CLI_DEMO_PATHWAYS_H

#include "db/db.h"

int demo_pathways(db_conn *c, int64_t city);

#endif

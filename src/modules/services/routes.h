/* HTTP handlers of the low-threshold services: the public directory and a service's page
 * (with tonight's places for those who work them), holding a place, checking a person in,
 * releasing, recording a turn-away; and the same directory as the HSDS 3.0 API (api.c). */
#ifndef COPROG_MODULES_SERVICES_ROUTES_H
#define COPROG_MODULES_SERVICES_ROUTES_H

#include "web/request.h"

/* The city of those who work the network: an officer's, else a body's (street teams, the bodies
 * running services, the night count's volunteers). */
int64_t services_staff_city(req *r);
/* Codes separated by commas ("it,en", "food,health") as people read them, each under prefix
 * ("italiano, inglese"); in the request's arena. */
const char *services_code_labels(req *r, const char *codes, const char *prefix);
/* A fresh key for a contact form sent without the script (the script makes its own per
 * contact): 32 hexadecimal digits in the request's arena. */
const char *services_contact_key(req *r);
/* The contact's needs the form ticked ("needs", CONTACT_NEEDS codes) as "food,health", in the
 * request's arena; a code not among them is a field error. */
const char *services_needs_input(req *r);

int services_index(req *r);
int services_show(req *r);
int services_hold(req *r);
int holds_check_in(req *r);
int holds_release(req *r);
int services_turnaway(req *r);
int services_locations_create(req *r);
int services_create(req *r);
int services_places_add(req *r);
int services_status(req *r);
int services_guide(req *r);
int services_board_page(req *r);
int services_winter_declare(req *r);

int street_contacts_page(req *r);
int street_contacts_create(req *r);
int street_worker(req *r);
int street_zones_page(req *r);
int street_zones_create(req *r);
int services_board_stamp(req *r);

int counts_index(req *r);
int counts_create(req *r);
int counts_show(req *r);
int counts_pair(req *r);
int counts_tally(req *r);
int counts_close(req *r);
int services_reports(req *r);
/* The period of nights a report asks for (from and to, the last 30 nights to tonight by default,
 * at most REPORT_NIGHTS_MAX): true, or false with the 422 answered. */
bool services_report_period(req *r, const char **from, const char **to);

int alerts_new_form(req *r);
int alerts_report(req *r);
int alerts_track(req *r);
int alerts_index(req *r);
int alerts_update(req *r);

int hsds_root(req *r);
int hsds_services_list(req *r);
int hsds_services_one(req *r);
int hsds_organizations_list(req *r);
int hsds_organizations_one(req *r);
int hsds_sites_list(req *r);
int hsds_sites_one(req *r);

#endif

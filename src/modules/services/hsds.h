/* The directory as Open Referral's Human Services Data Specification 3.0 API objects
 * (service, organization, service_at_location and their pages), with the service_capacity
 * object of HSDS 3.1 for live places (a service's "capacities").
 *
 * Identifiers are UUIDs (RFC 9562, version 8) that carry their record: the first 48 bits the
 * city's ISTAT code, 12 bits the kind of record, the last 62 bits its number. So every id is
 * stable, unique across cities and instances, and read back without a table of ids. */
#ifndef COPROG_MODULES_SERVICES_HSDS_H
#define COPROG_MODULES_SERVICES_HSDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef enum {
    HSDS_ORGANIZATION = 1,
    HSDS_SERVICE,
    HSDS_LOCATION,
    HSDS_SERVICE_AT_LOCATION,
    HSDS_SCHEDULE,
    HSDS_LANGUAGE,
    HSDS_PHONE,
    HSDS_DOCUMENT,
    HSDS_CAPACITY,
    HSDS_UNIT,
} hsds_kind;

/* Writes the id of record `id` of kind in the city with ISTAT code istat (37 bytes). */
void hsds_uuid(char out[37], int64_t istat, hsds_kind kind, int64_t id);
/* Reads an id back: false when it is not one of ours. */
bool hsds_uuid_parse(const char *s, int64_t *istat, hsds_kind *kind, int64_t *id);

/* A page of a list: the HSDS envelope (total_items, total_pages, page_number, size, first_page,
 * last_page, empty, contents). page counts from 1. */
typedef struct hsds_page {
    int64_t page, per_page;
    const char *search;      /* in the name or description; NULL: all */
    int64_t organization_id; /* 0: all */
} hsds_page;

json_t *hsds_services(db_conn *c, const hsds_page *p, int64_t now);
json_t *hsds_organizations(db_conn *c, const hsds_page *p);
json_t *hsds_service_at_locations(db_conn *c, const hsds_page *p, int64_t now);
/* One record, fully nested; NULL when there is none. */
json_t *hsds_service(db_conn *c, int64_t id, int64_t now);
json_t *hsds_organization(db_conn *c, int64_t id);
json_t *hsds_service_at_location(db_conn *c, int64_t id, int64_t now);

#endif

/* iCalendar (RFC 5545) output: text values escaped, lines folded at 75 octets without
 * splitting a UTF-8 character, CRLF line ends, instants in UTC. */
#ifndef COPROG_VIEW_ICAL_H
#define COPROG_VIEW_ICAL_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"

/* events: [{id, title, description, place, starts_at, ends_at (µs), state}]; uid_host names
 * the instance in each UID. 0, or -1 when out overflows. */
int ical_write(buf *out, const char *calendar_name, json_t *events, const char *uid_host,
               int64_t now);

#endif

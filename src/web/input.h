/* Typed readers of request fields (form, query or JSON body). Each one that finds the input
 * missing or wrong records an error on that field (a catalog key, shown next to the field and
 * listed in JSON as errors[]) and returns a neutral value; the handler then answers 422 when
 * req_has_errors(). Limits are explicit arguments. */
#ifndef COPROG_WEB_INPUT_H
#define COPROG_WEB_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "check/check.h"
#include "web/request.h"

enum { IN_OPTIONAL = 0, IN_REQUIRED = 1 };

/* Trimmed text of at most max bytes; "" when absent and optional. */
const char *in_text(req *r, const char *field, size_t max, bool required);
int64_t in_int(req *r, const char *field, int64_t min, int64_t max, bool required);
/* An amount in euro as people type it ("516.500,00", "516500") into cents >= 0. */
int64_t in_money(req *r, const char *field, bool required);
/* A percentage ("10", "12,5") into basis points 0..10000. */
int64_t in_percent_bp(req *r, const char *field, bool required);
/* A Europe/Rome date and time ("2026-12-24T12:00") into UTC microseconds; 0 when absent. */
int64_t in_instant(req *r, const char *field, bool required);
/* A calendar date YYYY-MM-DD; NULL when absent. */
const char *in_date(req *r, const char *field, bool required);
/* A latitude or a longitude in decimal degrees ("45,4890") into micro-degrees (base/geo.h). */
int64_t in_coord(req *r, const char *field, bool latitude, bool required);
/* One of choices (NULL-terminated); NULL when absent. */
const char *in_choice(req *r, const char *field, const char *const *choices, bool required);
/* An identifier checked by a validator from check/, normalised; NULL when absent or wrong. */
const char *in_checked(req *r, const char *field, check_result (*fn)(const char *, char *),
                       bool required);
/* A checkbox: on when sent as "1", "on" or JSON true; off when absent. */
bool in_flag(req *r, const char *field);
/* Codes typed in one field separated by commas, semicolons, spaces or new lines (at most
 * 20,000 bytes); the count, or -1 past max codes. *out lives in the request arena. */
int in_codes(req *r, const char *field, int max, const char ***out);
/* Every value of a repeated field, in order (form fields with the same name, or a JSON
 * array). Returns the count; *out lives in the request arena. */
int in_list(req *r, const char *field, const char ***out);

/* Rows of a repeated group of fields for a form: the stored rows when given, else what was
 * sent, then blank rows up to min; each row gets n = 1, 2, ... for labels and ids. */
json_t *in_rows(req *r, const char *const *fields, int nfields, int min, json_t *stored);

#endif

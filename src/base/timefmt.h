/* Instants are UTC microseconds; people read them in Europe/Rome. */
#ifndef COPROG_BASE_TIMEFMT_H
#define COPROG_BASE_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Seconds since the epoch as Europe/Rome wall time, without the C library's zone lock (EU
 * summer time rule from 1996; earlier instants use the system's zone data). */
bool time_rome(int64_t seconds, struct tm *out);
/* The same in UTC: gmtime_r takes that lock too. */
bool time_utc(int64_t seconds, struct tm *out);

/* "24/11/2026 23:55" (it) or "24 Nov 2026, 23:55" (en) in Europe/Rome. */
int time_format_local(int64_t us, const char *lang, char *out, size_t outlen);
/* The day of an instant in Europe/Rome, "2026-11-24" (11 bytes). */
void date_rome(int64_t us, char out[11]);
/* "2026-11-24T23:55" in Europe/Rome: what a datetime-local input field shows. */
int time_format_input(int64_t us, char *out, size_t outlen);
/* "2026-11-24T22:55:00Z" */
int time_format_iso(int64_t us, char *out, size_t outlen);
/* The years a date typed into coprog may have: a programme's dates, documents and plans. */
enum { DATE_MIN_YEAR = 1900, DATE_MAX_YEAR = 2199 };
/* The one reader of calendar dates: exactly "YYYY-MM-DD", a day that exists (no 30 February,
 * 29 February only in leap years), the year within DATE_MIN_YEAR..DATE_MAX_YEAR. Returns 0 and
 * sets the parts (any may be NULL), -1 otherwise. */
int date_parse(const char *s, int *year, int *month, int *day);
/* A date as days from 1970-01-01 (INT64_MIN when date_parse refuses it), and back: for walking
 * and counting nights. */
int64_t date_day_number(const char *iso);
void date_from_day_number(int64_t day, char out[11]);
/* The day before the same day months later ("2026-01-31" + 1 month: "2026-02-28"): the last
 * day of a term of months that starts on iso. -1 when iso is not a date or the end passes
 * DATE_MAX_YEAR. */
int date_term_end(const char *iso, int months, char out[11]);
/* Days in a month of the proleptic Gregorian calendar. */
int date_days_in_month(int year, int month);
/* Parses "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM[:SS]" as Europe/Rome wall time, or an ISO
 * instant ending in Z, with the date checked as date_parse does and the time required to
 * exist (the hour skipped when summer time starts is refused, never moved). Returns 0 and
 * sets *us, -1 when it is not a time. */
int time_parse_local(const char *s, int64_t *us);
/* Sets the process time zone to Europe/Rome once, at start. */
void time_init(void);

#endif

/* Opening hours as people write them, one day per line ("lun 9:00-12:30 14:00-18:00", Italian
 * or English day names, 3 letters or more): the hubs and the low-threshold services use them. */
#ifndef COPROG_BASE_HOURS_H
#define COPROG_BASE_HOURS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct week_period {
    int weekday;       /* 1 Monday .. 7 Sunday */
    int opens, closes; /* minutes after midnight */
} week_period;

enum { HOURS_MAX_PERIODS = 28 };

/* Parses the text. Returns the number of periods, or -(line number) of the first line it cannot
 * read. Pure. */
int hours_parse(const char *text, week_period *out, int max);
/* Writes periods back in the same form, in the language's day names. Pure. */
void hours_format(const week_period *p, int n, const char *lang, char *out, size_t outlen);
/* The periods of one weekday (1 Monday .. 7 Sunday) as text, "9:00-12:30 14:00-18:00"; ""
 * when closed that day. */
void hours_day(const week_period *p, int n, int weekday, char *out, size_t outlen);
/* The same for reading, not for typing back: days with the same periods run together
 * ("lunedì-venerdì 9:00-17:00", "tutti i giorni 0:00-24:00"), closed days left out. */
void hours_summary(const week_period *p, int n, const char *lang, char *out, size_t outlen);
/* Whether the periods have it open on weekday (1 Monday .. 7 Sunday) at minute of the day. */
bool hours_open_at(const week_period *p, int n, int weekday, int minute);

#endif

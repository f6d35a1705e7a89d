/* Money is Euro cents in an int64_t. These format and parse amounts: 51650000 <-> "516.500,00 €".
 *
 * Every amount coprog accepts, from a form, a JSON body, a CSV file or the command line, goes
 * through money_parse, and nothing above MONEY_MAX_CENTS is ever stored. With that bound, the
 * sum of up to MONEY_SUM_TERMS amounts fits an int64_t, so SQL SUMs over one agreement, call or
 * operation cannot overflow; sums in C use money_add, which refuses to pass the bound. */
#ifndef COPROG_BASE_MONEY_H
#define COPROG_BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 10 billion euro: far above any amount of the programme (a city's whole PN Metro Plus
 * allocation is a few hundred million). */
#define MONEY_MAX_CENTS ((int64_t)1000000000000)
/* INT64_MAX / MONEY_MAX_CENTS: how many bounded amounts can be added without overflow. */
#define MONEY_SUM_TERMS ((int64_t)9223372)

/* Writes "516.500,00 €" (Italian) or "€516,500.00" (English) into out; returns length or -1. */
int money_format(int64_t cents, const char *lang, char *out, size_t outlen);
/* "516500,00" (Italian) or "516500.00": the form an input field shows for editing. */
int money_format_input(int64_t cents, const char *lang, char *out, size_t outlen);

/* Parses an amount as people type it, the same way whatever the page's language:
 *   digits, optionally grouped by thousands with '.', ',', an apostrophe or a (no-break)
 *   space, the first group 1-3 digits and every other exactly 3; then optionally ',' or '.'
 *   and one or two decimals; optionally "€" before or after.
 * When both '.' and ',' appear, the last one is the decimal mark. A single '.' or ',' followed
 * by exactly three digits groups thousands ("1.500" and "1,500" are both 1500 €: three decimals
 * are never an amount in euro). Anything else ("5 abc", "1 00", "1,5,0", "-3", "1e3") is refused,
 * and so is an amount above MONEY_MAX_CENTS.
 * Returns 0 and sets *cents, or -1 when the text is not an amount. */
int money_parse(const char *s, int64_t *cents);
/* *sum += v when both are in [0, MONEY_MAX_CENTS] and so is the result; false otherwise (*sum
 * unchanged). */
bool money_add(int64_t *sum, int64_t v);
/* true when v is an amount coprog may store: 0 <= v <= MONEY_MAX_CENTS. */
bool money_in_range(int64_t v);

#endif

/* Money is Euro cents in an int64_t. These format and parse the Italian way:
 * 51650000 <-> "516.500,00 €". */
#ifndef COPROG_BASE_MONEY_H
#define COPROG_BASE_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Writes "516.500,00 €" (Italian) or "€516,500.00" (English) into out; returns length or -1. */
int money_format(int64_t cents, const char *lang, char *out, size_t outlen);
/* "516500,00" (Italian) or "516500.00": the form an input field shows for editing. */
int money_format_input(int64_t cents, const char *lang, char *out, size_t outlen);
/* Parses "516500", "516.500,00", "516500,5", "516,500.00" with lang deciding the separator.
 * Returns 0 and sets *cents, or -1 when the text is not an amount. */
int money_parse(const char *s, const char *lang, int64_t *cents);

#endif

/* Validators for Italian identifiers (rules in DOMAIN.md §5).
 *
 * Each takes user text, normalises it into `out` (spaces removed, upper case) and returns
 * CHECK_OK or the first reason it is invalid. check_message() gives a sentence for each
 * reason; user interfaces translate through the catalog key "check.<code name>". */
#ifndef COPROG_CHECK_CHECK_H
#define COPROG_CHECK_CHECK_H

#include <stddef.h>

typedef enum {
    CHECK_OK = 0,
    CHECK_EMPTY,
    CHECK_LENGTH,  /* wrong number of characters */
    CHECK_CHARS,   /* characters not allowed in that position */
    CHECK_MONTH,   /* codice fiscale month letter */
    CHECK_DATE,    /* the birth date does not exist */
    CHECK_DIGIT,   /* check character or checksum does not match */
    CHECK_COUNTRY, /* IBAN country unknown */
    CHECK_CIN,     /* Italian IBAN: CIN does not match ABI, CAB and account */
    CHECK_ZERO,    /* a number made only of zeros */
} check_result;

enum { CHECK_MAX_IN = 64 };

/* Codice fiscale: 16 characters of a person (omocodia accepted) or 11 digits of an
 * organisation. out must hold 17 bytes. */
check_result check_cf(const char *in, char *out);
check_result check_cf_person(const char *in, char *out);
/* Partita IVA, or codice fiscale of an organisation: 11 digits. out: 12 bytes. */
check_result check_piva(const char *in, char *out);
/* IBAN, any country in the registry; spaces and lower case accepted. out: 35 bytes. */
check_result check_iban(const char *in, char *out);
/* CUP: format only (there is no public check-digit rule). out: 16 bytes. */
check_result check_cup(const char *in, char *out);
/* CIG, classic (10 chars) or SmartCIG (X/Y/Z...). out: 11 bytes. */
check_result check_cig(const char *in, char *out);
/* The code of a social benefit in INPS's table (SIUSS): 5-10 capitals, digits, dots. out: 11
 * bytes. */
check_result check_siuss_code(const char *in, char *out);

/* English sentence for a result, for the command line and logs. */
const char *check_message(check_result r);
/* "empty", "length", ... : the catalog key suffix. */
const char *check_code(check_result r);

/* The codice-fiscale check letter over s[0..n): odd/even tables, sum mod 26. Shared with
 * the IBAN CIN. Returns 0 when s holds a character outside [0-9A-Z]. */
char check_cf_letter(const char *s, size_t n);

#endif

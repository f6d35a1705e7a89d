/* Shared by the validators: drop spaces and dashes, fold to upper case. */
#ifndef COPROG_CHECK_NORMALISE_H
#define COPROG_CHECK_NORMALISE_H

#include <stddef.h>

/* Writes the normalised text into out[cap]; returns its length, or -1 when it does not fit. */
int check_normalise(const char *in, char *out, size_t cap);

#endif

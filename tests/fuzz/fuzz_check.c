/* libFuzzer: every validator on any text; a valid result must validate again unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[128];
    if (size >= sizeof in) return 0;
    memcpy(in, data, size);
    in[size] = '\0';
    check_result (*const fns[])(const char *, char *) = {check_cf,   check_cf_person, check_piva,
                                                         check_iban, check_cup,       check_cig};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        char out[64], again[64];
        if (fns[i](in, out) == CHECK_OK && (fns[i](out, again) != CHECK_OK || strcmp(out, again)))
            abort(); /* normalisation must be stable */
    }
    return 0;
}

/* libFuzzer: the readers of what people upload as signed (a .p7m, DER or base64, nested; a PDF
 * with signatures) and of trusted lists (XML), on any bytes. Every report must have an
 * indication; a list must be refused, since no signer is trusted for it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modules/signatures/signatures.h"
#include "modules/signatures/tsl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* No anchor: nothing chains, so nothing is ever fetched (OCSP asks only past the chain). */
    sig_expect expect = {"0000000000000000000000000000000000000000000000000000000000000000", size};
    json_t *report = sig_verify(data, size, NULL, &expect, 1796300000000000);
    if (report && !json_string_value(json_object_get(report, "indication"))) abort();
    json_decref(report);
    sig_tsl_input in = {data, size, "", NULL, 0, NULL};
    char *anchors = NULL;
    const char *reason = NULL;
    json_t *list = sig_tsl_read(&in, 1796300000000000, &anchors, &reason);
    if (list || anchors) abort();
    return 0;
}

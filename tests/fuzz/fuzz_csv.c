/* libFuzzer: the CSV reader on any bytes (the housing import reads files people upload).
 * Every field must lie inside the input and be NUL-terminated; line numbers only grow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    csv_reader r;
    csv_init(&r, buf, size);
    char *fields[CSV_MAX_FIELDS];
    long last = 0;
    int n;
    while ((n = csv_next(&r, fields)) > 0) {
        if (r.line < last) abort();
        last = r.line;
        for (int i = 0; i < n && i < CSV_MAX_FIELDS; i++) {
            if (fields[i] < buf || fields[i] > buf + size) abort();
            if (strlen(fields[i]) > size) abort();
        }
    }
    free(buf);
    return 0;
}

/* libFuzzer: opening hours as people type them. Whatever parses must format back into text
 * that parses to the same periods. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[1024];
    if (size >= sizeof in) return 0;
    memcpy(in, data, size);
    in[size] = '\0';
    week_period p[HOURS_MAX_PERIODS], q[HOURS_MAX_PERIODS];
    int n = hours_parse(in, p, HOURS_MAX_PERIODS);
    if (n <= 0) return 0;
    for (int i = 0; i < n; i++)
        if (p[i].weekday < 1 || p[i].weekday > 7 || p[i].opens < 0 || p[i].closes > 1440 ||
            p[i].closes <= p[i].opens)
            abort();
    char text[4096];
    hours_format(p, n, "it", text, sizeof text);
    if (hours_parse(text, q, HOURS_MAX_PERIODS) != n || memcmp(p, q, (size_t)n * sizeof *p) != 0)
        abort();
    return 0;
}

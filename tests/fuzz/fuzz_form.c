/* libFuzzer: request bodies. The first byte picks urlencoded or multipart. */
#include <stdint.h>
#include <string.h>

#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    arena a;
    arena_init(&a, 64u << 20);
    kv *fields = NULL;
    upload *up = NULL;
    int nf = 0, nu = 0;
    const char *body = (const char *)data + 1;
    if (data[0] & 1)
        form_parse_multipart(&a, "multipart/form-data; boundary=\"b\"", body, size - 1, &fields,
                             &nf, &up, &nu);
    else
        form_parse_urlencoded(&a, body, size - 1, &fields, &nf);
    /* Whatever was parsed must be readable. */
    for (int i = 0; i < nf; i++) (void)strlen(fields[i].key);
    for (int i = 0; i < nu; i++)
        if (up[i].len) (void)((volatile const char *)up[i].data)[up[i].len - 1];
    arena_free(&a);
    return 0;
}

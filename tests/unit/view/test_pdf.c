#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/pdf.h"

Test(pdf, renders_a_real_pdf_with_italian_text_and_pages)
{
    json_t *blocks = json_array();
    for (int i = 0; i < 120; i++)
        json_array_append_new(blocks, json_pack("{s:s,s:s}", "heading", "Articolo – così è", "text",
                                                "Città, perché, più: l'ente si impegna a "
                                                "rendicontare le attività svolte."));
    json_t *doc = json_pack("{s:s,s:s,s:o}", "title", "Convenzione di co-progettazione", "subtitle",
                            "Comune di Milano", "blocks", blocks);
    buf out;
    buf_init(&out, 16u << 20);
    cr_assert_eq(pdf_render(doc, &out), 0);
    cr_expect(out.len > 1000);
    cr_expect_eq(memcmp(out.data, "%PDF-", 5), 0);
    cr_expect(strstr(out.data + out.len - 64, "%%EOF") != NULL ||
              memmem(out.data, out.len, "%%EOF", 5));
    /* More than one page: "/Type /Page" (not "/Pages") at least twice. */
    int pages = 0;
    for (const char *p = out.data;
         (p = memmem(p, out.len - (size_t)(p - out.data), "/Type /Page", 11)); p++)
        if (p[11] != 's') pages++;
    cr_expect_geq(pages, 2, "pages: %d", pages);
    buf_free(&out);
    json_decref(doc);
}

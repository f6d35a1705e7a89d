/* PDF documents drawn with cairo and pango: a title and a list of blocks (headings and
 * paragraphs of UTF-8 text), A4, paginated line by line, page numbers in the footer. Text is
 * passed as plain text (never markup), so nothing in it is interpreted. */
#ifndef COPROG_VIEW_PDF_H
#define COPROG_VIEW_PDF_H

#include <jansson.h>

#include "base/buf.h"

/* doc: {"title": "...", "subtitle": "...", "blocks": [{"heading": "..."} | {"text": "..."}]}.
 * Writes the PDF into out. Returns 0, or -1 on failure or when out overflows. */
int pdf_render(json_t *doc, buf *out);

#endif

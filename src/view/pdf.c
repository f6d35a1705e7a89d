#include "view/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

/* A4 in points, with 2 cm margins. */
static const double PAGE_W = 595.28, PAGE_H = 841.89, MARGIN = 56.7;

typedef struct pdf_state {
    cairo_t *cr;
    double y;
    int page;
} pdf_state;

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return buf_append(closure, data, length) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void footer(pdf_state *s)
{
    PangoLayout *l = pango_cairo_create_layout(s->cr);
    PangoFontDescription *f = pango_font_description_from_string("DejaVu Sans 8");
    pango_layout_set_font_description(l, f);
    char num[32];
    snprintf(num, sizeof num, "%d", s->page);
    pango_layout_set_text(l, num, -1);
    cairo_move_to(s->cr, PAGE_W / 2, PAGE_H - MARGIN / 2);
    pango_cairo_show_layout(s->cr, l);
    pango_font_description_free(f);
    g_object_unref(l);
}

static void new_page(pdf_state *s)
{
    footer(s);
    cairo_show_page(s->cr);
    s->page++;
    s->y = MARGIN;
}

/* Lays out text in the given font and draws it line by line, breaking pages as needed. */
static void block(pdf_state *s, const char *text, const char *font, double space_after)
{
    PangoLayout *l = pango_cairo_create_layout(s->cr);
    PangoFontDescription *f = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, f);
    pango_layout_set_width(l, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, text, -1);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double h = (double)logical.height / PANGO_SCALE;
        if (s->y + h > PAGE_H - MARGIN) new_page(s);
        int baseline = pango_layout_iter_get_baseline(it);
        double base_in_line = (double)(baseline - logical.y) / PANGO_SCALE;
        cairo_move_to(s->cr, MARGIN + (double)logical.x / PANGO_SCALE, s->y + base_in_line);
        pango_cairo_show_layout_line(s->cr, pango_layout_iter_get_line_readonly(it));
        s->y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    pango_font_description_free(f);
    g_object_unref(l);
    s->y += space_after;
}

int pdf_render(json_t *doc, buf *out)
{
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) return -1;
    const char *title = json_string_value(json_object_get(doc, "title"));
    if (title) cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "coprog");
    pdf_state s = {.cr = cairo_create(surf), .y = MARGIN, .page = 1};
    cairo_set_source_rgb(s.cr, 0, 0, 0);
    if (title) block(&s, title, "DejaVu Sans Bold 16", 6);
    const char *sub = json_string_value(json_object_get(doc, "subtitle"));
    if (sub) block(&s, sub, "DejaVu Sans 10", 12);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(doc, "blocks"), i, b)
    {
        const char *h = json_string_value(json_object_get(b, "heading"));
        const char *t = json_string_value(json_object_get(b, "text"));
        if (h && *h) block(&s, h, "DejaVu Sans Bold 11", 4);
        if (t) block(&s, t, "DejaVu Sans 10", 8);
    }
    footer(&s);
    cairo_destroy(s.cr);
    cairo_surface_finish(surf);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    return st == CAIRO_STATUS_SUCCESS && !out->overflow ? 0 : -1;
}

#include "view/svg.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { ROW_H = 28, LABEL_W = 260, CHART_W = 560, TOP = 40, PAD = 16 };

static void text(buf *b, const char *s)
{
    buf_append_html(b, s, strlen(s));
}

int svg_timeline(json_t *rows, const char *title, buf *out)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        static const char *const K[] = {"planned_at", "actual_at"};
        for (int k = 0; k < 2; k++) {
            json_t *v = json_object_get(r, K[k]);
            if (!json_is_integer(v)) continue;
            if (json_integer_value(v) < lo) lo = json_integer_value(v);
            if (json_integer_value(v) > hi) hi = json_integer_value(v);
        }
    }
    if (lo == INT64_MAX) lo = hi = 0;
    if (hi == lo) hi = lo + INT64_C(86400) * 1000000;
    size_t n = json_array_size(rows);
    int w = LABEL_W + CHART_W + 2 * PAD, h = TOP + (int)n * ROW_H + PAD;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
               "role=\"img\" aria-labelledby=\"timeline-title\" class=\"coprog-chart\">"
               "<title id=\"timeline-title\">",
               w, h);
    text(out, title);
    buf_puts(out, "</title>");
    /* Month ticks, with the year at each January and at the first tick. */
    time_t t0 = (time_t)(lo / 1000000);
    struct tm tm;
    gmtime_r(&t0, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    int ticks = 0;
    for (int guard = 0; guard < 240; guard++) {
        time_t t = timegm(&tm);
        int64_t us = (int64_t)t * 1000000;
        if (us > hi) break;
        if (us >= lo) {
            double x = PAD + LABEL_W + (double)(us - lo) / (double)(hi - lo) * CHART_W;
            buf_printf(out,
                       "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c5c7c9\"/>", x,
                       TOP - 8, x, h - PAD);
            /* Short spans get every month, long ones the years. */
            bool months = hi - lo < INT64_C(2) * 365 * 86400 * 1000000;
            if (months)
                buf_printf(
                    out,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#1a1a1a\">%02d/%02d</text>",
                    x + 2, TOP - 14, tm.tm_mon + 1, tm.tm_year % 100);
            else if (tm.tm_mon == 0 || ticks == 0)
                buf_printf(out,
                           "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#1a1a1a\">%d</text>",
                           x + 2, TOP - 14, tm.tm_year + 1900);
            ticks++;
        }
        tm.tm_mon++;
    }
    json_array_foreach(rows, i, r)
    {
        int y = TOP + (int)i * ROW_H + ROW_H / 2;
        buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\">", PAD, y + 4);
        const char *label = json_string_value(json_object_get(r, "label"));
        text(out, label ? label : "");
        buf_puts(out, "</text>");
        json_t *p = json_object_get(r, "planned_at"), *a = json_object_get(r, "actual_at");
        if (json_is_integer(p)) {
            double x =
                PAD + LABEL_W + (double)(json_integer_value(p) - lo) / (double)(hi - lo) * CHART_W;
            buf_printf(out,
                       "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"#ffffff\" stroke=\"#0066cc\" "
                       "stroke-width=\"2\"/>",
                       x, y);
        }
        if (json_is_integer(a)) {
            double x =
                PAD + LABEL_W + (double)(json_integer_value(a) - lo) / (double)(hi - lo) * CHART_W;
            buf_printf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"#00264d\"/>", x, y);
        }
    }
    buf_puts(out, "</svg>");
    return out->overflow ? -1 : 0;
}

int svg_bars(json_t *rows, const char *title, buf *out)
{
    int64_t top = 1;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        int64_t p = json_integer_value(json_object_get(r, "planned"));
        int64_t a = json_integer_value(json_object_get(r, "achieved"));
        if (p > top) top = p;
        if (a > top) top = a;
    }
    size_t n = json_array_size(rows);
    int w = LABEL_W + CHART_W + 2 * PAD, h = PAD + (int)n * ROW_H + PAD;
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
               "role=\"img\" aria-labelledby=\"bars-title\" class=\"coprog-chart\"><title "
               "id=\"bars-title\">",
               w, h);
    text(out, title);
    buf_puts(out, "</title>");
    json_array_foreach(rows, i, r)
    {
        int y = PAD + (int)i * ROW_H;
        const char *label = json_string_value(json_object_get(r, "label"));
        double pw =
            (double)json_integer_value(json_object_get(r, "planned")) / (double)top * CHART_W;
        double aw =
            (double)json_integer_value(json_object_get(r, "achieved")) / (double)top * CHART_W;
        buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1a1a1a\">", PAD,
                   y + ROW_H / 2 + 4);
        text(out, label ? label : "");
        buf_puts(out, "</text>");
        buf_printf(
            out,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#0066cc\" "
            "stroke-width=\"2\"/><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
            "fill=\"#00264d\"/>",
            PAD + LABEL_W, y + 4, pw, ROW_H - 8, PAD + LABEL_W, y + 9, aw, ROW_H - 18);
    }
    buf_puts(out, "</svg>");
    return out->overflow ? -1 : 0;
}

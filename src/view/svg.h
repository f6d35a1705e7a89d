/* Server-drawn SVG charts. Every chart comes with a table of the same data in the page, and
 * the SVG itself carries a title and role="img" for assistive technology. Text is escaped. */
#ifndef COPROG_VIEW_SVG_H
#define COPROG_VIEW_SVG_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"

/* A timeline of milestones: rows [{"label", "planned_at" (µs or absent), "actual_at" (µs or
 * absent)}]; planned dates drawn hollow, actual ones filled, on one time axis with year and
 * month ticks. Returns 0 or -1. */
int svg_timeline(json_t *rows, const char *title, buf *out);

/* Horizontal bars, planned (outline) against achieved (filled), one row per item:
 * rows [{"label", "planned", "achieved"}]. Returns 0 or -1. */
int svg_bars(json_t *rows, const char *title, buf *out);

#endif

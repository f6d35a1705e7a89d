/* QR codes drawn as SVG, from libqrencode's matrix: one path of unit squares on a white field
 * with the standard four-module quiet zone, role="img" and a title for assistive technology. */
#ifndef COPROG_VIEW_QR_H
#define COPROG_VIEW_QR_H

#include "base/buf.h"

/* Encodes text (error correction M, byte mode) into out. Returns 0, or -1 when libqrencode
 * refuses it (too long) or out is full. */
int qr_svg(const char *text, const char *title, buf *out);

#endif

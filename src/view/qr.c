#include "view/qr.h"

#include <qrencode.h>
#include <string.h>

enum { QUIET = 4 };

int qr_svg(const char *text, const char *title, buf *out)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return -1;
    int side = q->width + 2 * QUIET, rc = 0;
    rc |= buf_printf(out,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                     "role=\"img\" class=\"qr\" shape-rendering=\"crispEdges\"><title>",
                     side, side);
    rc |= buf_append_html(out, title, strlen(title));
    rc |= buf_printf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
                     side, side);
    /* Bit 0 of each byte is the module's colour (1 dark); the rest is libqrencode's bookkeeping. */
    for (int y = 0; y < q->width && !rc; y++)
        for (int x = 0; x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                rc |= buf_printf(out, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
    rc |= buf_puts(out, "\" fill=\"#000\"/></svg>");
    QRcode_free(q);
    return rc ? -1 : 0;
}

"""The household's scene as a QR code drawn in vectors (sharp at any print size)."""

from __future__ import annotations

import segno
from reportlab.pdfgen.canvas import Canvas

QUIET_MODULES = 4  # the white margin the QR standard asks for, part of `size`


def draw_qr(c: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw `data` as a QR code filling the square (x, y, size) including its quiet zone."""
    matrix = segno.make_qr(data, error="m").matrix
    count = len(matrix)
    module = size / (count + 2 * QUIET_MODULES)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (QUIET_MODULES + r + 1) * module
        col = 0
        while col < count:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < count and row[col]:
                col += 1
            left = x + (QUIET_MODULES + start) * module
            # A hair of overlap so that rasterisers leave no seams between rows.
            path.rect(left, top - 0.05, (col - start) * module, module + 0.05)
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()

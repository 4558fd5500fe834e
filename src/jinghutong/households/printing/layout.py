"""Drawing helpers shared by the printed pages: wrapping Chinese text, fitting it, headings."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from jinghutong.households.printing.fonts import PdfFont, cjk_font

POLICE_BLUE = HexColor("#1d4f91")
ALARM_RED = HexColor("#c8161d")
INK = HexColor("#1a1a1a")
GREY = HexColor("#777777")
PAPER = HexColor("#ffffff")


def natural_key(text: str) -> tuple[object, ...]:
    """第2微网格 before 第10微网格; 12号 before 102号."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def width(text: str, font: PdfFont, size: float) -> float:
    return float(stringWidth(text, font.name, size))


def wrap(text: str, font: PdfFont, size: float, max_width: float) -> list[str]:
    """Break Chinese text character by character (it has no spaces to break at)."""
    lines: list[str] = []
    line = ""
    for char in text:
        if line and width(line + char, font, size) > max_width:
            lines.append(line)
            line = char.lstrip()
        else:
            line += char
    if line:
        lines.append(line)
    return lines or [""]


def fit_size(text: str, font: PdfFont, size: float, max_width: float, floor: float = 6) -> float:
    """The largest size ≤ `size` at which `text` fits on one line (never below `floor`)."""
    while size > floor and width(text, font, size) > max_width:
        size -= 0.5
    return size


def draw_text(
    c: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    color: Color = INK,
    align: str = "left",
    bold: bool = False,
) -> None:
    """One line of text; `bold` fakes a heavier weight by stroking the glyph outlines."""
    font = cjk_font()
    if align == "center":
        x -= width(text, font, size) / 2
    elif align == "right":
        x -= width(text, font, size)
    # The text render mode and colours are graphics state that outlives the text block.
    c.saveState()
    t = c.beginText(x, y)
    t.setFont(font.name, size)
    t.setFillColor(color)
    if bold:
        c.setStrokeColor(color)
        c.setLineWidth(size / 30)
        t.setTextRenderMode(2)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def new_document(
    title: str, author: str, pagesize: tuple[float, float], note: str = ""
) -> tuple[Canvas, Callable[[], bytes]]:
    """A canvas writing into memory, with the metadata every printed page carries (`note`
    goes into the subject, before the font)."""
    buffer = BytesIO()
    c = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    font = cjk_font()
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("警户通 jinghutong")
    c.setSubject(f"{title}｜{note + '｜' if note else ''}字体：{font.description}")

    def finish() -> bytes:
        c.save()
        return buffer.getvalue()

    return c, finish

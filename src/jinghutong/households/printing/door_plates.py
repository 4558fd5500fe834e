"""Door-plate sheets (户码门牌): eight cards per A4 page, cut along the dashed lines.

Each card carries the household's mini-program code as WeChat drew it (`code_png`). Where WeChat
could not be reached the card gets a vector QR of the same scene with a line telling to scan it
inside the mini-program (WeChat's camera opens no mini-program from a plain QR), and the footer
and the PDF's subject say how many plates that is."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from jinghutong.households.printing.fonts import cjk_font
from jinghutong.households.printing.layout import (
    GREY,
    INK,
    PAPER,
    POLICE_BLUE,
    draw_text,
    fit_size,
    new_document,
    wrap,
)
from jinghutong.households.printing.qr import draw_qr

COLS, ROWS = 2, 4
MARGIN = 24.0
FOOTER = 16.0
INSET = 6.0  # the card's border sits this far inside the cut lines
HEADER_H, BAND_H = 28.0, 26.0
CALL_TO_ACTION = "微信扫一扫 加入警户通"
LIGHT_BLUE = HexColor("#e8f0fb")
FALLBACK_NOTE = "如微信扫不出，请在警户通小程序内扫码"
NOTE_H = 10.0  # room under a fallback QR for FALLBACK_NOTE


@dataclass(frozen=True)
class DoorPlate:
    address: str
    head: str  # already masked
    scene: str
    micro_grid: str
    leader: str
    code_png: bytes | None = None  # WeChat's mini-program code; None: draw the fallback QR


@dataclass(frozen=True)
class DoorPlateSheet:
    title: str
    station_name: str
    plates: list[DoorPlate]

    @property
    def fallbacks(self) -> int:
        """Plates printed with the local QR because WeChat gave no mini-program code."""
        return sum(1 for plate in self.plates if plate.code_png is None)


def render_door_plates(sheet: DoorPlateSheet) -> bytes:
    """The whole sheet as PDF bytes (CPU-bound: run it in a worker thread)."""
    fallback = f"{sheet.fallbacks}户为备用二维码（需在小程序内扫码）" if sheet.fallbacks else ""
    note = f"小程序码{len(sheet.plates) - sheet.fallbacks}户，备用二维码{sheet.fallbacks}户"
    c, finish = new_document(sheet.title, sheet.station_name, A4, note)
    per_page = COLS * ROWS
    pages = max(1, -(-len(sheet.plates) // per_page))
    for page in range(pages):
        chunk = sheet.plates[page * per_page : (page + 1) * per_page]
        for i, plate in enumerate(chunk):
            x, y, w, h = _cell(i)
            _card(c, sheet.station_name, plate, x, y, w, h)
        if not chunk:
            draw_text(c, "该区域暂无住户", A4[0] / 2, A4[1] / 2, 20, align="center")
        _cut_lines(c)
        footer = f"{sheet.title}　共{len(sheet.plates)}户　第{page + 1}/{pages}页　沿虚线剪下"
        if fallback:
            footer += "　" + fallback
        draw_text(c, footer, A4[0] / 2, MARGIN / 2, 8, color=GREY, align="center")
        c.showPage()
    return finish()


def _cell(index: int) -> tuple[float, float, float, float]:
    w = (A4[0] - 2 * MARGIN) / COLS
    h = (A4[1] - 2 * MARGIN - FOOTER) / ROWS
    col, row = index % COLS, index // COLS
    return MARGIN + col * w, A4[1] - MARGIN - (row + 1) * h, w, h


def _cut_lines(c: Canvas) -> None:
    c.saveState()
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.setDash(4, 3)
    left, _, w, h = _cell(0)
    bottom = _cell(COLS * ROWS - 1)[1]
    for row in range(ROWS + 1):
        c.line(left, bottom + row * h, left + COLS * w, bottom + row * h)
    for col in range(COLS + 1):
        c.line(left + col * w, bottom, left + col * w, bottom + ROWS * h)
    c.restoreState()


def _card(
    c: Canvas, station: str, plate: DoorPlate, x: float, y: float, w: float, h: float
) -> None:
    font = cjk_font()
    x, y, w, h = x + INSET, y + INSET, w - 2 * INSET, h - 2 * INSET
    c.saveState()
    c.setStrokeColor(POLICE_BLUE)
    c.setLineWidth(1.2)
    c.setFillColor(PAPER)
    c.roundRect(x, y, w, h, 6, stroke=1, fill=1)
    # Header band: who put this plate here.
    c.setFillColor(POLICE_BLUE)
    c.rect(x, y + h - HEADER_H, w, HEADER_H, stroke=0, fill=1)
    c.setFillColor(LIGHT_BLUE)
    c.rect(x + 0.6, y + 0.6, w - 1.2, BAND_H, stroke=0, fill=1)
    c.restoreState()
    heading = f"{station} · 一户一码"
    size = fit_size(heading, font, 13, w - 16)
    draw_text(c, heading, x + w / 2, y + h - HEADER_H + 9, size, color=PAPER, align="center")
    draw_text(c, CALL_TO_ACTION, x + w / 2, y + 8, 14, color=POLICE_BLUE, align="center", bold=True)

    middle = h - HEADER_H - BAND_H
    qr_size = min(middle - 2, w * 0.48)
    _code(c, plate, x + 2, y + BAND_H + (middle - qr_size) / 2, qr_size)

    left = x + qr_size + 6
    column = x + w - left - 6
    top = y + h - HEADER_H - 8
    size = 12.0
    lines = wrap(plate.address, font, size, column)
    if len(lines) > 3:
        size = 10.0
        lines = wrap(plate.address, font, size, column)[:4]
    for line in lines:
        top -= size + 2
        draw_text(c, line, left, top, size, bold=True)
    top -= 20
    draw_text(c, f"户主：{plate.head}", left, top, 12)
    for line in wrap(f"微网格：{plate.micro_grid}", font, 9.5, column)[:2]:
        top -= 15
        draw_text(c, line, left, top, 9.5, color=INK)
    top -= 16
    leader = f"联户长：{plate.leader}"
    draw_text(c, leader, left, top, fit_size(leader, font, 11, column))


def _code(c: Canvas, plate: DoorPlate, x: float, y: float, size: float) -> None:
    """WeChat's code filling the square, or the fallback QR with its note underneath."""
    if plate.code_png is not None:
        c.drawImage(_image(plate.code_png), x, y, size, size)
        return
    qr = size - NOTE_H
    draw_qr(c, plate.scene, x + NOTE_H / 2, y + NOTE_H, qr)
    note_size = fit_size(FALLBACK_NOTE, cjk_font(), 7, size)
    draw_text(c, FALLBACK_NOTE, x + size / 2, y + 2, note_size, color=INK, align="center")


def _image(png: bytes) -> ImageReader:
    """Greyscale unless WeChat drew in colour: a third of the bytes in the PDF."""
    image: Image.Image = Image.open(io.BytesIO(png))
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = flat
    if image.mode not in ("RGB", "L"):
        image = image.convert("L")
    return ImageReader(image)

"""The 联户长 public sign board (邻里守望 联户长公示牌) of a micro-grid, hung at their door."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from jinghutong.households.printing.fonts import cjk_font
from jinghutong.households.printing.layout import (
    ALARM_RED,
    GREY,
    INK,
    PAPER,
    POLICE_BLUE,
    draw_text,
    fit_size,
    new_document,
    width,
    wrap,
)
from jinghutong.households.printing.repository import Contact

TITLE = "邻里守望 联户长公示牌"
MOTTO = "有事找联户长，急事拨110"
MARGIN = 36.0
WIDTH, HEIGHT = A4
INNER = WIDTH - 2 * MARGIN
BOTTOM_BOX = 132.0


@dataclass(frozen=True)
class SignBoard:
    station_name: str
    station_phone: str
    place: str  # "大墅镇 上坊村 · 上坊村第1微网格"
    leaders: list[Contact]
    officers: list[tuple[str, list[Contact]]]  # (role label, people)
    households: list[tuple[str, str]]  # (address, masked head name)
    printed_on: str


def render_signboard(board: SignBoard) -> bytes:
    c, finish = new_document(f"{TITLE}（{board.place}）", board.station_name, A4)
    y = _title(c, board)
    y = _heading(c, "联户长", y)
    for leader in board.leaders or [Contact("（待定）", None)]:
        y -= 32
        draw_text(c, leader.name, MARGIN + 16, y, 26, bold=True)
        draw_text(
            c,
            leader.phone or "",
            WIDTH - MARGIN - 16,
            y,
            24,
            color=POLICE_BLUE,
            align="right",
            bold=True,
        )
    y = _heading(c, "警务联系人", y - 22)
    for label, people in board.officers:
        for person in people or [Contact("（待定）", None)]:
            y -= 27
            draw_text(c, label, MARGIN + 16, y, 16, color=GREY)
            draw_text(c, person.name, MARGIN + 120, y, 19, bold=True)
            draw_text(
                c, person.phone or "", WIDTH - MARGIN - 16, y, 19, color=POLICE_BLUE, align="right"
            )
    y = _heading(c, f"联系户（共{len(board.households)}户）", y - 22)
    _households(c, board.households, y - 6, MARGIN + BOTTOM_BOX + 20)
    _emergency(c, board)
    footer = f"{board.station_name}　制　{board.printed_on}"
    draw_text(c, footer, WIDTH / 2, MARGIN - 18, 9, color=GREY, align="center")
    c.showPage()
    return finish()


def _title(c: Canvas, board: SignBoard) -> float:
    top = HEIGHT - MARGIN
    c.saveState()
    c.setFillColor(ALARM_RED)
    c.roundRect(MARGIN, top - 92, INNER, 92, 8, stroke=0, fill=1)
    c.restoreState()
    draw_text(c, TITLE, WIDTH / 2, top - 48, 34, color=PAPER, align="center", bold=True)
    size = fit_size(board.place, cjk_font(), 16, INNER - 24)
    draw_text(c, board.place, WIDTH / 2, top - 76, size, color=PAPER, align="center")
    return top - 92


def _heading(c: Canvas, text: str, y: float) -> float:
    y -= 30
    c.saveState()
    c.setFillColor(POLICE_BLUE)
    c.rect(MARGIN, y - 4, 6, 22, stroke=0, fill=1)
    c.setStrokeColor(POLICE_BLUE)
    c.setLineWidth(0.8)
    c.line(MARGIN, y - 8, WIDTH - MARGIN, y - 8)
    c.restoreState()
    draw_text(c, text, MARGIN + 14, y, 18, color=POLICE_BLUE, bold=True)
    return y - 8


def _households(c: Canvas, rows: list[tuple[str, str]], top: float, bottom: float) -> None:
    """Address on the left, masked head on the right; one large column for a usual micro-grid,
    two smaller ones for a big one; what still does not fit ends in a count of the rest."""
    font = cjk_font()
    columns = 1 if len(rows) <= 12 else 2
    size = 15.0 if columns == 1 else 11.0
    line_h = size * 1.3
    column = (INNER - 16 - 24 * (columns - 1)) / columns
    x, y, used = MARGIN + 8, top, 1
    for index, (address, head) in enumerate(rows):
        head_text = f"户主 {head}"
        lines = wrap(address, font, size, column - width(head_text, font, size) - 16)
        if y - len(lines) * line_h < bottom + line_h:
            if used == columns:
                rest = f"……另有{len(rows) - index}户，详见户籍登记"
                draw_text(c, rest, x, y - line_h, size, color=GREY)
                return
            x, y, used = x + column + 24, top, used + 1
        draw_text(c, head_text, x + column, y - line_h, size, color=INK, align="right")
        for line in lines:
            y -= line_h
            draw_text(c, line, x, y, size, color=INK)
        y -= size * 0.4


def _emergency(c: Canvas, board: SignBoard) -> None:
    box_y = MARGIN
    c.saveState()
    c.setStrokeColor(ALARM_RED)
    c.setLineWidth(3)
    c.roundRect(MARGIN, box_y, INNER, BOTTOM_BOX, 8, stroke=1, fill=0)
    c.setLineWidth(1)
    c.line(WIDTH / 2, box_y + 12, WIDTH / 2, box_y + BOTTOM_BOX - 52)
    c.restoreState()
    draw_text(
        c, MOTTO, WIDTH / 2, box_y + BOTTOM_BOX - 38, 28, color=ALARM_RED, align="center", bold=True
    )
    left, right = MARGIN + INNER / 4, WIDTH - MARGIN - INNER / 4
    draw_text(c, "报警求助", left, box_y + 62, 14, color=GREY, align="center")
    draw_text(c, "110", left, box_y + 18, 44, color=ALARM_RED, align="center", bold=True)
    label = fit_size(board.station_name, cjk_font(), 14, INNER / 2 - 20)
    draw_text(c, board.station_name, right, box_y + 62, label, color=GREY, align="center")
    size = fit_size(board.station_phone, cjk_font(), 28, INNER / 2 - 20)
    draw_text(
        c,
        board.station_phone,
        right,
        box_y + 24,
        size,
        color=POLICE_BLUE,
        align="center",
        bold=True,
    )

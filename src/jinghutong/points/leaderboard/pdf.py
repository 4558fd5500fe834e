"""The 光荣榜 as an A4 sheet for the village notice board, drawn with the same PDF stack as the
公示牌 (households/printing: reportlab, its CJK font and drawing helpers)."""

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
)

MARGIN = 40.0
WIDTH, HEIGHT = A4
INNER = WIDTH - 2 * MARGIN
ROW = 26.0
BOTTOM = MARGIN + 36  # above the footer
THANKS = "感谢为平安村庄出力的村民和联户长"
SOURCE = "积分来自登记在案的接警反馈、有效线索、隐患核实、走访等工作"


@dataclass(frozen=True)
class Line:
    rank: int
    name: str
    points: int


@dataclass(frozen=True)
class Sheet:
    title: str  # 2026年第四季度积分光荣榜
    place: str  # 大墅镇 上坊村
    station: str
    groups: list[tuple[str, list[Line]]]  # (the village or micro-grid, its lines)
    printed_on: str


class _Pages:
    """A flowing column of rows that starts a new page when it reaches the footer."""

    def __init__(self, c: Canvas, sheet: Sheet) -> None:
        self.c, self.sheet, self.y = c, sheet, 0.0

    def first(self) -> None:
        top = HEIGHT - MARGIN
        self.c.saveState()
        self.c.setFillColor(ALARM_RED)
        self.c.roundRect(MARGIN, top - 100, INNER, 100, 8, stroke=0, fill=1)
        self.c.restoreState()
        draw_text(self.c, "光荣榜", WIDTH / 2, top - 56, 44, color=PAPER, align="center", bold=True)
        size = fit_size(self.sheet.place, cjk_font(), 18, INNER - 24)
        draw_text(self.c, self.sheet.place, WIDTH / 2, top - 86, size, color=PAPER, align="center")
        draw_text(
            self.c, self.sheet.title, WIDTH / 2, top - 132, 22, color=POLICE_BLUE, align="center"
        )
        draw_text(self.c, THANKS, WIDTH / 2, top - 154, 12, color=GREY, align="center")
        self.y = top - 166

    def room(self, height: float) -> None:
        if self.y - height >= BOTTOM:
            return
        self.footer()
        self.c.showPage()
        self.y = HEIGHT - MARGIN - 10
        draw_text(self.c, f"{self.sheet.title}（续）", MARGIN, self.y, 14, color=GREY)
        self.y -= 12

    def heading(self, text: str) -> None:
        self.room(40 + ROW)
        self.y -= 32
        self.c.saveState()
        self.c.setFillColor(POLICE_BLUE)
        self.c.rect(MARGIN, self.y - 4, 6, 22, stroke=0, fill=1)
        self.c.setStrokeColor(POLICE_BLUE)
        self.c.setLineWidth(0.8)
        self.c.line(MARGIN, self.y - 8, WIDTH - MARGIN, self.y - 8)
        self.c.restoreState()
        draw_text(self.c, text, MARGIN + 14, self.y, 18, color=POLICE_BLUE, bold=True)
        self.y -= 8

    def line(self, line: Line) -> None:
        self.room(ROW)
        self.y -= ROW
        podium = line.rank <= 3
        color = ALARM_RED if podium else INK
        draw_text(self.c, f"第{line.rank}名", MARGIN + 16, self.y, 15, color=color, bold=podium)
        name_size = fit_size(line.name, cjk_font(), 18, INNER - 230)
        draw_text(self.c, line.name, MARGIN + 110, self.y, name_size, color=INK, bold=True)
        points = f"{line.points} 分"
        draw_text(self.c, points, WIDTH - MARGIN - 16, self.y, 18, color=color, align="right")

    def footer(self) -> None:
        footer = f"{self.sheet.station}　制　{self.sheet.printed_on}　{SOURCE}"
        size = fit_size(footer, cjk_font(), 9, INNER)
        draw_text(self.c, footer, WIDTH / 2, MARGIN - 16, size, color=GREY, align="center")


def render(sheet: Sheet) -> bytes:
    c, finish = new_document(f"{sheet.title}（{sheet.place}）", sheet.station, A4)
    pages = _Pages(c, sheet)
    pages.first()
    shown = [(name, lines) for name, lines in sheet.groups if lines]
    for name, lines in shown:
        pages.heading(name)
        for line in lines:  # the heading says where: the village, or the micro-grid
            pages.line(line)
    if not shown:
        pages.y -= 60
        draw_text(c, "本期暂无积分记录", WIDTH / 2, pages.y, 18, color=GREY, align="center")
    pages.footer()
    c.showPage()
    return finish()

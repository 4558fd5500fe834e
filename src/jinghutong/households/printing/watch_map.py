"""The village's neighbourhood-watch diagram (邻里守望示意图): its micro-grids as labelled boxes
placed by their coordinates, the village's officers and a legend. A4 landscape."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
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
)
from jinghutong.households.printing.repository import Contact

WIDTH, HEIGHT = landscape(A4)
MARGIN, PANEL_W, TITLE_H, GAP = 28.0, 210.0, 58.0, 6.0
MAP_X, MAP_Y = MARGIN, MARGIN + 14
MAP_W, MAP_H = WIDTH - 2 * MARGIN - PANEL_W - 16, HEIGHT - MARGIN - TITLE_H - MAP_Y
GRID_FILLS = [
    HexColor(h) for h in ("#dbe8f7", "#fde7c8", "#dcf0dc", "#f3dcef", "#fff6bf", "#e4e4e4")
]
SIZES = (16.0, 14.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0)


@dataclass(frozen=True)
class MapCell:
    name: str
    leader: str
    households: int
    lat: float | None
    lng: float | None
    group: int  # index into WatchMap.grids (colour)


@dataclass(frozen=True)
class WatchMap:
    station_name: str
    station_phone: str
    village: str
    cells: list[MapCell]
    grids: list[str]
    officers: list[tuple[str, list[Contact]]]
    printed_on: str


def render_watch_map(plan: WatchMap) -> bytes:
    title = f"{plan.village} 邻里守望示意图"
    c, finish = new_document(title, plan.station_name, (WIDTH, HEIGHT))
    font = cjk_font()
    draw_text(
        c,
        title,
        MARGIN,
        HEIGHT - MARGIN - 30,
        fit_size(title, font, 28, MAP_W),
        color=POLICE_BLUE,
        bold=True,
    )
    total = sum(cell.households for cell in plan.cells)
    summary = f"共{len(plan.cells)}个微网格　{total}户　一名联户长守望一片邻里"
    draw_text(c, summary, MARGIN, HEIGHT - MARGIN - 50, 12, color=GREY)
    c.saveState()
    c.setFillColor(HexColor("#f7f9fc"))
    c.setStrokeColor(POLICE_BLUE)
    c.rect(MAP_X, MAP_Y, MAP_W, MAP_H, stroke=1, fill=1)
    c.restoreState()
    if plan.cells:
        _boxes(c, plan.cells)
    else:
        draw_text(c, "该村尚未划分微网格", MAP_X + MAP_W / 2, MAP_Y + MAP_H / 2, 20, align="center")
    _panel(c, plan)
    footer = f"{plan.station_name}　制　{plan.printed_on}　位置按各微网格坐标示意，非测绘图"
    draw_text(c, footer, MARGIN, MARGIN - 6, 9, color=GREY)
    c.showPage()
    return finish()


def _labels(cell: MapCell) -> list[str]:
    return [cell.name, cell.leader, f"{cell.households}户"]


def _layout(cells: list[MapCell]) -> tuple[float, float, float, int, int]:
    """The largest type at which every box fits a cell of a grid with room to spare."""
    font = cjk_font()
    for size in SIZES:
        box_w = max(width(t, font, size) for cell in cells for t in _labels(cell)) + 12
        box_h = 3 * size * 1.25 + 8
        cols, rows = int(MAP_W // (box_w + GAP)), int((MAP_H - 8) // (box_h + GAP))
        if cols * rows >= max(len(cells) * 1.4, len(cells) + 2) or size == SIZES[-1]:
            return size, box_w, box_h, max(cols, 1), max(rows, 1)
    raise AssertionError("unreachable")


def _positions(cells: list[MapCell], cols: int, rows: int) -> list[tuple[int, int]]:
    """Each micro-grid's cell: the one nearest to its coordinates that is still free."""
    known = [
        (cell.lat, cell.lng) for cell in cells if cell.lat is not None and cell.lng is not None
    ]
    lats, lngs = [p[0] for p in known], [p[1] for p in known]
    free = {(col, row) for col in range(cols) for row in range(rows)}
    spread = bool(known) and max(lats) - min(lats) + max(lngs) - min(lngs) > 1e-9
    taken: list[tuple[int, int]] = []
    for index, cell in enumerate(cells):
        if not spread or cell.lat is None or cell.lng is None:
            # No usable coordinates: reading order.
            want = (index % cols, rows - 1 - (index // cols) % rows)
        else:
            fx = _unit(cell.lng, min(lngs), max(lngs))  # north up, east right
            fy = _unit(cell.lat, min(lats), max(lats))
            want = (round(fx * (cols - 1)), round(fy * (rows - 1)))
        spot = min(free, key=lambda p: (math.dist(p, want), p)) if free else want
        free.discard(spot)
        taken.append(spot)
    return taken


def _unit(value: float, low: float, high: float) -> float:
    return 0.5 if high - low < 1e-9 else (value - low) / (high - low)


def _boxes(c: Canvas, cells: list[MapCell]) -> None:
    size, box_w, box_h, cols, rows = _layout(cells)
    cell_w, cell_h = MAP_W / cols, (MAP_H - 8) / rows
    for cell, (col, row) in zip(cells, _positions(cells, cols, rows), strict=True):
        cx = MAP_X + (col + 0.5) * cell_w
        cy = MAP_Y + (row + 0.5) * cell_h
        x, y = cx - box_w / 2, cy - box_h / 2
        c.saveState()
        c.setFillColor(GRID_FILLS[cell.group % len(GRID_FILLS)])
        c.setStrokeColor(POLICE_BLUE)
        c.setLineWidth(0.8)
        c.roundRect(x, y, box_w, box_h, 4, stroke=1, fill=1)
        c.restoreState()
        name, leader, count = _labels(cell)
        line = size * 1.25
        draw_text(
            c, name, cx, y + box_h - 4 - size, size, color=POLICE_BLUE, align="center", bold=True
        )
        draw_text(c, leader, cx, y + box_h - 4 - size - line, size, align="center")
        draw_text(c, count, cx, y + box_h - 4 - size - 2 * line, size, color=GREY, align="center")


def _compass(c: Canvas, x: float, y: float) -> None:
    c.saveState()
    c.setFillColor(INK)
    path = c.beginPath()
    path.moveTo(x, y)
    path.lineTo(x - 5, y - 14)
    path.lineTo(x + 5, y - 14)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()
    draw_text(c, "北", x, y - 27, 11, align="center")
    draw_text(c, "上北下南，左西右东", x + 16, y - 16, 11)


def _panel(c: Canvas, plan: WatchMap) -> None:
    font = cjk_font()
    x = WIDTH - MARGIN - PANEL_W
    y = HEIGHT - MARGIN - 30
    draw_text(c, "警务联系人", x, y, 17, color=POLICE_BLUE, bold=True)
    for label, people in plan.officers:
        for person in people or [Contact("（待定）", None)]:
            y -= 22
            draw_text(
                c,
                f"{label}　{person.name}",
                x,
                y,
                fit_size(f"{label}　{person.name}", font, 14, PANEL_W),
            )
            if person.phone:
                y -= 17
                draw_text(c, person.phone, x + 14, y, 13, color=POLICE_BLUE)
    y -= 34
    draw_text(c, "图例", x, y, 17, color=POLICE_BLUE, bold=True)
    y -= 40
    c.saveState()
    c.setFillColor(GRID_FILLS[0])
    c.setStrokeColor(POLICE_BLUE)
    c.roundRect(x, y, 58, 34, 3, stroke=1, fill=1)
    c.restoreState()
    for i, text in enumerate(("微网格", "联户长", "户数")):
        draw_text(c, text, x + 29, y + 25 - i * 10, 8, align="center")
    draw_text(c, "一个方框为一个微网格", x + 66, y + 12, 11)
    y -= 16
    _compass(c, x + 8, y)
    y -= 34
    for index, grid in enumerate(plan.grids[:8]):
        y -= 20
        c.saveState()
        c.setFillColor(GRID_FILLS[index % len(GRID_FILLS)])
        c.rect(x, y - 2, 22, 13, stroke=0, fill=1)
        c.restoreState()
        draw_text(c, grid, x + 30, y, fit_size(grid, font, 11, PANEL_W - 30))
    _call_box(c, plan, x)


def _call_box(c: Canvas, plan: WatchMap, x: float) -> None:
    y = MAP_Y
    c.saveState()
    c.setFillColor(ALARM_RED)
    c.roundRect(x, y, PANEL_W, 78, 6, stroke=0, fill=1)
    c.restoreState()
    draw_text(
        c,
        "有事找联户长，急事拨110",
        x + PANEL_W / 2,
        y + 52,
        15,
        color=PAPER,
        align="center",
        bold=True,
    )
    phone = f"派出所　{plan.station_phone}"
    draw_text(
        c,
        phone,
        x + PANEL_W / 2,
        y + 18,
        fit_size(phone, cjk_font(), 15, PANEL_W - 12),
        color=PAPER,
        align="center",
    )

"""The figures as the monthly report's workbook (openpyxl): one sheet per table, each with a
title in row 1, Chinese headers in row 2 and the lines from row 3 — the same numbers as the
JSON (null stays an empty cell)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from jinghutong.statistics.figures.schemas import (
    Figure,
    IncidentFigures,
    LevelTable,
    ResolutionFigures,
    Times,
)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURE_HEADERS = ["本期", "对比期", "增减%", "日均"]
GROUP_SHEETS = {
    "township": ("按乡镇", "乡镇"),
    "village": ("按村", "村"),
    "month": ("按月", "月份"),
}
TIMES_HEADERS = [
    "村", "接警数", "报警→接警 中位数(分钟)", "报警→接警 90分位(分钟)",
    "到场数", "接警→到场 中位数(分钟)", "接警→到场 90分位(分钟)",
    "报警→到场数", "报警→到场 中位数(分钟)", "报警→到场 90分位(分钟)",
]  # fmt: skip
Row = Sequence[object]


def _figure(f: Figure) -> list[object]:
    return [f.count, f.previous, f.change_pct, f.per_day]


def _sheet(book: Workbook, title: str, heading: str, headers: Row, rows: Sequence[Row]) -> None:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append([heading])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    sheet.column_dimensions["A"].width = 24


def _saved(book: Workbook) -> bytes:
    book.remove(book.worksheets[0])  # the empty sheet every new Workbook starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def incidents_workbook(figures: IncidentFigures) -> bytes:
    book = Workbook()
    compare = "同比" if figures.compare == "yoy" else "环比"
    heading = (
        f"{figures.area.name} {figures.period.label} 警情统计"
        f"（{compare}，对比期 {figures.compared_with.label}）"
    )
    overall = [
        ["总警情", *_figure(figures.total), None],
        ["有效警情", *_figure(figures.valid), figures.valid_share_pct],
        ["无效报警", *_figure(figures.invalid), None],
    ]
    _sheet(book, "总体", heading, ["项目", *FIGURE_HEADERS, "有效警情占比%"], overall)
    book["总体"].append([])
    book["总体"].append([figures.summary])
    categories = [
        [line.name, "是" if line.valid else "否", *_figure(line), line.share_pct]
        for line in figures.categories
    ]
    headers = ["类别", "计入有效警情", *FIGURE_HEADERS, "占总警情%"]
    _sheet(book, "分类", heading, headers, categories)
    if figures.group_by in GROUP_SHEETS:
        title, name = GROUP_SHEETS[figures.group_by]
        groups = [
            [g.name, g.from_.isoformat(), g.to.isoformat(), *_figure(g.total), *_figure(g.valid)]
            for g in figures.groups
        ]
        valid = [f"有效警情{h}" for h in FIGURE_HEADERS]
        headers = [name, "起", "止", *(f"总警情{h}" for h in FIGURE_HEADERS), *valid]
        _sheet(book, title, heading, headers, groups)
    return _saved(book)


def _levels(table: LevelTable) -> list[Row]:
    rows: list[Row] = [[line.name, line.count, line.share_pct] for line in table.levels]
    rows.append(["合计", table.total, None])
    rows.append(["小事不出联户网格（在联户网格化解）", None, table.in_grid_pct])
    rows.append(["大事不出镇（在镇及以下化解）", None, table.in_township_pct])
    return rows


def _times(t: Times) -> list[object]:
    return [t.n, t.p50, t.p90]


def resolution_workbook(figures: ResolutionFigures) -> bytes:
    book = Workbook()
    heading = f"{figures.area.name} {figures.period.label}"
    levels = ["层级", "件数", "占比%"]
    _sheet(book, "纠纷化解层级", f"{heading} 矛盾纠纷化解层级", levels, _levels(figures.disputes))
    _sheet(book, "案件办结层级", f"{heading} 案件办结层级", levels, _levels(figures.cases))
    times = [
        [t.name, *_times(t.to_accept), *_times(t.to_arrive), *_times(t.report_to_arrive)]
        for t in figures.response_times
    ]
    _sheet(book, "响应时间", f"{heading} 警情响应时间", TIMES_HEADERS, times)
    e = figures.escalations
    escalations = [
        [x.name, x.cases, x.escalations, x.by_deadline, x.by_handler]
        for x in [e.total, *e.villages]
    ]
    headers = ["村", "上报案件数", "上报次数", "超时自动上报", "处理人上报"]
    _sheet(book, "上报", f"{heading} 案件上报", headers, escalations)
    p = figures.petitions
    letters: list[Row] = [
        ["来信", p.written], ["有答复期限的", p.with_deadline], ["按期答复", p.answered_in_time],
        ["超期答复", p.answered_late], ["超期未答复", p.overdue], ["期限未到未答复", p.waiting],
        ["按期答复率%", p.in_time_pct], ["已答复", p.answered],
        ["平均答复用时(小时)", p.mean_hours_to_answer],
    ]  # fmt: skip
    _sheet(book, "所长直通车", f"{heading} 所长直通车", ["项目", "数值"], letters)
    b = figures.bulletins
    reach = [
        [x.name, x.targeted, x.sent, x.read, x.reach_pct, x.read_pct]
        for x in [b.total, *b.villages]
    ]
    headers = ["村", "推送对象", "已送达", "已读", "触达率%", "阅读率%"]
    _sheet(book, "警讯触达", f"{heading} 警讯触达（发布 {b.bulletins} 条）", headers, reach)
    return _saved(book)

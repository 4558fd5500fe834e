"""The 统计 page's charts and tables, made from the figures service's answer only
(`IncidentFigures`): nothing here counts, it only lays the service's numbers out — the bars
(本期 against 对比期, with 同比/环比 %), the monthly lines and the rows by village.

A chart is a plain dict that the page puts in a `data-chart` attribute as JSON and
static/statistics.js hands to ECharts (the CSP allows no inline script)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinghutong.statistics.figures.numbers import share
from jinghutong.statistics.figures.periods import COMPARE_NAMES, Compare
from jinghutong.statistics.figures.schemas import Figure, GroupLine, IncidentFigures

Chart = dict[str, Any]
COMPARED_NAMES = {"yoy": "上年同期", "mom": "上一期"}
MONTH_COMPARED_NAMES = {"yoy": "上年同月", "mom": "上月同期"}


def _bars(title: str, f: IncidentFigures, lines: list[tuple[str, Figure]]) -> Chart:
    return {
        "kind": "bars",
        "title": title,
        "now_name": f.period.label,
        "before_name": f"{f.compared_with.label}（{COMPARED_NAMES[f.compare]}）",
        "labels": [name for name, _ in lines],
        "now": [line.count for _, line in lines],
        "before": [line.previous for _, line in lines],
        "change": [line.change_pct for _, line in lines],
    }


def overall_bars(f: IncidentFigures) -> Chart:
    """总警情, 有效警情, 无效报警: this period against the compared one."""
    lines = [("总警情", f.total), ("有效警情", f.valid), ("无效报警", f.invalid)]
    return _bars("总警情与有效警情", f, lines)


def category_bars(f: IncidentFigures) -> Chart:
    """Each category of 有效警情 (刑事, 治安 … 其他)."""
    lines: list[tuple[str, Figure]] = [(c.name, c) for c in f.categories if c.valid]
    return _bars("有效警情分类", f, lines)


def _month_label(line: GroupLine, years: set[int]) -> str:
    if len(years) == 1:
        return f"{line.from_.month}月"
    return f"{line.from_.year}年{line.from_.month}月"


def month_lines(f: IncidentFigures) -> Chart:
    """The months of the period (a `group_by=month` answer): this period's line and the
    compared one's (the same month a year before, or the month before)."""
    years = {line.from_.year for line in f.groups}
    return {
        "kind": "lines",
        "title": "逐月警情",
        "now_name": f"{f.period.label}总警情",
        "before_name": MONTH_COMPARED_NAMES[f.compare],
        "valid_name": f"{f.period.label}有效警情",
        "labels": [_month_label(line, years) for line in f.groups],
        "now": [line.total.count for line in f.groups],
        "before": [line.total.previous for line in f.groups],
        "valid": [line.valid.count for line in f.groups],
    }


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str
    figure: Figure


KPI_CATEGORIES = {"public_order": "治安警情", "dispute": "纠纷警情"}


def kpis(f: IncidentFigures) -> list[Kpi]:
    """The cards the station quotes: 总警情, 有效警情, 治安, 纠纷, 无效报警."""
    cards = [Kpi("total", "总警情", f.total), Kpi("valid", "有效警情", f.valid)]
    cards += [
        Kpi(c.code, KPI_CATEGORIES[c.code], c) for c in f.categories if c.code in KPI_CATEGORIES
    ]
    return [*cards, Kpi("invalid", "无效报警", f.invalid)]


@dataclass(frozen=True)
class PlaceRow:
    """One line of the table by village (or township): counts, 同比, 有效警情占比."""

    key: str | None
    name: str
    total: Figure
    valid: Figure
    valid_share_pct: float | None
    valid_share_previous_pct: float | None


def place_rows(f: IncidentFigures) -> list[PlaceRow]:
    return [
        PlaceRow(
            key=line.key,
            name=line.name,
            total=line.total,
            valid=line.valid,
            valid_share_pct=share(line.valid.count, line.total.count),
            valid_share_previous_pct=share(line.valid.previous, line.total.previous),
        )
        for line in f.groups
    ]


def total_row(f: IncidentFigures) -> PlaceRow:
    return PlaceRow(
        key=None,
        name="合计",
        total=f.total,
        valid=f.valid,
        valid_share_pct=f.valid_share_pct,
        valid_share_previous_pct=f.valid_share_previous_pct,
    )


def layout(by_month: IncidentFigures, by_village: IncidentFigures) -> dict[str, Any]:
    """The dashboard's (and the report's) context from the two answers of the service: the
    same area, period and comparison, grouped by month and by village."""
    return {
        "figures": by_village,
        "months": by_month,
        "compare_name": COMPARE_NAMES[Compare(by_village.compare)],
        "kpis": kpis(by_village),
        "charts": {
            "overall": overall_bars(by_village),
            "categories": category_bars(by_village),
            "months": month_lines(by_month),
        },
        "places": place_rows(by_village),
        "total": total_row(by_village),
    }

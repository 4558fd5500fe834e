"""The 警情 figures: the station's kind of table — total, 有效警情 and its 占比, 无效报警, each
category — with 同比 or 环比 and 日均, and the lines of one grouping (category, township,
village or month), from the rollup only (repository.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import ValidationFailed
from jinghutong.models import VALID_CATEGORIES, Area, AreaLevel, IncidentCategory, Person
from jinghutong.statistics.figures import auth, grouping
from jinghutong.statistics.figures.numbers import figure, headline, share
from jinghutong.statistics.figures.periods import (
    COMPARE_NAMES,
    MAX_DAYS,
    Compare,
    Period,
    compared,
    resolve,
)
from jinghutong.statistics.figures.repository import Counts, RollupRepository
from jinghutong.statistics.figures.schemas import (
    AreaRef,
    CategoryLine,
    GroupBy,
    GroupLine,
    IncidentFigures,
    PeriodOut,
)
from jinghutong.statistics.incidents.categories import category_name

_VALID = frozenset(str(c) for c in VALID_CATEGORIES)
_LEVEL_RANK: dict[str, int] = {str(level): rank for rank, level in enumerate(AreaLevel)}


class BadPeriod(ValidationFailed):
    detail = "统计时段有误：起始日期不能晚于截止日期或今天，时段最长三年"


class GroupTooCoarse(ValidationFailed):
    detail = "按乡镇分组需选择乡镇或以上的区域"


def period_of(start: date | None, end: date | None) -> Period:
    try:
        return resolve(start, end)
    except ValueError as exc:
        field = {"from": "from", "to": "to"}.get(str(exc), "to")
        message = f"时段最长 {MAX_DAYS} 天" if str(exc) == "range" else BadPeriod.detail
        raise BadPeriod(fields={field: message}) from exc


def area_ref(area: Area) -> AreaRef:
    return AreaRef(id=area.id, name=area.name, level=area.level)


def period_out(period: Period) -> PeriodOut:
    return PeriodOut(from_=period.start, to=period.end, days=period.days, label=period.label())


async def incident_figures(
    session: AsyncSession,
    person: Person,
    *,
    area_id: str | None,
    start: date | None,
    end: date | None,
    group_by: GroupBy,
    compare: Compare,
) -> IncidentFigures:
    area = await auth.figure_area(session, person, area_id)
    period = period_of(start, end)
    if group_by == "township" and _LEVEL_RANK[area.level] > _LEVEL_RANK[str(AreaLevel.township)]:
        raise GroupTooCoarse(fields={"group_by": GroupTooCoarse.detail})
    return await figures_of(session, area, period, group_by, compare)


async def figures_of(
    session: AsyncSession, area: Area, period: Period, group_by: GroupBy, compare: Compare
) -> IncidentFigures:
    """The figures of an area the caller may read (the console calls this too)."""
    before = compared(period, compare)
    now, then = await RollupRepository(session).by_category(area.id, [period, before])
    groups = await grouping.lines(session, area, group_by, period, before, compare, now, then)
    return _table(area, period, before, compare, group_by, now, then, groups)


def _table(
    area: Area,
    period: Period,
    before: Period,
    compare: Compare,
    group_by: GroupBy,
    now: Counts,
    then: Counts,
    groups: list[GroupLine],
) -> IncidentFigures:
    days = period.days
    total = figure(sum(now.values()), sum(then.values()), days)
    valid = figure(_valid(now), _valid(then), days)
    categories = [_category_line(c, now, then, days) for c in IncidentCategory]
    return IncidentFigures(
        area=area_ref(area),
        period=period_out(period),
        compare=compare.value,
        compared_with=period_out(before),
        group_by=group_by,
        total=total,
        valid=valid,
        valid_share_pct=share(valid.count, total.count),
        valid_share_previous_pct=share(valid.previous, total.previous),
        invalid=figure(now.get("invalid", 0), then.get("invalid", 0), days),
        categories=categories,
        groups=groups,
        summary=headline(period.label(), COMPARE_NAMES[compare], total, valid, categories),
    )


def _valid(counts: Counts) -> int:
    return sum(n for category, n in counts.items() if category in _VALID)


def _category_line(category: str, now: Counts, then: Counts, days: int) -> CategoryLine:
    line = figure(now.get(category, 0), then.get(category, 0), days)
    return CategoryLine(
        **line.model_dump(),
        code=str(category),
        name=category_name(str(category)),
        valid=category in _VALID,
        share_pct=share(line.count, sum(now.values())),
    )

"""The lines of a grouping: one per category, per township or village of the area (every one
of them, those with no 警情 included, in tree order; then one line for the 警情 whose place
is not known below the station, when there are any), or per calendar month of the period.

A month's line is compared with the same month a year before (同比) or with the month before
it over the same days (环比); the period's first and last months are clipped to it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import VALID_CATEGORIES, Area, IncidentCategory
from jinghutong.statistics.figures.numbers import figure
from jinghutong.statistics.figures.periods import Compare, Period, compared_month
from jinghutong.statistics.figures.repository import (
    AreaKey,
    AreaRepository,
    Counts,
    DayKey,
    RollupRepository,
)
from jinghutong.statistics.figures.schemas import GroupBy, GroupLine
from jinghutong.statistics.incidents.categories import category_name

_VALID = frozenset(str(c) for c in VALID_CATEGORIES)
UNPLACED = {"township": "未定位到乡镇的警情", "village": "未定位到村的警情"}


def _line(key: str | None, name: str, period: Period, now: Counts, then: Counts) -> GroupLine:
    def valid(counts: Counts) -> int:
        return sum(n for c, n in counts.items() if c in _VALID)

    return GroupLine(
        key=key,
        name=name,
        from_=period.start,
        to=period.end,
        total=figure(sum(now.values()), sum(then.values()), period.days),
        valid=figure(valid(now), valid(then), period.days),
    )


async def lines(
    session: AsyncSession,
    area: Area,
    group_by: GroupBy,
    period: Period,
    before: Period,
    compare: Compare,
    now: Counts,
    then: Counts,
) -> list[GroupLine]:
    if group_by == "category":
        return [
            _line(str(c), category_name(str(c)), period, _only(now, c), _only(then, c))
            for c in IncidentCategory
        ]
    if group_by == "month":
        return await by_month(session, area, period, before, compare)
    return await by_place(session, area, group_by, period, before)


def _only(counts: Counts, category: str) -> Counts:
    return {category: counts[category]} if category in counts else {}


async def by_place(
    session: AsyncSession, area: Area, level: str, period: Period, before: Period
) -> list[GroupLine]:
    places = await AreaRepository(session).at_level(area, level)
    (now, then), paths = await RollupRepository(session).by_area(area.path, [period, before])
    ids = {place.id for place in places}
    now_by, then_by = _bucket(now, paths, ids), _bucket(then, paths, ids)
    out = [_line(p.id, p.name, period, now_by.get(p.id, {}), then_by.get(p.id, {})) for p in places]
    if None in now_by or None in then_by:
        unplaced = UNPLACED.get(level, "未定位的警情")
        out.append(_line(None, unplaced, period, now_by.get(None, {}), then_by.get(None, {})))
    return out


def _bucket(
    counts: dict[AreaKey, int], paths: dict[str, str], ids: set[str]
) -> dict[str | None, Counts]:
    """(rollup area, category) counts summed per group: the group on the area's path."""
    out: dict[str | None, Counts] = defaultdict(dict)
    for (area_id, category), n in counts.items():
        group = next((s for s in paths[area_id].split("/") if s in ids), None)
        out[group][category] = out[group].get(category, 0) + n
    return out


async def by_month(
    session: AsyncSession, area: Area, period: Period, before: Period, compare: Compare
) -> list[GroupLine]:
    months = period.months()
    against = [compared_month(m, compare) for m in months]
    spans = merged([period, before, *against])
    days = await RollupRepository(session).by_day(area.path, spans)
    return [
        _line(
            month_key(m.start),
            f"{m.start.year}年{m.start.month}月",
            m,
            _within(days, m),
            _within(days, a),
        )
        for m, a in zip(months, against, strict=True)
    ]


def _within(days: dict[DayKey, int], period: Period) -> Counts:
    out: Counts = {}
    for (day, category), n in days.items():
        if period.start <= day <= period.end:
            out[category] = out.get(category, 0) + n
    return out


def merged(periods: Iterable[Period]) -> Sequence[Period]:
    """The fewest disjoint periods covering the days of these (adjacent ones joined)."""
    out: list[Period] = []
    for p in sorted(periods):
        if out and (p.start - out[-1].end).days <= 1:
            last = out[-1]
            out[-1] = Period(last.start, max(last.end, p.end))
        else:
            out.append(p)
    return out


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"

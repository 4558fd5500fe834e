"""The lines of a grouping: one per category, per township or village of the area (every one
of them, those with no 警情 included, in tree order; then one line for the 警情 whose place
is not known below the station, when there are any), or per calendar month of the period.

A month's line is compared with the same month a year before (同比) or with the month before
it over the same days (环比); the period's first and last months are clipped to it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import VALID_CATEGORIES, Area, IncidentCategory
from jinghutong.statistics.figures.numbers import figure
from jinghutong.statistics.figures.periods import Compare, Period, compared_month
from jinghutong.statistics.figures.repository import AreaRepository, Counts, RollupRepository
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
    return await by_place(session, area, group_by, period, before, (now, then))


def _only(counts: Counts, category: str) -> Counts:
    return {category: counts[category]} if category in counts else {}


async def by_place(
    session: AsyncSession,
    area: Area,
    level: str,
    period: Period,
    before: Period,
    totals: tuple[Counts, Counts],
) -> list[GroupLine]:
    """One line per area of `level` (the rollup's rows of that level under the area); the 警情
    counted at the area but at none of them — their place is known no deeper than the station —
    are the area's own total less theirs. A village's lines by village are itself: its own
    rows, already read."""
    if area.level == level:
        places = [(area.id, area.name)]
        now_by, then_by = {area.id: totals[0]}, {area.id: totals[1]}
    else:
        places = await AreaRepository(session).names_at_level(area, level)
        rollup = RollupRepository(session)
        now_by, then_by = await rollup.by_area(area.path, level, [period, before])
    out = [_line(i, name, period, now_by.get(i, {}), then_by.get(i, {})) for i, name in places]
    rest_now, rest_then = _rest(totals[0], now_by), _rest(totals[1], then_by)
    if rest_now or rest_then:
        unplaced = UNPLACED.get(level, "未定位的警情")
        out.append(_line(None, unplaced, period, rest_now, rest_then))
    return out


def _rest(total: Counts, parts: dict[str, Counts]) -> Counts:
    """`total` less the sum of `parts`, per category (those left with none absent)."""
    left = dict(total)
    for counts in parts.values():
        for category, n in counts.items():
            left[category] = left.get(category, 0) - n
    return {c: n for c, n in left.items() if n}


async def by_month(
    session: AsyncSession, area: Area, period: Period, before: Period, compare: Compare
) -> list[GroupLine]:
    """One line per calendar month of the period (clipped to it), from the area's own rows:
    a whole month is its month row, a clipped one its day rows."""
    months = period.months()
    against = [compared_month(m, compare) for m in months]
    own = await RollupRepository(session).own(area.id, sorted({*months, *against}))
    return [
        _line(
            month_key(m.start),
            f"{m.start.year}年{m.start.month}月",
            m,
            own.total(m),
            own.total(a),
        )
        for m, a in zip(months, against, strict=True)
    ]


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"

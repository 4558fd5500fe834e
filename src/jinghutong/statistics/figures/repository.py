"""Every query of the 警情 figures. They read the rollup `incident_counts` (kept by
statistics/incidents: every level of the area path, by day and by month) and the areas —
never the raw incidents: a province's dashboard must not scan ten million rows
(bench/statistics.py).

- An area's own figures read its own rows (`area_id = A`, the primary key): the whole months
  of each period from the month grain, its ragged edges from the day grain (cover.py) — a few
  dozen rows whatever the area's size; summed per period in Python.
- Lines by township or village read the rows of that level under A's path, for the period and
  the one it is compared with in one pass, each period summed apart in SQL
  (`sum(CASE WHEN <row in period> …)`, `ix_incident_counts_grain_level_path`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES
from jinghutong.statistics.figures.cover import Cover, cover
from jinghutong.statistics.figures.periods import Period

Counts = dict[str, int]  # category → count
_COUNTS = [getattr(IncidentCount, c) for c in ROLLUP_CATEGORIES]


def counts_of(values: Sequence[Any]) -> Counts:
    """A row's category columns as Counts (categories with none absent)."""
    return {c: int(n) for c, n in zip(ROLLUP_CATEGORIES, values, strict=True) if n}


def add(into: Counts, counts: Counts) -> None:
    for category, n in counts.items():
        into[category] = into.get(category, 0) + n


class OwnRows:
    """An area's own rollup rows for some periods, summed per period on demand."""

    def __init__(self, rows: list[tuple[str, date, Counts]]) -> None:
        self.rows = rows

    def total(self, period: Period) -> Counts:
        covered, out = cover(period), Counts()
        for grain, first_day, counts in self.rows:
            if covered.holds(grain, first_day):
                add(out, counts)
        return out


class RollupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def own(self, area_id: str, periods: Sequence[Period]) -> OwnRows:
        """The area's own rows covering any of `periods`."""
        covers = [cover(p) for p in periods]
        query = select(IncidentCount.grain, IncidentCount.first_day, *_COUNTS).where(
            IncidentCount.area_id == area_id, or_(*(c.where() for c in covers))
        )
        rows = (await self.session.execute(query)).all()
        return OwnRows([(r[0], r[1], counts_of(r[2:])) for r in rows])

    async def by_category(self, area_id: str, periods: Sequence[Period]) -> list[Counts]:
        """Per period, the count of each category under the area (categories with none
        absent)."""
        own = await self.own(area_id, periods)
        return [own.total(p) for p in periods]

    async def by_area(
        self, path: str, level: str, periods: Sequence[Period]
    ) -> list[dict[str, Counts]]:
        """Per period, the counts of each area of `level` at or under `path` (areas with none
        absent)."""
        covers = [cover(p) for p in periods]
        query = (
            select(IncidentCount.area_id, *_sums(covers))
            .where(
                IncidentCount.level == level,
                IncidentCount.area_path.like(path + "%"),
                or_(*(c.where() for c in covers)),
            )
            .group_by(IncidentCount.area_id)
        )
        out: list[dict[str, Counts]] = [{} for _ in periods]
        width = len(ROLLUP_CATEGORIES)
        for row in (await self.session.execute(query)).all():
            for i in range(len(periods)):
                counts = counts_of(row[1 + i * width : 1 + (i + 1) * width])
                if counts:
                    out[i][row.area_id] = counts
        return out


def _sums(covers: Sequence[Cover]) -> list[Any]:
    return [
        func.coalesce(func.sum(case((c.where(), column), else_=0)), 0)
        for c in covers
        for column in _COUNTS
    ]


class AreaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def by_path(self, path: str) -> Area | None:
        return await self.session.scalar(select(Area).where(Area.path == path))

    async def at_level(self, area: Area, level: str) -> list[Area]:
        """The areas of `level` at or under `area`, in tree order."""
        query = (
            select(Area)
            .where(Area.path.like(area.path + "%"), Area.level == level)
            .order_by(Area.path)
        )
        return list((await self.session.scalars(query)).all())

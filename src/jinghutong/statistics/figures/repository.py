"""Every query of the 警情 figures. They read the rollup `incident_counts` (kept by
statistics/incidents: every level of the area path, by day and by month) and the areas —
never the raw incidents: a province's dashboard must not scan ten million rows
(bench/statistics.py).

- An area's own figures read its own rows (`area_id = A`, the primary key): the whole months
  of each period from the month grain, its ragged edges from the day grain (cover.py) — a few
  dozen rows whatever the area's size; summed per period in Python.
- Lines by township or village read the rows of that level under A's path, for the period and
  the one it is compared with in one statement, each period summed apart in SQL (by
  `ix_incident_counts_grain_level_path` for a small area, `…_grain_level_day` for the ragged
  edges of a wide one)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, literal, or_, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES
from jinghutong.statistics.figures.cover import cover
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
        absent): the rows of each period — a UNION ALL branch per range of one grain (its
        whole months, each ragged edge), each a plain index range, so a row of two periods
        counts in both — summed per (area, period): plain sums, no CASE per category."""
        branches = [
            select(IncidentCount.area_id, literal(i).label("i"), *_COUNTS).where(
                IncidentCount.grain == grain,
                IncidentCount.level == level,
                IncidentCount.first_day.between(first, last),
                IncidentCount.area_path.like(path + "%"),
            )
            for i, period in enumerate(periods)
            for grain, first, last in cover(period).spans()
        ]
        if not branches:
            return [{} for _ in periods]
        if self.session.get_bind().dialect.name == "postgresql":
            # A few hundred thousand rows summed: JIT's compile (≈ 1 s on the 10 M 警情
            # rollup, bench/statistics.py) costs more than it saves.
            await self.session.execute(text("SET LOCAL jit = off"))
        rows = union_all(*branches).subquery("rows")
        query = select(
            rows.c.area_id, rows.c.i, *(func.sum(rows.c[c]) for c in ROLLUP_CATEGORIES)
        ).group_by(rows.c.area_id, rows.c.i)
        out: list[dict[str, Counts]] = [{} for _ in periods]
        for area_id, i, *values in (await self.session.execute(query)).all():
            counts = counts_of(values)
            if counts:
                out[i][area_id] = counts
        return out


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

    async def names_at_level(self, area: Area, level: str) -> list[tuple[str, str]]:
        """(id, name) of the areas of `level` at or under `area`, in tree order (a province
        has tens of thousands of villages: no ORM objects for them)."""
        query = (
            select(Area.id, Area.name)
            .where(Area.path.like(area.path + "%"), Area.level == level)
            .order_by(Area.path)
        )
        return [(i, n) for i, n in (await self.session.execute(query)).all()]

"""Every query of the 警情 figures. They read the daily rollup `incident_daily` (kept by
statistics/incidents) and the areas — never the raw incidents: a province's dashboard must
not scan ten million rows (bench/statistics.py).

Each query reads the rollup once for the period and the one it is compared with, summing
each period's days apart (`sum(CASE WHEN day BETWEEN …)`): one pass over the rows of the
area's paths (`ix_incident_daily_area_path_day`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, IncidentDaily
from jinghutong.statistics.figures.periods import Period

Counts = dict[str, int]  # category → count
AreaKey = tuple[str, str]  # (area_id, category)
DayKey = tuple[date, str]  # (day, category)


def _in(period: Period) -> ColumnElement[bool]:
    return IncidentDaily.day.between(period.start, period.end)


def _sums(periods: Sequence[Period]) -> list[Any]:
    return [
        func.coalesce(func.sum(case((_in(p), IncidentDaily.count), else_=0)), 0).label(f"p{i}")
        for i, p in enumerate(periods)
    ]


def _under(path: str, periods: Sequence[Period]) -> ColumnElement[bool]:
    return and_(IncidentDaily.area_path.like(path + "%"), or_(*(_in(p) for p in periods)))


class RollupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_category(self, path: str, periods: Sequence[Period]) -> list[Counts]:
        """Per period, the count of each category under `path` (categories with none absent)."""
        query = (
            select(IncidentDaily.category, *_sums(periods))
            .where(_under(path, periods))
            .group_by(IncidentDaily.category)
        )
        out: list[Counts] = [{} for _ in periods]
        for row in (await self.session.execute(query)).all():
            for i in range(len(periods)):
                if row[i + 1]:
                    out[i][row.category] = int(row[i + 1])
        return out

    async def by_area(
        self, path: str, periods: Sequence[Period]
    ) -> tuple[list[dict[AreaKey, int]], dict[str, str]]:
        """Per period, the count of each (area, category) — the areas being the rollup's own:
        villages, and the station for 警情 with no known place — and each area's path."""
        query = (
            select(
                IncidentDaily.area_id,
                func.min(IncidentDaily.area_path).label("area_path"),
                IncidentDaily.category,
                *_sums(periods),
            )
            .where(_under(path, periods))
            .group_by(IncidentDaily.area_id, IncidentDaily.category)
        )
        out: list[dict[AreaKey, int]] = [{} for _ in periods]
        paths: dict[str, str] = {}
        for row in (await self.session.execute(query)).all():
            paths[row.area_id] = row.area_path
            for i in range(len(periods)):
                if row[i + 3]:
                    out[i][(row.area_id, row.category)] = int(row[i + 3])
        return out, paths

    async def by_day(self, path: str, periods: Sequence[Period]) -> dict[DayKey, int]:
        """The count of each (day, category) on the days of any of `periods`."""
        query = (
            select(IncidentDaily.day, IncidentDaily.category, func.sum(IncidentDaily.count))
            .where(_under(path, periods))
            .group_by(IncidentDaily.day, IncidentDaily.category)
        )
        rows = (await self.session.execute(query)).all()
        return {(day, category): int(n) for day, category, n in rows if n}


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

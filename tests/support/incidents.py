"""Helpers for the 警情 register's tests (tests/statistics/incidents): 110 export files built
in memory, the incidents as stored, and the rollup checked against a bare GROUP BY."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.models import Area, Incident, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES, RollupGrain
from jinghutong.statistics.incidents.check import raw_counts, rollup_counts

API = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["警情号", "报警时间", "类别", "细类", "管辖单位", "地址", "处理结果"]


async def incidents(database, **where) -> list[Incident]:
    async with database.session(read_only=True) as s:
        query = select(Incident).order_by(Incident.reported_at)
        for name, value in where.items():
            query = query.where(getattr(Incident, name) == value)
        return list((await s.scalars(query)).all())


async def rollup_is_raw(database, prefix: str = "/") -> dict:
    """Assert the rollup — every level, both grains — equals what a bare GROUP BY over the
    incidents gives (statistics.incidents.check); returns the counts."""
    async with database.session(read_only=True) as s:
        raw, rolled = await raw_counts(s, prefix), await rollup_counts(s, prefix)
    assert rolled == raw
    return raw


async def rollup_total(
    database, category: str | None = None, area: Area | None = None, grain: str = "day"
) -> int:
    """What the rollup counts at `area` (its own rows; every station's when none is named):
    one category, or all."""
    columns = [category] if category is not None else list(ROLLUP_CATEGORIES)
    async with database.session(read_only=True) as s:
        total = sum(func.coalesce(func.sum(getattr(IncidentCount, c)), 0) for c in columns)
        query = select(total).where(IncidentCount.grain == RollupGrain(grain).value)
        if area is not None:
            query = query.where(IncidentCount.area_id == area.id)
        else:
            query = query.where(IncidentCount.level == "station")
        return int(await s.scalar(query) or 0)

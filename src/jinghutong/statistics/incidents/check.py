"""The rollup compared with the raw incidents, for the tests and the rebuild's report: what
every level and grain should hold, computed from a bare GROUP BY over the incidents and the
areas above their places in Python — another road than the rebuild's SQL and the writers'
upserts — and what the rollup holds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Incident, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES, RollupGrain
from jinghutong.statistics.incidents.rollup import month_of, places_on

Cell = tuple[str, str, date, str]  # (area_id, grain, first_day, category)


async def raw_groups(session: AsyncSession, path_prefix: str = "/") -> dict[tuple, int]:
    """`SELECT day, area_id, area_path, category, count(*) … GROUP BY` over the incidents."""
    rows = await session.execute(
        select(Incident.day, Incident.area_id, Incident.area_path, Incident.category, func.count())
        .where(Incident.area_path.like(path_prefix + "%"))
        .group_by(Incident.day, Incident.area_id, Incident.area_path, Incident.category)
    )
    return {(d, a, p, c): int(n) for d, a, p, c, n in rows.all()}


async def raw_counts(session: AsyncSession, path_prefix: str = "/") -> dict[Cell, int]:
    """What the rollup must hold under the prefix: each raw group counted at every rollup area
    of its path (under the prefix), by day and by month."""
    groups = await raw_groups(session, path_prefix)
    places = await places_on(session, (path for _, _, path, _ in groups))
    out: dict[Cell, int] = {}
    for (day, _area_id, path, category), n in groups.items():
        for segment in path.split("/"):
            if segment not in places or not places[segment][1].startswith(path_prefix):
                continue
            for key in (
                (segment, RollupGrain.day.value, day, category),
                (segment, RollupGrain.month.value, month_of(day), category),
            ):
                out[key] = out.get(key, 0) + n
    return out


async def rollup_counts(session: AsyncSession, path_prefix: str = "/") -> dict[Cell, int]:
    """The rollup's non-zero counts under the prefix (and, as (…, "") → 0, any row with none)."""
    rows = await session.execute(
        select(
            IncidentCount.area_id,
            IncidentCount.grain,
            IncidentCount.first_day,
            *(getattr(IncidentCount, c) for c in ROLLUP_CATEGORIES),
        ).where(IncidentCount.area_path.like(path_prefix + "%"))
    )
    out: dict[Cell, int] = {}
    for area_id, grain, first_day, *counts in rows.all():
        if not any(counts):
            out[(area_id, grain, first_day, "")] = 0  # an empty row is a difference too
        for category, n in zip(ROLLUP_CATEGORIES, counts, strict=True):
            if n:
                out[(area_id, grain, first_day, category)] = int(n)
    return out


async def incident_total(session: AsyncSession, path_prefix: str = "/") -> int:
    query = select(func.count()).where(Incident.area_path.like(path_prefix + "%"))
    return int(await session.scalar(query) or 0)

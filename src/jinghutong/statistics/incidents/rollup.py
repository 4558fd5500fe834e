"""The daily rollup `incident_daily`: kept in step with the incidents incrementally, rebuilt from
them by one command, and compared with a bare GROUP BY over them (tests, bench).

- Writers (the import, the mirror of cases, a mapping applied to history) gather their +1/−1
  in a `RollupDeltas` and apply it once, at the end of their unit of work, with an upsert
  `count = count + delta` in key order: the rollup commits with the incidents or not at all;
  the increments are atomic on PostgreSQL, so two sessions at once lose no count; and since
  every writer takes the rollup's row locks last and in one order, writers never deadlock.
- A row whose count falls to 0 is deleted, so the rollup holds exactly the keys a GROUP BY
  over the incidents gives.
- `rebuild` recomputes the rows of a station (or of everything) from the incidents. On
  PostgreSQL it locks the rollup table against other writers (SHARE ROW EXCLUSIVE) until it
  commits: a writer that already applied its deltas has committed before the rebuild reads;
  one that has not yet applied them waits and applies them on top of the rebuilt rows, whose
  read did not see its uncommitted incidents either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import Incident, IncidentDaily

Key = tuple[date, str, str]  # (day, area_id, category)


def _bump(insert_for: Callable[..., Any]) -> Any:
    statement = insert_for(IncidentDaily)
    return statement.on_conflict_do_update(
        index_elements=["day", "area_id", "category"],
        set_={"count": IncidentDaily.count + statement.excluded.count},
    )


_BUMP = per_dialect(_bump)
_CHUNK = 500


@dataclass
class RollupDeltas:
    """The rollup changes of one unit of work, keyed (day, area, category)."""

    counts: dict[Key, int] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # area_id → area_path

    def add(self, day: date, area_id: str, area_path: str, category: str, delta: int) -> None:
        key = (day, area_id, category)
        self.counts[key] = self.counts.get(key, 0) + delta
        self.paths[area_id] = area_path

    def count_in(self, incident: Incident | dict[str, object], delta: int = 1) -> None:
        """+1 (or `delta`) for an incident row (an object or the dict about to be inserted)."""
        get = incident.get if isinstance(incident, dict) else incident.__getattribute__
        self.add(get("day"), get("area_id"), get("area_path"), get("category"), delta)  # type: ignore[arg-type]

    async def apply(self, session: AsyncSession) -> int:
        """Write the non-zero changes in key order; returns how many rollup rows changed."""
        changes = sorted((key, delta) for key, delta in self.counts.items() if delta)
        rows = [
            {
                "day": day,
                "area_id": area_id,
                "category": category,
                "area_path": self.paths[area_id],
                "count": delta,
            }
            for (day, area_id, category), delta in changes
        ]
        statement = for_session(_BUMP, session)
        for start in range(0, len(rows), _CHUNK):
            await session.execute(statement, rows[start : start + _CHUNK])
        lowered = [key for key, delta in changes if delta < 0]
        if lowered:
            await _drop_empty(session, lowered)
        self.counts.clear()
        return len(rows)


async def _drop_empty(session: AsyncSession, keys: list[Key]) -> None:
    """Rows whose count fell to 0 (among the areas and days just lowered) go."""
    areas = sorted({area_id for _, area_id, _ in keys})
    days = sorted({day for day, _, _ in keys})
    for start in range(0, len(areas), _CHUNK):
        await session.execute(
            delete(IncidentDaily).where(
                IncidentDaily.count == 0,
                IncidentDaily.area_id.in_(areas[start : start + _CHUNK]),
                IncidentDaily.day.in_(days),
            )
        )


async def rebuild(session: AsyncSession, path_prefix: str = "/") -> int:
    """Recompute the rollup under `path_prefix` (a station's path, or "/" for everything) from
    the incidents; returns how many rollup rows it holds now."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("LOCK TABLE incident_daily IN SHARE ROW EXCLUSIVE MODE"))
    await session.execute(
        delete(IncidentDaily).where(IncidentDaily.area_path.like(path_prefix + "%"))
    )
    grouped = (
        select(
            Incident.day,
            Incident.area_id,
            Incident.category,
            func.min(Incident.area_path),
            func.count(),
        )
        .where(Incident.area_path.like(path_prefix + "%"))
        .group_by(Incident.day, Incident.area_id, Incident.category)
    )
    columns = ["day", "area_id", "category", "area_path", "count"]
    await session.execute(insert(IncidentDaily).from_select(columns, grouped))
    return (
        await session.scalar(
            select(func.count())
            .select_from(IncidentDaily)
            .where(IncidentDaily.area_path.like(path_prefix + "%"))
        )
        or 0
    )


async def raw_counts(session: AsyncSession, path_prefix: str = "/") -> dict[Key, int]:
    """`SELECT day, area_id, category, count(*) … GROUP BY` over the incidents."""
    rows = await session.execute(
        select(Incident.day, Incident.area_id, Incident.category, func.count())
        .where(Incident.area_path.like(path_prefix + "%"))
        .group_by(Incident.day, Incident.area_id, Incident.category)
    )
    return {(d, a, c): int(n) for d, a, c, n in rows.all()}


async def rollup_counts(session: AsyncSession, path_prefix: str = "/") -> dict[Key, int]:
    rows = await session.execute(
        select(
            IncidentDaily.day, IncidentDaily.area_id, IncidentDaily.category, IncidentDaily.count
        ).where(IncidentDaily.area_path.like(path_prefix + "%"))
    )
    return {(d, a, c): int(n) for d, a, c, n in rows.all()}

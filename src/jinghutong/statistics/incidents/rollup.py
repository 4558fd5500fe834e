"""The rollup `incident_counts`: per area at EVERY level of its path (village, township,
station, county, city, province), per day and per calendar month, one row with a count for each
category — kept in step with the incidents incrementally, rebuilt from them by one command
(rebuild.py), and checked equal to a bare GROUP BY over them (check.py, the tests, the bench).

Why this shape (issue 18 item 4). The first rollup kept (day, village, category) only: with
10 M 警情 over 27,000 villages it held 0.94 rows per incident, so a province's figures summed
as many rows as a bare GROUP BY over the incidents (bench/statistics.py: ratio 0.4–1.1).
Here a figure for area A over [from, to] reads A's own rows: the whole calendar months from
the month grain, the ragged edges (the days before the first and after the last whole month)
from the day grain — a year for the province is 12 rows, not millions. Lines by township or
village read the rows of that level under A's path (month grain again: a village-month is
one row where the village-day-category rollup had about ten). The categories are columns,
not rows: the nine categories are fixed (models.IncidentCategory, the public-security
statistics'), and one row per (area, grain, day) instead of one per category divides again
what a province's village table reads (≈ 27,000 villages × 24 months, not × 9 categories).
The price is paid on writes: an incident moves 12 rows (6 levels × 2 grains) instead of 1, a
unit of work's changes summed first, so an import of a chunk touches its village-days and a
few rows above them.

- Writers (the import, the mirror of cases, a mapping applied to history) gather their +1/−1
  in a `RollupDeltas` and apply it once, at the end of their unit of work: the areas above
  each incident's place are read from the path's segments (one query), then an upsert
  `c = c + delta` per row, in one global key order (area_id, grain, first_day). So the
  rollup commits with the incidents or not at all; the increments are atomic on PostgreSQL,
  two sessions at once lose no count; and since every writer takes its row locks last and in
  that one order, writers never deadlock — those of different stations meet on the rows of
  their county, city and province, each holding them only from its upsert to its commit.
- A row whose counts all fall to 0 is deleted, so the rollup holds exactly the rows a GROUP
  BY over the incidents gives."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import Area, Incident, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES, ROLLUP_LEVELS, RollupGrain

RowKey = tuple[str, str, date]  # (area_id, grain, first_day)
Place = tuple[str, str]  # (level, path) of a rollup area
_COUNTED = frozenset(str(level) for level in ROLLUP_LEVELS)
_CHUNK = 500


def month_of(day: date) -> date:
    return day.replace(day=1)


def _bump(insert_for: Callable[..., Any]) -> Any:
    statement = insert_for(IncidentCount)
    return statement.on_conflict_do_update(
        index_elements=["area_id", "grain", "first_day"],
        set_={
            c: getattr(IncidentCount, c) + getattr(statement.excluded, c) for c in ROLLUP_CATEGORIES
        },
    )


_BUMP = per_dialect(_bump)


def _all_zero() -> Any:
    return and_(*(getattr(IncidentCount, c) == 0 for c in ROLLUP_CATEGORIES))


@dataclass
class RowDeltas:
    """Changes to rollup rows themselves: (area, grain, first_day) → category → delta."""

    counts: dict[RowKey, dict[str, int]] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # area_id → (level, path)

    def add(self, key: RowKey, place: Place, category: str, delta: int) -> None:
        if category not in ROLLUP_CATEGORIES:
            raise ValueError(f"unknown incident category {category!r}")
        row = self.counts.setdefault(key, {})
        row[category] = row.get(category, 0) + delta
        self.places[key[0]] = place

    async def write(self, session: AsyncSession) -> int:
        """Upsert the non-zero changes in key order; returns how many rows changed."""
        changes = sorted((key, row) for key, row in self.counts.items() if any(row.values()))
        rows = [
            {
                "area_id": area_id,
                "grain": grain,
                "first_day": first_day,
                "level": self.places[area_id][0],
                "area_path": self.places[area_id][1],
                **{c: row.get(c, 0) for c in ROLLUP_CATEGORIES},
            }
            for (area_id, grain, first_day), row in changes
        ]
        statement = for_session(_BUMP, session)
        for start in range(0, len(rows), _CHUNK):
            await session.execute(statement, rows[start : start + _CHUNK])
        lowered = [key for key, row in changes if any(n < 0 for n in row.values())]
        if lowered:
            await _drop_empty(session, lowered)
        self.counts.clear()
        return len(rows)


async def _drop_empty(session: AsyncSession, keys: list[RowKey]) -> None:
    """Rows whose counts all fell to 0 (among the areas and days just lowered) go."""
    areas = sorted({area_id for area_id, _, _ in keys})
    days = sorted({first_day for _, _, first_day in keys})
    for start in range(0, len(areas), _CHUNK):
        for low in range(0, len(days), _CHUNK):
            await session.execute(
                delete(IncidentCount).where(
                    _all_zero(),
                    IncidentCount.area_id.in_(areas[start : start + _CHUNK]),
                    IncidentCount.first_day.in_(days[low : low + _CHUNK]),
                )
            )


async def places_on(session: AsyncSession, paths: Iterable[str]) -> dict[str, Place]:
    """The rollup areas (of ROLLUP_LEVELS) among the segments of these paths."""
    ids = sorted({s for path in paths for s in path.split("/") if s})
    out: dict[str, Place] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = await session.execute(
            select(Area.id, Area.level, Area.path).where(
                Area.id.in_(ids[start : start + _CHUNK]), Area.level.in_(_COUNTED)
            )
        )
        out.update({area_id: (level, path) for area_id, level, path in rows.all()})
    return out


Key = tuple[date, str, str, str]  # (day, area_id, area_path, category)


@dataclass
class RollupDeltas:
    """The incident changes of one unit of work, as +1/−1 per (day, place, category); applied
    to every level above the place and to both grains at once."""

    counts: dict[Key, int] = field(default_factory=dict)

    def add(self, day: date, area_id: str, area_path: str, category: str, delta: int) -> None:
        key = (day, area_id, area_path, category)
        self.counts[key] = self.counts.get(key, 0) + delta

    def count_in(self, incident: Incident | dict[str, object], delta: int = 1) -> None:
        """+1 (or `delta`) for an incident row (an object or the dict about to be inserted)."""
        get = incident.get if isinstance(incident, dict) else incident.__getattribute__
        self.add(get("day"), get("area_id"), get("area_path"), get("category"), delta)  # type: ignore[arg-type]

    async def apply(self, session: AsyncSession) -> int:
        """Write the changes to the rollup; returns how many rollup rows changed."""
        changes = {key: n for key, n in self.counts.items() if n}
        places = await places_on(session, (path for _, _, path, _ in changes))
        rows = RowDeltas()
        for (day, _area_id, path, category), delta in changes.items():
            for segment in path.split("/"):
                place = places.get(segment)
                if place is None:
                    continue
                rows.add((segment, RollupGrain.day.value, day), place, category, delta)
                rows.add((segment, RollupGrain.month.value, month_of(day)), place, category, delta)
        self.counts.clear()
        return await rows.write(session)

"""Writing one chunk of good 110 rows: new 警情 inserted, changed ones updated, each change of
day, place or category moved in the rollup (−1 old, +1 new) in the same unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import SHANGHAI, now
from jinghutong.core.ids import new_id
from jinghutong.models import Area, Incident, IncidentSource
from jinghutong.statistics.incidents.columns import ParsedIncident
from jinghutong.statistics.incidents.repository import IncidentRepository
from jinghutong.statistics.incidents.rollup import RollupDeltas
from jinghutong.statistics.incidents.schemas import IncidentImportReport

# Read from the row each time; a blank cell (None) leaves what is stored, as the household
# import does — an export without 到达时间 does not erase the times an earlier one gave.
_OPTIONAL = ("subcategory", "address", "result", "accepted_at", "arrived_at")
_ALWAYS = ("reported_at", "day", "area_id", "area_path", "category", "mapped_from")
_COUNTED = ("day", "area_id", "category")


@dataclass
class GoodRow:
    parsed: ParsedIncident
    area: Area
    category: str
    mapped_from: str

    def values(self) -> dict[str, Any]:
        p = self.parsed
        return {
            "reported_at": p.reported_at,
            "day": china_day(p.reported_at),
            "area_id": self.area.id,
            "area_path": self.area.path,
            "category": self.category,
            "mapped_from": self.mapped_from,
            "subcategory": p.subkind,
            "address": p.address,
            "result": p.result,
            "accepted_at": p.accepted_at,
            "arrived_at": p.arrived_at,
        }


def china_day(moment: datetime) -> Any:
    return moment.astimezone(SHANGHAI).date()


def changes_for(incident: Incident, values: dict[str, Any]) -> dict[str, Any]:
    out = {k: values[k] for k in _ALWAYS if values[k] != getattr(incident, k)}
    for name in _OPTIONAL:
        if values[name] is not None and values[name] != getattr(incident, name):
            out[name] = values[name]
    return out


def _new_row(station: Area, row: GoodRow, created_at: datetime) -> dict[str, Any]:
    values = row.values()
    for name in ("subcategory", "address", "result"):
        values[name] = values[name] or ""
    return {
        "id": new_id(),
        "created_at": created_at,
        "station_id": station.id,
        "source": IncidentSource.imported.value,
        "number": row.parsed.number,
        "case_id": None,
        **values,
    }


async def write_chunk(
    session: AsyncSession,
    station: Area,
    rows: list[GoodRow],
    report: IncidentImportReport,
    deltas: RollupDeltas,
) -> None:
    if not rows:
        return
    repo = IncidentRepository(session)
    existing = await repo.by_numbers(
        station.id, IncidentSource.imported, (r.parsed.number for r in rows)
    )
    created: list[dict[str, Any]] = []
    stamp = now()
    for row in rows:
        incident = existing.get(row.parsed.number)
        if incident is None:
            created.append(_new_row(station, row, stamp))
            continue
        changes = changes_for(incident, row.values())
        if not changes:
            report.unchanged += 1
            continue
        report.updated += 1
        if report.dry_run:
            continue
        if any(k in changes for k in (*_COUNTED, "area_path")):
            deltas.count_in(incident, -1)
        for name, value in changes.items():
            setattr(incident, name, value)
        if any(k in changes for k in (*_COUNTED, "area_path")):
            deltas.count_in(incident, +1)
    report.created += len(created)
    if report.dry_run:
        return
    await session.flush()
    await repo.insert_many(created)
    for values in created:
        deltas.count_in(values, +1)

"""What an operator runs on the server: `jinghutong statistics rebuild [--station]`."""

from __future__ import annotations

from dataclasses import dataclass

from jinghutong.core.db import Database
from jinghutong.models import Area, AreaLevel
from jinghutong.statistics.incidents.auth import StationNotFound
from jinghutong.statistics.incidents.check import incident_total
from jinghutong.statistics.incidents.rebuild import rebuild


@dataclass(frozen=True)
class Rebuilt:
    scope: str  # the station's name, or 全部
    rows: int  # rollup rows now held
    incidents: int  # incidents they count


async def rebuild_rollup(db: Database, station_id: str | None = None) -> Rebuilt:
    """Recompute the rollup (every level, both grains) of one station — and move the rows
    above it by the difference — or of everything, from the raw incidents, in one unit of
    work (rebuild.py)."""
    async with db.session() as session:
        prefix, scope = "/", "全部"
        if station_id is not None:
            station = await session.get(Area, station_id)
            if station is None or station.level != AreaLevel.station:
                raise StationNotFound("找不到这个派出所编号（--station 应为派出所的区域 id）")
            prefix, scope = station.path, station.name
        rows = await rebuild(session, prefix)
        incidents = await incident_total(session, prefix)
    return Rebuilt(scope, rows, incidents)

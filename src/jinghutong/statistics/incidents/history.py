"""A changed mapping applied to the 警情 already recorded (only when the admin asks for it).

The incidents decided by the mapping row (source, kind) — `mapped_from` — are locked, their
rollup counts moved −1 old, +1 new, and their category set, all in the caller's unit of
work. Rows are taken by id after locking them, so a 110 import committing meanwhile (which
read the mapping before the change) keeps its own rows and their counts consistent."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Incident
from jinghutong.statistics.incidents.categories import CASE, IMPORTED
from jinghutong.statistics.incidents.rollup import RollupDeltas

_RECORDED = (CASE, IMPORTED)  # the sources that have incidents of their own
_CHUNK = 500


async def decided_count(session: AsyncSession, source: str, kind: str, category: str) -> int:
    """The incidents the row (source, kind) decided whose category is not `category`."""
    if source not in _RECORDED:
        return 0
    counted = select(func.count()).select_from(_decided(source, kind, category).subquery())
    return (await session.scalar(counted)) or 0


def _decided(source: str, kind: str, category: str):
    return select(
        Incident.id, Incident.day, Incident.area_id, Incident.area_path, Incident.category
    ).where(Incident.source == source, Incident.mapped_from == kind, Incident.category != category)


async def apply_to_history(session: AsyncSession, source: str, kind: str, category: str) -> int:
    """Move those incidents to `category`; returns how many moved."""
    if source not in _RECORDED:
        return 0
    locked = (
        await session.execute(
            _decided(source, kind, category).order_by(Incident.id).with_for_update()
        )
    ).all()
    deltas = RollupDeltas()
    for row in locked:
        deltas.add(row.day, row.area_id, row.area_path, row.category, -1)
        deltas.add(row.day, row.area_id, row.area_path, category, +1)
    ids = [row.id for row in locked]
    for start in range(0, len(ids), _CHUNK):
        await session.execute(
            update(Incident)
            .where(Incident.id.in_(ids[start : start + _CHUNK]))
            .values(category=category)
            .execution_options(synchronize_session=False)
        )
    await deltas.apply(session)
    return len(ids)

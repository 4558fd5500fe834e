"""The ledger as other points packages use it (rewards, redemptions, the 光荣榜): the one way to
write an entry, and balances. Keep these signatures: other packages call them.

- `append_entry` writes with INSERT … ON CONFLICT DO NOTHING on (person_id, award_key): a
  replay, a retried job or a second worker gets the entry already written back, never a second
  one ("一案一奖"). Give every entry an award_key that names what it is for (`redemption:<id>`,
  `refund:<id>`, `claim:<id>` …); an entry without one can be written twice.
- A balance is a sum of entries. A household's balance pools what its members earned while in
  it: every entry carries the household the person stood in when it was written (`standing`),
  and the household's balance is the sum of the entries carrying it — a member who moves away
  leaves those points with the household they were earned in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import now
from jinghutong.core.ids import new_id
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import PointsEntry
from jinghutong.points.people import standing

_INSERT_ONCE = per_dialect(
    lambda insert: (
        insert(PointsEntry)
        .on_conflict_do_nothing(index_elements=["person_id", "award_key"])
        .returning(PointsEntry.id)
    )
)


async def append_entry(session: AsyncSession, **fields: Any) -> PointsEntry:
    """Write one ledger entry, or return the one already written under the same
    (person_id, award_key). Fields are PointsEntry's: person_id, event_kind, points,
    source_type, source_id, reason (plain Chinese for the villager), award_key, and optionally
    rule_id and approved_by. household_id and area_path default to where the person stands
    now (points.people.standing); pass them to stamp another place."""
    values = dict(fields)
    if "household_id" not in values or "area_path" not in values:
        where = await standing(session, values["person_id"])
        values.setdefault("household_id", where.household_id)
        values.setdefault("area_path", where.area_path)
    values.setdefault("id", new_id())
    values.setdefault("created_at", now())
    inserted = await session.scalar(for_session(_INSERT_ONCE, session).values(**values))
    if inserted is None:  # written before (a replay, another worker): that entry stands
        existing = await session.scalar(
            select(PointsEntry).where(
                PointsEntry.person_id == values["person_id"],
                PointsEntry.award_key == values["award_key"],
            )
        )
        assert existing is not None
        return existing
    entry = await session.get(PointsEntry, inserted)
    assert entry is not None
    return entry


async def balance(session: AsyncSession, person_id: str) -> int:
    """The person's points: the sum of every entry of theirs (holds for redemptions included)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.person_id == person_id
        )
    )
    return int(total or 0)


async def household_balance(session: AsyncSession, household_id: str) -> int:
    """The household's pooled points: the sum of the entries written while members stood in it."""
    total = await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.household_id == household_id
        )
    )
    return int(total or 0)

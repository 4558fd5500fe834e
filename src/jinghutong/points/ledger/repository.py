"""Every ledger query: month sums for the caps, award keys already written, a person's entries,
the sweep's cursors, and the per-person lock that keeps caps true under concurrent awards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import now
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import PointsCursor, PointsEntry

_NEW_CURSOR = per_dialect(
    lambda insert: insert(PointsCursor).on_conflict_do_nothing(index_elements=["source"])
)


class LedgerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_person(self, person_id: str) -> None:
        """Until this unit of work ends, nobody else awards this person (PostgreSQL: a
        transaction-scoped advisory lock; SQLite writes one transaction at a time anyway).
        Caps are read after it, so two awards at once cannot both take the last points."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": f"points:{person_id}"},
            )

    async def by_key(self, person_id: str, award_key: str) -> PointsEntry | None:
        return await self.session.scalar(
            select(PointsEntry).where(
                PointsEntry.person_id == person_id, PointsEntry.award_key == award_key
            )
        )

    async def keys_written(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Those of the (person_id, award_key) pairs already in the ledger."""
        wanted = set(pairs)
        if not wanted:
            return set()
        keys = sorted({key for _, key in wanted})
        found: set[tuple[str, str]] = set()
        for start in range(0, len(keys), 500):
            rows = await self.session.execute(
                select(PointsEntry.person_id, PointsEntry.award_key).where(
                    PointsEntry.award_key.in_(keys[start : start + 500])
                )
            )
            found.update((p, k) for p, k in rows.all() if k is not None and (p, k) in wanted)
        return found

    async def earned_since(
        self, person_id: str, since: datetime, kinds: Iterable[str]
    ) -> dict[str, int]:
        """Points earned per kind since `since`, among `kinds` (what the caps count)."""
        rows = await self.session.execute(
            select(PointsEntry.event_kind, func.sum(PointsEntry.points))
            .where(
                PointsEntry.person_id == person_id,
                PointsEntry.created_at >= since,
                PointsEntry.event_kind.in_(sorted(kinds)),
            )
            .group_by(PointsEntry.event_kind)
        )
        return {kind: int(total or 0) for kind, total in rows.all()}

    async def page(self, person_id: str, before_id: str | None, limit: int) -> list[PointsEntry]:
        """The person's entries, newest first (ids follow creation time)."""
        query = select(PointsEntry).where(PointsEntry.person_id == person_id)
        if before_id is not None:
            query = query.where(PointsEntry.id < before_id)
        rows = await self.session.scalars(query.order_by(PointsEntry.id.desc()).limit(limit))
        return list(rows.all())

    async def cursor_for_update(self, source: str) -> PointsCursor:
        """The sweep's cursor for `source`, locked until the unit of work ends: a second sweep
        of the same source waits, then reads where the first one left off."""
        await self.session.execute(
            for_session(_NEW_CURSOR, self.session).values(
                source=source, last_id="", updated_at=now()
            )
        )
        cursor = await self.session.scalar(
            select(PointsCursor)
            .where(PointsCursor.source == source)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert cursor is not None
        return cursor

"""Every rule-book query: a station's active book and its rules, a new version, where a person
or an area belongs."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import now
from jinghutong.core.ids import new_id
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import Area, AreaLevel, PointsRule, PointsRuleBook

_NEW_BOOK = per_dialect(
    lambda insert: (
        insert(PointsRuleBook)
        .on_conflict_do_nothing(index_elements=["station_id", "version"])
        .returning(PointsRuleBook.id)
    )
)


class RuleBookRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active(self, station_id: str) -> PointsRuleBook | None:
        return await self.session.scalar(
            select(PointsRuleBook)
            .where(PointsRuleBook.station_id == station_id, PointsRuleBook.active.is_(True))
            .order_by(PointsRuleBook.version.desc())
            .limit(1)
        )

    async def rules(self, book_id: str) -> list[PointsRule]:
        rows = await self.session.scalars(
            select(PointsRule).where(PointsRule.book_id == book_id).order_by(PointsRule.id)
        )
        return list(rows.all())

    async def last_version(self, station_id: str) -> int:
        found = await self.session.scalar(
            select(func.max(PointsRuleBook.version)).where(PointsRuleBook.station_id == station_id)
        )
        return int(found or 0)

    async def add_version(
        self,
        station_id: str,
        version: int,
        monthly_cap: int | None,
        created_by: str | None,
        note: str | None,
    ) -> str | None:
        """Insert version `version` of the station's book, or None when another writer made
        that version first (the unique (station, version) decides; on PostgreSQL this waits
        for the other writer's commit)."""
        values = {
            "id": new_id(),
            "created_at": now(),
            "station_id": station_id,
            "version": version,
            "monthly_cap": monthly_cap,
            "created_by": created_by,
            "note": note,
            "active": True,
        }
        return await self.session.scalar(for_session(_NEW_BOOK, self.session).values(**values))

    async def retire_others(self, station_id: str, book_id: str) -> None:
        await self.session.execute(
            update(PointsRuleBook)
            .where(PointsRuleBook.station_id == station_id, PointsRuleBook.id != book_id)
            .values(active=False)
        )

    async def add_rules(self, rules: list[PointsRule]) -> None:
        self.session.add_all(rules)
        await self.session.flush()

    async def station_of(self, path: str) -> Area | None:
        """The station at or above the area at `path`."""
        ids = [segment for segment in path.split("/") if segment]
        if not ids:
            return None
        return await self.session.scalar(
            select(Area).where(Area.id.in_(ids), Area.level == AreaLevel.station)
        )

    async def station(self, station_id: str) -> Area | None:
        area = await self.session.get(Area, station_id)
        return area if area is not None and area.level == AreaLevel.station else None

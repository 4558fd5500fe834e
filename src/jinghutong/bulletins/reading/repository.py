"""Queries for the feed, read receipts, statistics and the unread-household list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import Area, Bulletin, BulletinStatus, Delivery, Household

VISIBLE_IN_FEED = (BulletinStatus.sending, BulletinStatus.sent, BulletinStatus.cancelled)
STATUSES = (
    "pending",
    "sent",
    "failed",
    "refused",
    "no_quota",
    "cancelled",
    "waiting_for_quota",
    "feed_only",
)


class ReadingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def feed(
        self, person_id: str, before: str | None, limit: int
    ) -> list[tuple[Bulletin, datetime | None]]:
        query = (
            select(Bulletin, Delivery.read_at)
            .join(Delivery, Delivery.bulletin_id == Bulletin.id)
            .where(Delivery.person_id == person_id, Bulletin.status.in_(VISIBLE_IN_FEED))
        )
        if before:
            query = query.where(Delivery.bulletin_id < before)
        query = query.order_by(Delivery.bulletin_id.desc()).limit(limit)
        return [(b, r) for b, r in (await self.session.execute(query)).all()]

    async def delivery(self, bulletin_id: str, person_id: str) -> Delivery | None:
        return await self.session.get(Delivery, (bulletin_id, person_id))

    async def mark_read(self, bulletin_id: str, person_id: str, now: datetime) -> None:
        await self.session.execute(
            update(Delivery)
            .where(
                Delivery.bulletin_id == bulletin_id,
                Delivery.person_id == person_id,
                Delivery.read_at.is_(None),
            )
            .values(read_at=now)
            .execution_options(synchronize_session=False)
        )

    def _counts(self) -> list[Any]:
        columns: list[Any] = [func.count().label("targeted")]
        for status in STATUSES:
            columns.append(func.count(case((Delivery.status == status, 1))).label(status))
        columns.append(func.count(Delivery.read_at).label("read"))
        return columns

    async def totals(self, bulletin_id: str) -> dict[str, int]:
        query = select(*self._counts()).where(Delivery.bulletin_id == bulletin_id)
        return dict((await self.session.execute(query)).one()._mapping)

    async def by_village(self, bulletin_id: str) -> list[dict[str, Any]]:
        query = (
            select(Delivery.village_id, Area.name, *self._counts())
            .outerjoin(Area, Area.id == Delivery.village_id)
            .where(Delivery.bulletin_id == bulletin_id)
            .group_by(Delivery.village_id, Area.name)
            .order_by(Area.name)
        )
        return [dict(row._mapping) for row in (await self.session.execute(query)).all()]

    async def unread_households(
        self,
        bulletin_id: str,
        reached: Select[Any],
        scope: list[str],
        after: str | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Households the bulletin reached within `scope` where nobody has read it yet."""
        reached_ids = reached.subquery()
        delivered = select(Delivery.household_id).where(Delivery.bulletin_id == bulletin_id)
        read = delivered.where(Delivery.read_at.is_not(None))
        query = (
            select(
                Household.id.label("household_id"),
                Household.address,
                Household.head_name,
                Household.area_id,
                func.count(Delivery.person_id).label("members_reached"),
            )
            .outerjoin(
                Delivery,
                and_(Delivery.household_id == Household.id, Delivery.bulletin_id == bulletin_id),
            )
            .where(
                or_(Household.id.in_(select(reached_ids.c[0])), Household.id.in_(delivered)),
                within(Household.area_path, scope),
                Household.id.not_in(read),
            )
            .group_by(Household.id, Household.address, Household.head_name, Household.area_id)
            .order_by(Household.id)
            .limit(limit)
        )
        if after:
            query = query.where(Household.id > after)
        return [dict(row._mapping) for row in (await self.session.execute(query)).all()]

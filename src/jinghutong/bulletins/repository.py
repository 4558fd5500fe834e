"""Queries on bulletins and deliveries shared by authoring, delivery and reading."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import Bulletin, BulletinStatus, Delivery, DeliveryStatus

# Deliveries still to be sent: due now or later, or waiting for the next day's WeChat budget.
UNFINISHED = (DeliveryStatus.pending, DeliveryStatus.waiting_for_quota)


class BulletinRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, bulletin_id: str) -> Bulletin | None:
        return await self.session.get(Bulletin, bulletin_id)

    async def page(
        self,
        person_id: str,
        scope: list[str],
        status: str | None,
        before: str | None,
        limit: int,
    ) -> list[Bulletin]:
        """The caller's own bulletins and those reaching into their scope, newest first."""
        query = select(Bulletin).where(
            or_(Bulletin.author_id == person_id, within(Bulletin.reach_path, scope))
        )
        if status:
            query = query.where(Bulletin.status == status)
        if before:
            query = query.where(Bulletin.id < before)
        query = query.order_by(Bulletin.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def has_deliveries(self, bulletin_id: str) -> bool:
        query = select(exists().where(Delivery.bulletin_id == bulletin_id))
        return bool(await self.session.scalar(query))

    async def cancel_pending(self, bulletin_id: str) -> int:
        result = await self.session.execute(
            update(Delivery)
            .where(Delivery.bulletin_id == bulletin_id, Delivery.status.in_(UNFINISHED))
            .values(status=DeliveryStatus.cancelled)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def finish_done(self, now: datetime, ids: list[str] | None = None) -> int:
        """Released bulletins (they have delivery rows) with no pending delivery become sent.
        A bulletin is `sending` from publish on, but its rows appear only when the release job
        has run: without the first condition an idle loop would finish it before it began."""
        released = select(Delivery.bulletin_id).where(Delivery.bulletin_id == Bulletin.id)
        pending = released.where(Delivery.status.in_(UNFINISHED))
        query = update(Bulletin).where(
            Bulletin.status == BulletinStatus.sending, exists(released), ~exists(pending)
        )
        if ids is not None:
            query = query.where(Bulletin.id.in_(ids))
        result = await self.session.execute(
            query.values(status=BulletinStatus.sent, finished_at=now).execution_options(
                synchronize_session=False
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def count_by_status(self, bulletin_id: str) -> dict[str, int]:
        rows = await self.session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.bulletin_id == bulletin_id)
            .group_by(Delivery.status)
        )
        return {status: int(n) for status, n in rows.all()}

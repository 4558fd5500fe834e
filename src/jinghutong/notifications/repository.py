"""Queries for notifications and subscription quotas."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import direct
from jinghutong.models import Notification, Person, SubscriptionQuota


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add_all(self, rows: list[Notification]) -> list[Notification]:
        """Added to the unit of work; written by its next flush."""
        self.session.add_all(rows)
        return rows

    async def get(self, notification_id: str) -> Notification | None:
        return await self.session.get(Notification, notification_id)

    async def page_for(self, person_id: str, before: str | None, limit: int) -> list[Notification]:
        """Newest first; `before` is the id the previous page ended with."""
        query = select(Notification).where(Notification.person_id == person_id)
        if before:
            query = query.where(Notification.id < before)
        query = query.order_by(Notification.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def openids(self, person_ids: Iterable[str]) -> dict[str, str]:
        rows = await self.session.execute(
            select(Person.id, Person.openid).where(
                Person.id.in_(list(person_ids)), Person.openid.is_not(None)
            )
        )
        return {pid: openid for pid, openid in rows.all() if openid}


# Built once: every notification runs it (construction costs more CPU than the query).
# On the table, not the mapped class, run straight on the driver (core.direct).
_QUOTAS = SubscriptionQuota.__table__.c
_QUOTA_HOLDERS = select(_QUOTAS.person_id).where(
    _QUOTAS.person_id.in_(bindparam("people", expanding=True)),
    _QUOTAS.template_id == bindparam("template"),
    or_(_QUOTAS.remaining > 0, _QUOTAS.long_term.is_(True)),
)


class QuotaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def holders(self, person_ids: Iterable[str], template_id: str) -> set[str]:
        """Who among `person_ids` may receive one more message of `template_id`."""
        people = list(person_ids)
        if not people:
            return set()
        await direct.flush_pending(self.session)
        found = await direct.rows(
            self.session, _QUOTA_HOLDERS, {"people": people, "template": template_id}
        )
        return {person_id for (person_id,) in found}

    async def get(self, person_id: str, template_id: str) -> SubscriptionQuota | None:
        return await self.session.get(SubscriptionQuota, (person_id, template_id))

    async def get_or_add(self, person_id: str, template_id: str) -> SubscriptionQuota:
        quota = await self.get(person_id, template_id)
        if quota is None:
            quota = SubscriptionQuota(
                person_id=person_id, template_id=template_id, remaining=0, long_term=False
            )
            self.session.add(quota)
            await self.session.flush()
        return quota

    async def spend(self, person_id: str, template_id: str) -> bool:
        """Take one message from the quota (a no-op for long-term); False when there is none.
        One conditional UPDATE, so two workers never spend the same one-time quota."""
        key = (SubscriptionQuota.person_id == person_id) & (
            SubscriptionQuota.template_id == template_id
        )
        quota = await self.session.scalar(select(SubscriptionQuota).where(key))
        if quota is not None and quota.long_term:
            return True
        result = await self.session.execute(
            update(SubscriptionQuota)
            .where(key, SubscriptionQuota.remaining > 0)
            .values(remaining=SubscriptionQuota.remaining - 1)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def clear(self, person_id: str, template_id: str) -> None:
        await self.session.execute(
            update(SubscriptionQuota)
            .where(
                SubscriptionQuota.person_id == person_id,
                SubscriptionQuota.template_id == template_id,
            )
            .values(remaining=0, long_term=False)
            .execution_options(synchronize_session=False)
        )

"""Queries for notifications and subscription quotas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import JSON, Integer, String, Table, bindparam, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock, direct
from jinghutong.core.ids import new_id
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models import Job, JobState, Notification, Person, SubscriptionQuota

_INSERT_NOTIFICATIONS = insert(cast(Table, Notification.__table__))


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert(self, rows: list[dict[str, Any]]) -> None:
        """Whole rows, one INSERT, sent with the unit of work's next round trip (core.direct):
        no objects (their construction and the session's bookkeeping cost more than the
        INSERT). What the unit of work added before (a person) is flushed first."""
        await direct.flush_pending(self.session)
        await direct.defer_rows(self.session, _INSERT_NOTIFICATIONS, rows)

    async def get(self, notification_id: str) -> Notification | None:
        return await self.session.get(Notification, notification_id)

    async def page_for(self, person_id: str, before: str | None, limit: int) -> list[Notification]:
        """Newest first; `before` is the id the previous page ended with."""
        query = select(Notification).where(Notification.person_id == person_id)
        if before:
            query = query.where(Notification.id < before)
        query = query.order_by(Notification.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())


# Built once: every notification runs it (construction costs more CPU than the query).
# On the tables, not the mapped classes, run straight on the driver (core.direct).
_QUOTAS, _PERSONS = SubscriptionQuota.__table__, Person.__table__
_JOBS = cast(Table, Job.__table__)
_PUSH_IF_REACHABLE = insert(_JOBS).from_select(
    ["id", "kind", "payload", "state", "due_at", "attempts", "created_at"],
    select(
        bindparam("id", type_=ID),
        bindparam("kind", type_=String),
        bindparam("payload", type_=JSON),
        literal(JobState.pending.value, String),
        bindparam("at", type_=UTCDateTime),
        literal(0, Integer),
        bindparam("at", type_=UTCDateTime),
    )
    .select_from(_PERSONS.join(_QUOTAS, _QUOTAS.c.person_id == _PERSONS.c.id))
    .where(
        _PERSONS.c.id == bindparam("person_id"),
        _PERSONS.c.openid.is_not(None),
        _QUOTAS.c.template_id == bindparam("template"),
        or_(_QUOTAS.c.remaining > 0, _QUOTAS.c.long_term.is_(True)),
    ),
    include_defaults=False,
)


class QuotaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def push_if_reachable(
        self, rows: Iterable[dict[str, Any]], template_id: str, job_kind: str
    ) -> None:
        """A `job_kind` job per notification whose person can be sent one more message of
        `template_id` (quota left or long-term, and an openid). The INSERT itself decides,
        with the unit of work's other writes (deferred: no round trip of its own)."""
        await direct.flush_pending(self.session)  # a quota or person just added counts
        at = clock.now()
        for row in rows:
            values = {
                "id": new_id(),
                "kind": job_kind,
                "payload": {"notification_id": row["id"]},
                "at": at,
                "person_id": row["person_id"],
                "template": template_id,
            }
            await direct.defer(self.session, _PUSH_IF_REACHABLE, values)

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

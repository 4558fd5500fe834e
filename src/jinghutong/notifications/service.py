"""Telling people things: an in-app row always, a WeChat subscribe message where quota allows.

`notify()` runs inside the caller's unit of work, so nothing is told about a change that did
not commit; the pushes are jobs (one per recipient) that become visible only on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import TEMPLATE_ID
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.notifications.repository import NotificationRepository, QuotaRepository
from jinghutong.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    QuotaOut,
    SubscribeAnswer,
    SubscriptionsOut,
)
from jinghutong.notifications.templates import LONG_TERM_TEMPLATES, push_spec, template_name

PUSH_JOB = "notifications.push"


async def notify(
    session: AsyncSession,
    person_ids: Iterable[str],
    kind: str,
    title: str,
    body: str = "",
    link: str | None = None,
) -> list[str]:
    """One in-app notification per person; a push job for those with quota and an openid.
    Returns the notifications' ids. Written within the caller's unit of work (core.direct:
    on PostgreSQL with its next round trip), so nothing is told about a change that does not
    commit."""
    recipients = list(dict.fromkeys(person_ids))
    if not recipients:
        return []
    at = clock.now()
    ids = [new_id() for _ in recipients]
    rows: list[dict[str, Any]] = [
        {
            "id": row_id,
            "person_id": pid,
            "kind": kind,
            "title": title[:100],
            "body": body[:500],
            "link": link,
            "read_at": None,
            "pushed_at": None,
            "created_at": at,
        }
        for row_id, pid in zip(ids, recipients, strict=True)
    ]
    await NotificationRepository(session).insert(rows)
    spec = push_spec(kind)
    if spec is not None:
        await QuotaRepository(session).push_if_reachable(rows, spec.template_id, PUSH_JOB)
    return ids


async def list_mine(
    session: AsyncSession, person_id: str, cursor: str | None, limit: int
) -> NotificationPage:
    rows = await NotificationRepository(session).page_for(person_id, cursor, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return NotificationPage(
        items=[NotificationOut.model_validate(r) for r in rows],
        next_cursor=rows[-1].id if more else None,
    )


async def mark_read(session: AsyncSession, person_id: str, notification_id: str) -> NotificationOut:
    row = await NotificationRepository(session).get(notification_id)
    if row is None or row.person_id != person_id:
        raise NotFound("没有找到这条通知")
    if row.read_at is None:
        row.read_at = clock.now()
        await session.flush()
    return NotificationOut.model_validate(row)


async def record_subscriptions(
    session: AsyncSession, person_id: str, results: dict[str, SubscribeAnswer]
) -> SubscriptionsOut:
    """accept → one more message (or long-term); reject ends a long-term subscription; ban (the
    template switched off in WeChat's settings) ends it and every one-time quota left."""
    bad = [t for t in results if not TEMPLATE_ID.fullmatch(t)]
    if bad:
        raise ValidationFailed(fields={"results": "模板编号格式不正确"})
    quotas = QuotaRepository(session)
    out: list[QuotaOut] = []
    for wechat_id, answer in results.items():
        template_id = template_name(wechat_id)  # the phone answers with the console's ids
        quota = await quotas.get_or_add(person_id, template_id)
        if answer == "accept" and template_id in LONG_TERM_TEMPLATES:
            quota.long_term = True
        elif answer == "accept":
            quota.remaining += 1
        elif answer == "reject":
            quota.long_term = False
        elif answer == "ban":
            # The user turned this template off in WeChat's settings: WeChat would answer
            # 43101 to anything we send, so no quota is left on our side either.
            quota.long_term, quota.remaining = False, 0
        out.append(
            QuotaOut(template_id=wechat_id, remaining=quota.remaining, long_term=quota.long_term)
        )
    await session.flush()
    return SubscriptionsOut(quotas=out)

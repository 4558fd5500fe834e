"""The delivery loop's queries: claim due rows (SKIP LOCKED on PostgreSQL), record outcomes in
a few set-based statements, spend or clear subscription quotas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.integrations.wechat.quota import Priority
from jinghutong.models import (
    Bulletin,
    BulletinStatus,
    Delivery,
    DeliveryStatus,
    Person,
    SubscriptionQuota,
)

WARNING_CATEGORY = "风险提示"
_t = cast(Table, Delivery.__table__)
_q = cast(Table, SubscriptionQuota.__table__)


@dataclass(frozen=True)
class Claimed:
    bulletin_id: str
    person_id: str
    attempts: int
    openid: str | None = None
    has_quota: bool = False
    # The WeChat budget this row's message was taken from (integrations/wechat/quota.py).
    priority: Priority = Priority.routine
    quota_day: str = ""


@dataclass(frozen=True)
class Sending:
    """A bulletin being sent: what the budget needs to know about it."""

    id: str
    priority: Priority
    feed_only_when_short: bool


def by_bulletin(rows: list[Claimed]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        out[row.bulletin_id].append(row.person_id)
    return out


def bulletin_priority(category: str) -> Priority:
    """风险提示 is the warning (as in its CAP form, bulletins/cap.py); every other category is
    routine 宣传."""
    return Priority.warning if category == WARNING_CATEGORY else Priority.routine


async def sending(session: AsyncSession) -> list[Sending]:
    rows = await session.execute(
        select(Bulletin.id, Bulletin.category, Bulletin.feed_only_when_short).where(
            Bulletin.status == BulletinStatus.sending
        )
    )
    return [Sending(i, bulletin_priority(c), bool(f)) for i, c, f in rows.all()]


# Yesterday's waiting rows first (they are older), then what is due today.
CLAIMABLE = (DeliveryStatus.waiting_for_quota, DeliveryStatus.pending)


async def claim(
    session: AsyncSession,
    now: datetime,
    lease_until: datetime,
    limit: int,
    template_id: str,
    bulletin_ids: list[str] | None = None,
) -> list[Claimed]:
    """Due pending (or waiting, now due) rows of sending bulletins — of `bulletin_ids` only
    when given — leased to this worker until `lease_until` and pending again."""
    rows: list[Claimed] = []
    for status in CLAIMABLE:
        if len(rows) >= limit:
            break
        due = (
            select(Delivery.bulletin_id, Delivery.person_id, Delivery.attempts)
            .join(Bulletin, Bulletin.id == Delivery.bulletin_id)
            .where(
                Delivery.status == status,
                Delivery.due_at <= now,
                Bulletin.status == BulletinStatus.sending,
            )
            .order_by(Delivery.due_at)
            .limit(limit - len(rows))
            .with_for_update(skip_locked=True, of=Delivery)
        )
        if bulletin_ids is not None:
            due = due.where(Delivery.bulletin_id.in_(bulletin_ids))
        rows += [Claimed(b, p, a) for b, p, a in (await session.execute(due)).all()]
    if not rows:
        return []
    for bulletin_id, person_ids in by_bulletin(rows).items():
        await session.execute(
            update(_t)
            .where(_t.c.bulletin_id == bulletin_id, _t.c.person_id.in_(person_ids))
            .values(due_at=lease_until, status=DeliveryStatus.pending)
        )
    quota = select(SubscriptionQuota.person_id).where(
        SubscriptionQuota.person_id == Person.id,
        SubscriptionQuota.template_id == template_id,
        or_(SubscriptionQuota.remaining > 0, SubscriptionQuota.long_term.is_(True)),
    )
    people = await session.execute(
        select(Person.id, Person.openid, exists(quota)).where(
            Person.id.in_({r.person_id for r in rows})
        )
    )
    found = {pid: (openid, bool(q)) for pid, openid, q in people.all()}
    return [
        Claimed(r.bulletin_id, r.person_id, r.attempts, *found.get(r.person_id, (None, False)))
        for r in rows
    ]


async def set_aside(
    session: AsyncSession, rows: list[Claimed], status: DeliveryStatus, due: datetime | None
) -> None:
    """Rows the day's budget could not carry: waiting until `due`, or feed_only (no attempt
    was made, so `attempts` stays)."""
    await _update(session, rows, [DeliveryStatus.pending], {"status": status, "due_at": due})


async def mark(
    session: AsyncSession,
    rows: list[Claimed],
    status: DeliveryStatus,
    now: datetime,
    error: str | None = None,
) -> None:
    """One UPDATE per bulletin. A message that went is `sent` even if the bulletin was
    cancelled meanwhile; other outcomes touch only rows still pending."""
    allowed = [DeliveryStatus.pending]
    values: dict[str, Any] = {"status": status, "error": error, "attempts": _t.c.attempts + 1}
    if status == DeliveryStatus.sent:
        allowed.append(DeliveryStatus.cancelled)
        values["sent_at"] = now
    if status == DeliveryStatus.no_quota:
        values["attempts"] = _t.c.attempts
    await _update(session, rows, allowed, values)


async def _update(
    session: AsyncSession,
    rows: list[Claimed],
    allowed: list[DeliveryStatus],
    values: dict[str, Any],
) -> None:
    """One UPDATE per bulletin of `rows` still in one of the `allowed` states."""
    for bulletin_id, person_ids in by_bulletin(rows).items():
        await session.execute(
            update(_t)
            .where(
                _t.c.bulletin_id == bulletin_id,
                _t.c.person_id.in_(person_ids),
                _t.c.status.in_(allowed),
            )
            .values(**values)
        )


async def mark_each(session: AsyncSession, items: list[dict[str, Any]]) -> None:
    """Per-row outcomes (retry times, failure reasons): one executemany.
    Each item: b_ (bulletin), p_ (person), s_ (status), e_ (error), d_ (due_at)."""
    if not items:
        return
    await session.execute(
        update(_t)
        .where(
            _t.c.bulletin_id == bindparam("b_"),
            _t.c.person_id == bindparam("p_"),
            _t.c.status == DeliveryStatus.pending,
        )
        .values(
            status=bindparam("s_"),
            error=bindparam("e_"),
            due_at=bindparam("d_"),
            attempts=_t.c.attempts + 1,
        ),
        items,
    )


async def spend_quotas(session: AsyncSession, person_ids: list[str], template_id: str) -> None:
    """One message of each one-time quota is used (long-term subscriptions stay)."""
    if person_ids:
        await session.execute(
            update(_q)
            .where(
                _q.c.template_id == template_id,
                _q.c.person_id.in_(person_ids),
                _q.c.long_term.is_(False),
                _q.c.remaining > 0,
            )
            .values(remaining=_q.c.remaining - 1)
        )


async def clear_quotas(session: AsyncSession, person_ids: list[str], template_id: str) -> None:
    """WeChat answered 43101: it holds no quota for these people, so neither do we."""
    if person_ids:
        await session.execute(
            update(_q)
            .where(_q.c.template_id == template_id, _q.c.person_id.in_(person_ids))
            .values(remaining=0, long_term=False)
        )


# Fewer new rows than this leave the planner's picture of the table about right.
ANALYZE_AFTER_ROWS = 1000


async def refresh_statistics(session: AsyncSession, made: int) -> None:
    """After a release, PostgreSQL's statistics still describe the table before it: it then
    guesses a handful of pending rows for the new bulletin, and every outcome UPDATE (bulletin,
    250 persons, still pending) scans all its pending rows through (bulletin_id, status) instead
    of 250 primary-key lookups — 42 ms per UPDATE at 100,000 rows, so the fan-out slowed as it
    went. ANALYZE samples the table (this transaction's new rows included) in a fraction of a
    second; SQLite plans these statements by its indexes alone."""
    if made >= ANALYZE_AFTER_ROWS and session.get_bind().dialect.name == "postgresql":
        await session.execute(text("ANALYZE deliveries"))


async def bulletin_heads(session: AsyncSession, ids: list[str]) -> list[Bulletin]:
    return list((await session.scalars(select(Bulletin).where(Bulletin.id.in_(ids)))).all())

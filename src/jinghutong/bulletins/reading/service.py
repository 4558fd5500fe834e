"""The villager's feed and read receipts; the officer's statistics; the 联户长's list of
households that have not read an important bulletin (so they can go and tell them)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.audience import resolve
from jinghutong.bulletins.authoring.service import checked_audience, load
from jinghutong.bulletins.errors import BulletinNotFound, NotImportant, NotRecipient
from jinghutong.bulletins.reading.repository import VISIBLE_IN_FEED, ReadingRepository
from jinghutong.bulletins.repository import BulletinRepository
from jinghutong.bulletins.schemas import (
    FeedItem,
    FeedPage,
    ReadOut,
    StatsOut,
    UnreadHousehold,
    UnreadPage,
    VillageCounts,
)
from jinghutong.core import clock
from jinghutong.identity.access import scope_paths
from jinghutong.models import Person, Role


async def feed(session: AsyncSession, me: Person, cursor: str | None, limit: int) -> FeedPage:
    rows = await ReadingRepository(session).feed(me.id, cursor, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        FeedItem(
            id=b.id,
            category=b.category,
            title=b.title,
            body=b.body,
            cover_media_id=b.cover_media_id,
            voice_media_id=b.voice_media_id,
            important=b.important,
            published_at=b.published_at,
            expires_at=b.expires_at,
            withdrawn=b.status == "cancelled",
            read_at=read_at,
        )
        for b, read_at in rows
    ]
    return FeedPage(items=items, next_cursor=rows[-1][0].id if more else None)


async def mark_read(session: AsyncSession, me: Person, bulletin_id: str) -> ReadOut:
    repo = ReadingRepository(session)
    bulletin = await BulletinRepository(session).get(bulletin_id)
    delivery = await repo.delivery(bulletin_id, me.id)
    if bulletin is None or delivery is None or bulletin.status not in VISIBLE_IN_FEED:
        raise NotRecipient()
    if delivery.read_at is None:
        await repo.mark_read(bulletin_id, me.id, clock.now())
        await session.refresh(delivery)
    assert delivery.read_at is not None
    return ReadOut(bulletin_id=bulletin_id, read_at=delivery.read_at)


async def stats(session: AsyncSession, me: Person, bulletin_id: str) -> StatsOut:
    bulletin = await load(session, me, bulletin_id)
    repo = ReadingRepository(session)
    totals = await repo.totals(bulletin.id)
    villages = [
        VillageCounts(village_name=row.pop("name"), **row)
        for row in await repo.by_village(bulletin.id)
    ]
    return StatsOut(status=bulletin.status, by_village=villages, **totals)


async def unread_households(
    session: AsyncSession, me: Person, bulletin_id: str, cursor: str | None, limit: int
) -> UnreadPage:
    """Within the caller's own area (a 联户长: their micro-grid), reached households where no
    member has opened the bulletin. Only important bulletins are followed up this way."""
    scope = await scope_paths(session, me.id, tuple(Role))
    bulletin = await BulletinRepository(session).get(bulletin_id)
    if not scope or bulletin is None or bulletin.status not in VISIBLE_IN_FEED:
        raise BulletinNotFound()
    if not bulletin.important:
        raise NotImportant()
    checked = await checked_audience(session, bulletin.author_id, bulletin)
    rows = await ReadingRepository(session).unread_households(
        bulletin.id, resolve.households(checked), scope, cursor, limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return UnreadPage(
        items=[UnreadHousehold(**r) for r in rows],
        next_cursor=rows[-1]["household_id"] if more else None,
    )

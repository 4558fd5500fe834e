"""Handling a 社情民意 item: a handler over its place writes what was done, once."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.governance import trail
from jinghutong.governance.sentiment import views
from jinghutong.governance.sentiment.errors import AlreadyHandled, NotAHandler
from jinghutong.governance.sentiment.schemas import HandleIn, SentimentDetail
from jinghutong.governance.sentiment.service import load_visible
from jinghutong.integrations.storage import Storage
from jinghutong.models import Person, RecordType, SentimentStatus


async def handle(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    me: Person,
    item_id: str,
    body: HandleIn,
) -> SentimentDetail:
    # The row lock orders two handlers at once: the second finds it handled (409).
    item, who = await load_visible(session, me.id, item_id, for_update=True)
    if not who.handler:
        raise NotAHandler()
    if item.status == SentimentStatus.handled:
        raise AlreadyHandled()
    item.status = SentimentStatus.handled
    item.handled_note = body.note
    item.handled_at = clock.now()
    await session.flush()
    await trail.append(
        session, RecordType.sentiment, item.id, me.id, "handled", {"note": body.note}
    )
    return await views.detail(session, storage, settings, item, who, me.id)

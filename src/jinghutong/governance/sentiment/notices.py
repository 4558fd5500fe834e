"""Telling the area officer about an urgent 社情民意 item: in-app always, a subscribe message
where quota allows (the case-progress template, as petitions and hazards use it)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, SentimentItem
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import register_progress

DETAIL_PAGE = "pages/sentiments/detail"
URGENT = "sentiment.urgent"
register_progress({URGENT: "紧急民情"})


def link_for(item_id: str) -> str:
    return f"{DETAIL_PAGE}?id={item_id}"


async def tell_urgent(
    session: AsyncSession, officers: list[str], item: SentimentItem, village: Area | None
) -> None:
    where = village.name if village else ""
    title = f"紧急社情民意：{where}".rstrip("：")
    body = " ".join(item.text.split())[:100] or "[语音/照片]"
    await notify(session, officers, URGENT, title, body, link_for(item.id))

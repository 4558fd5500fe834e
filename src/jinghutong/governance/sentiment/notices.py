"""Telling the area officer about an urgent 社情民意 item: in-app always, a subscribe message
where quota allows (the case-progress template, as petitions and hazards use it)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, Notification, SentimentItem
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import register_push, thing, wechat_time

PROGRESS_TEMPLATE = "tmpl_case_progress"
DETAIL_PAGE = "pages/sentiments/detail"
URGENT = "sentiment.urgent"


def link_for(item_id: str) -> str:
    return f"{DETAIL_PAGE}?id={item_id}"


def _urgent(notification: Notification) -> dict[str, str]:
    link = notification.link or ""
    return {
        "thing1": thing(notification.title),
        "time2": wechat_time(notification),
        "phrase3": "紧急民情",
        "thing4": thing(notification.body),
        "character_string5": link.rsplit("=", 1)[-1][:32] if "=" in link else "-",
    }


register_push(URGENT, PROGRESS_TEMPLATE, _urgent)


async def tell_urgent(
    session: AsyncSession, officers: list[str], item: SentimentItem, village: Area | None
) -> None:
    where = village.name if village else ""
    title = f"紧急社情民意：{where}".rstrip("：")
    body = " ".join(item.text.split())[:100] or "[语音/照片]"
    await notify(session, officers, URGENT, title, body, link_for(item.id))

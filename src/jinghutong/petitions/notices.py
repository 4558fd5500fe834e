"""Telling people about petitions: in-app always, a subscribe message where quota allows.

Pushes use the case-progress template (事项, 时间, 状态, 说明, 编号): the field values are cut
to WeChat's rules here so WeChat never answers 47003."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Notification, Petition
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import Builder, register_push, thing, wechat_time

PROGRESS_TEMPLATE = "tmpl_case_progress"
DETAIL_PAGE = "pages/petitions/detail"

# kind → the 状态 phrase (≤ 5 Chinese characters).
PHRASES = {
    "petition.new": "新来信",
    "petition.followed_up": "有追问",
    "petition.assigned": "请办理",
    "petition.replied": "已答复",
    "petition.closed": "已办结",
    "petition.overdue": "已超期",
}


def link_for(petition_id: str) -> str:
    return f"{DETAIL_PAGE}?id={petition_id}"


def _number(notification: Notification) -> str:
    link = notification.link or ""
    return link.rsplit("=", 1)[-1][:32] if "=" in link else "-"


def _builder(phrase: str) -> Builder:
    def build(notification: Notification) -> dict[str, str]:
        return {
            "thing1": thing(notification.title),
            "time2": wechat_time(notification),
            "phrase3": phrase,
            "thing4": thing(notification.body),
            "character_string5": _number(notification),
        }

    return build


for _kind, _phrase in PHRASES.items():
    register_push(_kind, PROGRESS_TEMPLATE, _builder(_phrase))


async def tell(
    session: AsyncSession,
    person_ids: Iterable[str | None],
    kind: str,
    petition: Petition,
    body: str,
) -> None:
    recipients = [p for p in person_ids if p]
    title = f"所长直通车：{petition.subject}"
    await notify(session, recipients, kind, title, body, link_for(petition.id))

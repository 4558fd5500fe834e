"""Telling people about petitions: in-app always, a subscribe message where quota allows.

Pushes use the case-progress template (事项, 时间, 状态, 说明, 编号): the field values are cut
to WeChat's rules by notifications.templates.register_progress so WeChat never answers 47003."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Petition
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import register_progress

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


register_progress(PHRASES)


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

"""Telling people about disputes: in-app always, a subscribe message where quota allows (the
case-progress template, as petitions and hazards use it), and a notice owed by phone to a
roster member it is handed to (governance.roster.api.owe_phone_notice) — a village mediator
often has no WeChat."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.governance.disputes.repository import PlacesRepository
from jinghutong.governance.roster.api import owe_phone_notice
from jinghutong.models import DISPUTE_CATEGORY_NAMES, Dispute, DisputeCategory, Notification
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import Builder, register_push, thing, wechat_time

PROGRESS_TEMPLATE = "tmpl_case_progress"
DETAIL_PAGE = "pages/disputes/detail"

# kind → the 状态 phrase of the push (≤ 5 Chinese characters).
PHRASES = {
    "dispute.recorded": "新纠纷",
    "dispute.assigned": "请调处",
    "dispute.settled": "已调解",
    "dispute.failed": "调解不成",
    "dispute.overdue": "交办超期",
    "dispute.follow_up_due": "请回访",
    "dispute.closed": "已结案",
}


def link_for(dispute_id: str) -> str:
    return f"{DETAIL_PAGE}?id={dispute_id}"


def _builder(phrase: str) -> Builder:
    def build(notification: Notification) -> dict[str, str]:
        link = notification.link or ""
        return {
            "thing1": thing(notification.title),
            "time2": wechat_time(notification),
            "phrase3": phrase,
            "thing4": thing(notification.body),
            "character_string5": link.rsplit("=", 1)[-1][:32] if "=" in link else "-",
        }

    return build


for _kind, _phrase in PHRASES.items():
    register_push(_kind, PROGRESS_TEMPLATE, _builder(_phrase))


def shanghai(at: datetime) -> str:
    return at.astimezone(clock.SHANGHAI).strftime("%Y年%m月%d日 %H:%M")


def category_name(dispute: Dispute) -> str:
    return DISPUTE_CATEGORY_NAMES.get(DisputeCategory(dispute.category), dispute.category)


async def tell(
    session: AsyncSession,
    person_ids: Iterable[str | None],
    kind: str,
    dispute: Dispute,
    body: str,
    *,
    skip: str | None = None,
) -> None:
    """One notice per person (not the one acting), linking to the dispute."""
    recipients = [p for p in dict.fromkeys(person_ids) if p and p != skip]
    title = f"{category_name(dispute)}：{dispute.summary}"
    await notify(session, recipients, kind, title, body, link_for(dispute.id))


async def village_people(session: AsyncSession, dispute: Dispute) -> list[str]:
    """The village's 村警 and the area officers over the dispute's place."""
    return await PlacesRepository(session).holders_over(
        ["village_police", "area_officer"], dispute.area_path
    )


async def tell_assignee(
    session: AsyncSession,
    dispute: Dispute,
    kind: str,
    body: str,
    created_by: str,
    *,
    others: Iterable[str | None] = (),
    skip: str | None = None,
) -> None:
    """The assignee (and `others`, once each): in the app if they have an account; by phone
    (a notice owed) if the assignee is on the roster."""
    member = await PlacesRepository(session).member(dispute.assignee_member_id)
    account = dispute.assignee_id or (member.person_id if member else None)
    await tell(session, [account, *others], kind, dispute, body, skip=skip)
    if member is not None:
        await owe_phone_notice(
            session,
            subject=("dispute", dispute.id),
            text=f"【矛盾纠纷 {dispute.number}】{body}",
            created_by=created_by,
            member=member,
        )

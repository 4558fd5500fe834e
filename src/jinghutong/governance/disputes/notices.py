"""Telling people about disputes: in-app always, a subscribe message where quota allows (the
case-progress template, as petitions and hazards use it), and a notice owed by phone to a
roster member it is handed to (governance.roster.api.owe_phone_notice) — a village mediator
often has no WeChat. The phrases, titles and texts are the disputes'; the rest is
governance.notices."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.notices import tell_once_each
from jinghutong.governance.repository import PlacesRepository
from jinghutong.governance.roster.api import owe_phone_notice
from jinghutong.models import DISPUTE_CATEGORY_NAMES, Dispute, DisputeCategory
from jinghutong.notifications.templates import register_progress

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


register_progress(PHRASES)


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
    title = f"{category_name(dispute)}：{dispute.summary}"
    await tell_once_each(session, person_ids, kind, title, body, link_for(dispute.id), skip=skip)


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

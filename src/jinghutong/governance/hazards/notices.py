"""Telling people about hazards: in-app always, a subscribe message where quota allows (the
case-progress template, as petitions use it), and a notice owed by phone to whoever must act
without a WeChat account (governance.roster.api.owe_phone_notice). The phrases, titles and
texts are the hazards'; the rest is governance.notices."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.notices import shanghai, tell_once_each
from jinghutong.governance.roster.api import owe_phone_notice
from jinghutong.models import HAZARD_GRADE_NAMES, Hazard, HazardGrade, RosterMember
from jinghutong.notifications.templates import register_progress

DETAIL_PAGE = "pages/hazards/detail"

# kind → the 状态 phrase of the push (≤ 5 Chinese characters).
PHRASES = {
    "hazard.reported": "新隐患",
    "hazard.severe": "重大隐患",
    "hazard.notified": "请整改",
    "hazard.rectified": "待验收",
    "hazard.accepted": "验收通过",
    "hazard.rejected": "需重新整改",
    "hazard.closed": "已销号",
    "hazard.overdue": "整改超期",
}


def link_for(hazard_id: str) -> str:
    return f"{DETAIL_PAGE}?id={hazard_id}"


register_progress(PHRASES)


def grade_name(hazard: Hazard) -> str:
    return HAZARD_GRADE_NAMES.get(HazardGrade(hazard.grade), hazard.grade)


async def tell(
    session: AsyncSession,
    person_ids: Iterable[str | None],
    kind: str,
    hazard: Hazard,
    body: str,
    *,
    skip: str | None = None,
) -> None:
    """One notice per person (not the one acting), linking to the hazard."""
    title = f"{grade_name(hazard)}隐患：{hazard.title}"
    await tell_once_each(session, person_ids, kind, title, body, link_for(hazard.id), skip=skip)


async def owe_by_phone(
    session: AsyncSession,
    hazard: Hazard,
    text: str,
    created_by: str | None,
    *,
    member: RosterMember | None = None,
) -> None:
    """The responsible roster member or named contact is owed this by phone (`created_by`
    None: the system, e.g. the overdue sweep)."""
    if member is None and hazard.responsible_name is None:
        return
    await owe_phone_notice(
        session,
        subject=("hazard", hazard.id),
        text=f"【安全隐患 {hazard.number}】{text}",
        created_by=created_by,
        member=member,
        name=hazard.responsible_name,
        phone=hazard.responsible_phone,
    )


def rectify_text(hazard: Hazard, where: str, note: str | None) -> str:
    assert hazard.deadline_at is not None
    text = (
        f"{where}发现{grade_name(hazard)}隐患“{hazard.title}”，"
        f"请于{shanghai(hazard.deadline_at)}前完成整改。"
    )
    return text + (f"整改要求：{note}" if note else "")

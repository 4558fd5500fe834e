"""The rectification workflow of a hazard:

reported ─notify→ notified ─report-rectified→ rectified ─accept→ accepted ─close→ closed
                     ↑                            │
                     └──────────reject────────────┘
reported / notified ─close (dismissed: 误报 · 重复 · 已不存在)→ closed
any open state ─regrade→ the same state, another grade

Every action locks the hazard row first (changes and trail appends happen one at a time),
answers 404 to those who may not see it and 403 to those who see it but may not act, checks
the state (409, naming both), then the body (422), and moves the fields together with one
trail event. `due_at` (the escalation clock, tasks.py) runs from notify/reject to
report-rectified/close."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.governance import trail
from jinghutong.governance.hazards import notices, views
from jinghutong.governance.hazards.auth import MEDIA_SUBJECT, Standing, standing
from jinghutong.governance.hazards.errors import (
    DeadlineOutOfRange,
    MayNotReportRectified,
    NotAHandler,
    OwnRectification,
    SameGrade,
    WrongState,
)
from jinghutong.governance.hazards.repository import OPEN_STATUSES, PlacesRepository
from jinghutong.governance.hazards.responsible import (
    assign_responsible,
    tell_responsible,
    where_of,
)
from jinghutong.governance.hazards.schemas import (
    DISMISS_REASON_NAMES,
    AcceptIn,
    CloseIn,
    HazardDetail,
    NotifyIn,
    RectifiedIn,
    RegradeIn,
    RejectIn,
)
from jinghutong.governance.hazards.service import load_visible
from jinghutong.governance.notices import shanghai
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import claim_media
from jinghutong.models import (
    HAZARD_GRADE_NAMES,
    HAZARD_STATUS_NAMES,
    Hazard,
    HazardGrade,
    HazardStatus,
    RecordType,
    Role,
)

MAX_DEADLINE = timedelta(days=366)
DISMISSABLE = frozenset({HazardStatus.reported, HazardStatus.notified})
Media = tuple[Storage, Settings]


async def _load(session: AsyncSession, person_id: str, hazard_id: str) -> tuple[Hazard, Standing]:
    return await load_visible(session, person_id, hazard_id, for_update=True)


def _handler(who: Standing) -> None:
    if not who.handler:
        raise NotAHandler()


def _state(hazard: Hazard, allowed: Collection[HazardStatus], what: str) -> None:
    if hazard.status not in allowed:
        now = HAZARD_STATUS_NAMES[HazardStatus(hazard.status)]
        raise WrongState(f"{what}（这条隐患当前：{now}）")


def _deadline(at: datetime) -> datetime:
    now = clock.now()
    if at <= now:
        raise DeadlineOutOfRange(fields={"deadline_at": "整改期限须晚于现在"})
    if at > now + MAX_DEADLINE:
        raise DeadlineOutOfRange(fields={"deadline_at": "整改期限不能超过一年"})
    return at


async def _append(
    session: AsyncSession, hazard: Hazard, actor_id: str, action: str, detail: dict[str, Any]
) -> None:
    clean = {k: v for k, v in detail.items() if v not in (None, "", [])}
    await trail.append(session, RecordType.hazard, hazard.id, actor_id, action, clean)


async def _last_actor(session: AsyncSession, hazard: Hazard, actions: set[str]) -> str | None:
    for event in reversed(await trail.events(session, RecordType.hazard, hazard.id)):
        if event.action in actions:
            return event.actor_id
    return None


async def _answer(
    session: AsyncSession, media: Media, hazard: Hazard, person_id: str
) -> HazardDetail:
    who = await standing(session, person_id, hazard)
    return await views.detail(session, *media, hazard, who, person_id)


async def _regrade(
    session: AsyncSession, hazard: Hazard, grade: HazardGrade | None, actor_id: str
) -> dict[str, str]:
    """Set a new grade; a hazard that becomes 重大 is told to the officer and chief at once."""
    if grade is None or grade == hazard.grade:
        return {}
    before = hazard.grade
    hazard.grade = grade
    if grade == HazardGrade.severe:
        people = await PlacesRepository(session).holders_over(
            [Role.area_officer, Role.chief], hazard.area_path
        )
        body = f"已核定为重大隐患（原为{HAZARD_GRADE_NAMES[HazardGrade(before)]}）"
        await notices.tell(session, people, "hazard.severe", hazard, body, skip=actor_id)
    return {"grade_from": before, "grade_to": grade}


async def notify(
    session: AsyncSession, media: Media, person_id: str, hazard_id: str, body: NotifyIn
) -> HazardDetail:
    """告知整改: who must act and by when (the grade checked on the way)."""
    hazard, who = await _load(session, person_id, hazard_id)
    _handler(who)
    _state(hazard, {HazardStatus.reported}, "只有刚登记的隐患可以告知整改")
    hazard.deadline_at = hazard.due_at = _deadline(body.deadline_at)
    named = await assign_responsible(session, hazard, body)
    graded = await _regrade(session, hazard, body.grade, person_id)
    hazard.status = HazardStatus.notified
    detail = {"responsible": named, "deadline_at": body.deadline_at.isoformat(), "note": body.note}
    await _append(session, hazard, person_id, "notified", {**detail, **graded})
    text = notices.rectify_text(hazard, await where_of(session, hazard), body.note)
    await tell_responsible(session, hazard, person_id, "hazard.notified", text)
    return await _answer(session, media, hazard, person_id)


async def report_rectified(
    session: AsyncSession, media: Media, person_id: str, hazard_id: str, body: RectifiedIn
) -> HazardDetail:
    """整改上报: what was done, with photos; the clock stops."""
    hazard, who = await _load(session, person_id, hazard_id)
    if not who.may_report_rectified:
        raise MayNotReportRectified()
    _state(hazard, {HazardStatus.notified}, "只有整改中的隐患可以上报整改")
    claimed = await claim_media(session, person_id, body.media_ids, MEDIA_SUBJECT, hazard.id)
    hazard.status = HazardStatus.rectified
    hazard.rectified_at = clock.now()
    hazard.due_at = None
    media_ids = [m.id for m in claimed]
    await _append(
        session, hazard, person_id, "rectified", {"text": body.text, "media_ids": media_ids}
    )
    places = PlacesRepository(session)
    people = await places.holders_over([Role.village_police], hazard.area_path)
    notifier = await _last_actor(session, hazard, {"notified", "rejected"})
    text = body.text or "已上报整改照片"
    await notices.tell(
        session, [*people, notifier], "hazard.rectified", hazard, text, skip=person_id
    )
    return await _answer(session, media, hazard, person_id)


async def accept(
    session: AsyncSession, media: Media, person_id: str, hazard_id: str, body: AcceptIn
) -> HazardDetail:
    """验收通过, by someone other than who reported the rectification."""
    hazard, who = await _load(session, person_id, hazard_id)
    _handler(who)
    _state(hazard, {HazardStatus.rectified}, "只有待验收的隐患可以验收")
    rectifier = await _last_actor(session, hazard, {"rectified"})
    if rectifier == person_id:
        raise OwnRectification()
    hazard.status = HazardStatus.accepted
    hazard.accepted_at = clock.now()
    await _append(session, hazard, person_id, "accepted", {"note": body.note})
    recipients = [hazard.reporter_id, hazard.responsible_person_id, rectifier]
    text = body.note or "整改已验收通过"
    await notices.tell(session, recipients, "hazard.accepted", hazard, text, skip=person_id)
    return await _answer(session, media, hazard, person_id)


async def reject(
    session: AsyncSession, media: Media, person_id: str, hazard_id: str, body: RejectIn
) -> HazardDetail:
    """验收不通过: back to rectification with the reason and a new deadline."""
    hazard, who = await _load(session, person_id, hazard_id)
    _handler(who)
    _state(hazard, {HazardStatus.rectified}, "只有待验收的隐患可以验收")
    hazard.deadline_at = hazard.due_at = _deadline(body.deadline_at)
    rectifier = await _last_actor(session, hazard, {"rectified"})
    hazard.status = HazardStatus.notified
    hazard.rectified_at = None
    detail = {"reason": body.reason, "deadline_at": body.deadline_at.isoformat()}
    await _append(session, hazard, person_id, "rejected", detail)
    note = (
        f"“{hazard.title}”整改验收未通过：{body.reason}。"
        f"请于{shanghai(body.deadline_at)}前重新整改。"
    )
    await tell_responsible(session, hazard, person_id, "hazard.rejected", note)
    await notices.tell(session, [rectifier], "hazard.rejected", hazard, note, skip=person_id)
    return await _answer(session, media, hazard, person_id)


async def close(
    session: AsyncSession, media: Media, person_id: str, hazard_id: str, body: CloseIn
) -> HazardDetail:
    """销号 after acceptance, with evidence; or 撤销 a false, duplicate or vanished one."""
    hazard, who = await _load(session, person_id, hazard_id)
    _handler(who)
    if body.dismissed:
        _state(hazard, DISMISSABLE, "只有已登记或整改中的隐患可以撤销")
    else:
        _state(hazard, {HazardStatus.accepted}, "验收通过后才能销号")
    claimed = await claim_media(session, person_id, body.media_ids, MEDIA_SUBJECT, hazard.id)
    was_notified = hazard.status == HazardStatus.notified
    hazard.status = HazardStatus.closed
    hazard.closed_at = clock.now()
    hazard.due_at = None
    detail: dict[str, Any] = {"note": body.note, "media_ids": [m.id for m in claimed]}
    if body.dismissed:
        await _dismissed(session, hazard, person_id, body, detail, was_notified)
    else:
        await _append(session, hazard, person_id, "closed", detail)
        recipients = [hazard.reporter_id, hazard.responsible_person_id]
        text = body.note or "隐患已销号"
        await notices.tell(session, recipients, "hazard.closed", hazard, text, skip=person_id)
    return await _answer(session, media, hazard, person_id)


async def _dismissed(
    session: AsyncSession,
    hazard: Hazard,
    person_id: str,
    body: CloseIn,
    detail: dict[str, Any],
    was_notified: bool,
) -> None:
    assert body.reason is not None
    reason = DISMISS_REASON_NAMES[body.reason]
    detail = {**detail, "reason": body.reason, "reason_name": reason}
    await _append(session, hazard, person_id, "dismissed", detail)
    if was_notified:  # whoever was told to act need not any more
        told = f"“{hazard.title}”已撤销（{reason}），无需再整改。"
        await tell_responsible(session, hazard, person_id, "hazard.closed", told)
    text = f"隐患已撤销（{reason}）"
    await notices.tell(session, [hazard.reporter_id], "hazard.closed", hazard, text, skip=person_id)


async def regrade(
    session: AsyncSession, media: Media, person_id: str, hazard_id: str, body: RegradeIn
) -> HazardDetail:
    """调整等级 of an open hazard, with the reason (notify may also set the grade)."""
    hazard, who = await _load(session, person_id, hazard_id)
    _handler(who)
    _state(hazard, OPEN_STATUSES, "已销号的隐患不能再调整等级")
    if body.grade == hazard.grade:
        raise SameGrade(fields={"grade": "与当前等级相同"})
    graded = await _regrade(session, hazard, body.grade, person_id)
    await _append(session, hazard, person_id, "regraded", {**graded, "reason": body.reason})
    return await _answer(session, media, hazard, person_id)

"""Turning hazards into what each reader sees: Chinese names beside the codes, phones masked,
who is responsible, the media by stage; the trail, links and notices owed by phone the way
every governance register shows them (governance.views)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.masking import mask_phone
from jinghutong.governance import trail
from jinghutong.governance.hazards.auth import MEDIA_SUBJECT, Standing
from jinghutong.governance.hazards.repository import (
    OPEN_STATUSES,
    PlacesRepository,
)
from jinghutong.governance.hazards.schemas import (
    DISMISS_REASON_NAMES,
    DismissReason,
    EventOut,
    HazardDetail,
    HazardMediaOut,
    HazardOut,
    ResponsibleOut,
)
from jinghutong.governance.media import media_shown
from jinghutong.governance.views import (
    links_out,
    location,
    person_out,
    phone_notices_out,
    staged_media,
    trail_out,
    village_ref,
)
from jinghutong.integrations.storage import Storage
from jinghutong.models import (
    HAZARD_GRADE_NAMES,
    HAZARD_KIND_NAMES,
    HAZARD_STATUS_NAMES,
    POSITION_NAMES,
    Area,
    GovernanceEvent,
    Hazard,
    HazardGrade,
    HazardKind,
    HazardStatus,
    Household,
    Person,
    RosterMember,
    RosterPosition,
)

ACTION_NAMES = {
    "reported": "登记隐患",
    "notified": "告知整改",
    "regraded": "调整等级",
    "rectified": "上报整改",
    "accepted": "验收通过",
    "rejected": "验收不通过",
    "closed": "销号",
    "dismissed": "撤销",
    "overdue": "整改超期，上报上级",
}
# Which event put a media item on the hazard: the stage it belongs to.
MEDIA_STAGES = {"reported": "reported", "rectified": "rectified", "closed": "closed"}


@dataclass(frozen=True)
class Around:
    """What the summaries of a page need, read once for the page."""

    persons: dict[str, Person]
    households: dict[str, Household]
    villages: dict[str, Area]


async def around(session: AsyncSession, hazards: list[Hazard]) -> Around:
    places = PlacesRepository(session)
    return Around(
        persons=await places.persons(h.reporter_id for h in hazards),
        households=await places.households(h.household_id for h in hazards),
        villages=await places.villages_on(h.area_path for h in hazards),
    )


def where(hazard: Hazard, household: Household | None) -> str:
    parts = [household.address if household else "", hazard.place or ""]
    return " · ".join(p for p in parts if p)


def is_overdue(hazard: Hazard) -> bool:
    return (
        hazard.status == HazardStatus.notified
        and hazard.deadline_at is not None
        and hazard.deadline_at < clock.now()
    )


def summary(hazard: Hazard, ctx: Around) -> HazardOut:
    reporter = person_out(ctx.persons.get(hazard.reporter_id), hazard.reporter_id)
    assert reporter is not None
    return HazardOut(
        id=hazard.id,
        number=hazard.number,
        kind=HazardKind(hazard.kind),
        kind_name=HAZARD_KIND_NAMES[HazardKind(hazard.kind)],
        grade=HazardGrade(hazard.grade),
        grade_name=HAZARD_GRADE_NAMES[HazardGrade(hazard.grade)],
        title=hazard.title,
        status=HazardStatus(hazard.status),
        status_name=HAZARD_STATUS_NAMES[HazardStatus(hazard.status)],
        village=village_ref(hazard.area_path, ctx.villages),
        area_id=hazard.area_id,
        household_id=hazard.household_id,
        where=where(hazard, ctx.households.get(hazard.household_id or "")),
        reporter=reporter,
        deadline_at=hazard.deadline_at,
        overdue=is_overdue(hazard),
        escalation_level=hazard.escalation_level,
        created_at=hazard.created_at,
    )


async def summaries(session: AsyncSession, hazards: list[Hazard]) -> list[HazardOut]:
    ctx = await around(session, hazards)
    return [summary(h, ctx) for h in hazards]


async def responsible(session: AsyncSession, hazard: Hazard) -> ResponsibleOut | None:
    places = PlacesRepository(session)
    if hazard.responsible_person_id:
        person = (await places.persons([hazard.responsible_person_id])).get(
            hazard.responsible_person_id
        )
        return ResponsibleOut(
            kind="person",
            id=hazard.responsible_person_id,
            name=person.name if person else "",
            phone=mask_phone(person.phone) if person else None,
            has_wechat=bool(person and person.openid),
        )
    if hazard.responsible_member_id:
        member = await places.member(hazard.responsible_member_id)
        return _member_out(member, hazard.responsible_member_id)
    if hazard.responsible_name:
        return ResponsibleOut(
            kind="contact",
            name=hazard.responsible_name,
            phone=mask_phone(hazard.responsible_phone),
            has_wechat=False,
        )
    return None


def _member_out(member: RosterMember | None, member_id: str) -> ResponsibleOut:
    if member is None:
        return ResponsibleOut(kind="member", id=member_id, name="", has_wechat=False)
    title = member.title or POSITION_NAMES.get(RosterPosition(member.position), member.position)
    return ResponsibleOut(
        kind="member",
        id=member.id,
        name=member.name,
        title=title,
        phone=mask_phone(member.phone),
        has_wechat=member.person_id is not None,
    )


async def _media(
    session: AsyncSession,
    media: tuple[Storage, Settings],
    hazard: Hazard,
    events: list[GovernanceEvent],
    who: Standing,
    person_id: str,
) -> list[HazardMediaOut]:
    stages = {m: "reported" for m in hazard.media_ids or []}
    for event in events:
        for media_id in (event.detail or {}).get("media_ids", []):
            stages.setdefault(media_id, MEDIA_STAGES.get(event.action, "reported"))
    return await staged_media(
        session,
        media,
        (MEDIA_SUBJECT, hazard.id),
        stages,
        "reported",
        lambda m: media_shown(m, who, person_id),
        HazardMediaOut,
    )


def _dismissed_reason(events: list[GovernanceEvent]) -> str | None:
    for event in reversed(events):
        if event.action == "dismissed":
            reason = (event.detail or {}).get("reason", "")
            return DISMISS_REASON_NAMES.get(DismissReason(reason)) if reason else None
    return None


async def detail(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    hazard: Hazard,
    who: Standing,
    person_id: str,
) -> HazardDetail:
    events = await trail.events(session, "hazard", hazard.id)
    ctx = await around(session, [hazard])
    ctx.persons.update(await PlacesRepository(session).persons(e.actor_id for e in events))
    status = HazardStatus(hazard.status)
    is_open = status in OPEN_STATUSES
    return HazardDetail(
        **summary(hazard, ctx).model_dump(),
        description=hazard.description,
        place=hazard.place,
        location=location(hazard.lat, hazard.lng),
        responsible=await responsible(session, hazard),
        due_at=hazard.due_at,
        rectified_at=hazard.rectified_at,
        accepted_at=hazard.accepted_at,
        closed_at=hazard.closed_at,
        dismissed_reason=_dismissed_reason(events),
        media=await _media(session, (storage, settings), hazard, events, who, person_id),
        trail=trail_out(events, ctx.persons, ACTION_NAMES, EventOut),
        trail_intact=trail.verify(events),
        links=await links_out(session, "hazard", hazard.id),
        phone_notices=await phone_notices_out(session, "hazard", hazard.id),
        can_notify=who.handler and status == HazardStatus.reported,
        can_report_rectified=who.may_report_rectified and status == HazardStatus.notified,
        can_accept=who.handler and status == HazardStatus.rectified,
        can_close=who.handler and status == HazardStatus.accepted,
        can_dismiss=who.handler and status in (HazardStatus.reported, HazardStatus.notified),
        can_regrade=who.handler and is_open,
    )

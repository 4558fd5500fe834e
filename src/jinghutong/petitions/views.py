"""Turning petitions into what each reader may see."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import Area, Petition, PetitionEvent, PetitionMessage, PetitionStatus
from jinghutong.petitions.auth import Standing
from jinghutong.petitions.repository import WAITING, PeopleRepository, PetitionRepository
from jinghutong.petitions.schemas import (
    AreaRef,
    EventOut,
    MessageOut,
    PersonRef,
    PetitionDetail,
    PetitionOut,
)

STATUS_NAMES = {
    PetitionStatus.open: "待所长阅处",
    PetitionStatus.assigned: "已交办民警",
    PetitionStatus.answered: "已答复",
    PetitionStatus.closed: "已办结",
}
# What the chief writes to the officer stays between them.
STAFF_ONLY_DETAIL = frozenset({"note"})
ROLE_LABELS = {"chief": "所长", "officer": "承办民警"}


def is_overdue(petition: Petition) -> bool:
    return (
        petition.deadline_at is not None
        and petition.deadline_at < clock.now()
        and petition.status in WAITING
    )


def summary(petition: Petition, names: dict[str, str], areas: dict[str, Area]) -> PetitionOut:
    village = areas.get(petition.village_id or "")
    assignee = petition.assignee_id
    return PetitionOut(
        id=petition.id,
        subject=petition.subject,
        status=petition.status,
        status_name=STATUS_NAMES.get(PetitionStatus(petition.status), petition.status),
        sender=PersonRef(id=petition.sender_id, name=names.get(petition.sender_id, "")),
        village=AreaRef(id=village.id, name=village.name) if village else None,
        created_at=petition.created_at,
        read_by_chief_at=petition.read_by_chief_at,
        assignee=PersonRef(id=assignee, name=names.get(assignee, "")) if assignee else None,
        deadline_at=petition.deadline_at,
        overdue=is_overdue(petition),
        answered_at=petition.answered_at,
        rating=petition.rating,
        closed_at=petition.closed_at,
        last_activity_at=petition.last_activity_at,
    )


async def summaries(session: AsyncSession, petitions: list[Petition]) -> list[PetitionOut]:
    people = PeopleRepository(session)
    names = await people.names(
        [p.sender_id for p in petitions] + [p.assignee_id for p in petitions]
    )
    areas = await people.areas(p.village_id for p in petitions)
    return [summary(p, names, areas) for p in petitions]


def _message(message: PetitionMessage, names: dict[str, str]) -> MessageOut:
    name = names.get(message.author_id, "")
    if message.author_role in ROLE_LABELS:
        name = f"{ROLE_LABELS[message.author_role]} {name}".strip()
    return MessageOut(
        id=message.id,
        author_role=message.author_role,
        author_name=name,
        text=message.text,
        media_ids=list(message.media_ids or []),
        created_at=message.created_at,
    )


def _event(event: PetitionEvent, staff: bool) -> EventOut:
    detail = dict(event.detail or {})
    if not staff:
        detail = {k: v for k, v in detail.items() if k not in STAFF_ONLY_DETAIL}
    return EventOut(
        seq=event.seq,
        action=event.action,
        actor_role=detail.pop("by", None),
        detail=detail,
        created_at=event.created_at,
    )


async def detail(session: AsyncSession, petition: Petition, who: Standing) -> PetitionDetail:
    repo = PetitionRepository(session)
    messages = await repo.messages(petition.id)
    events = await repo.events(petition.id)
    people = PeopleRepository(session)
    names = await people.names(
        [petition.sender_id, petition.assignee_id, *(m.author_id for m in messages)]
    )
    areas = await people.areas([petition.village_id])
    staff = who.chief or who.officer
    is_open = petition.status != PetitionStatus.closed
    replied = any(m.author_role != "sender" for m in messages)
    return PetitionDetail(
        **summary(petition, names, areas).model_dump(),
        rating_comment=petition.rating_comment,
        messages=[_message(m, names) for m in messages],
        events=[_event(e, staff) for e in events],
        can_reply=is_open and who.sees,
        can_rate=who.sender and replied and petition.rating is None,
        can_assign=who.chief and is_open,
        can_close=who.chief and is_open,
    )

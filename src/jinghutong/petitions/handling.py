"""Handling a petition: replies, the chief's assignment and closing, the sender's rating.

Every action locks the petition row first (appends to one trail happen one at a time), checks
who is asking (404 for those who may not see it, 403 for those who see it but may not act),
then moves the few mutable fields together with a new trail event."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.errors import Conflict, Forbidden, ValidationFailed
from jinghutong.jobs import enqueue
from jinghutong.media.api import claim_media
from jinghutong.models import Person, Petition, PetitionMessage, PetitionStatus, Role
from jinghutong.petitions import notices, trail, views
from jinghutong.petitions.auth import Standing, chief_scope, standing
from jinghutong.petitions.repository import PeopleRepository, PetitionRepository
from jinghutong.petitions.schemas import AssignIn, CloseIn, MessageIn, PetitionDetail, RateIn
from jinghutong.petitions.service import MEDIA_SUBJECT, PetitionNotFound, preview

DEADLINE_JOB = "petitions.deadline"


class OnlyTheChief(Forbidden):
    detail = "只有所长可以交办或办结来信"


class OnlyTheSender(Forbidden):
    detail = "只有来信人可以评价答复"


class PetitionClosed(Conflict):
    detail = "这封来信已经办结，不能再操作"


class AlreadyRated(Conflict):
    detail = "您已经评价过了，每封来信只能评价一次"


class NotAnsweredYet(Conflict):
    detail = "还没有收到答复，答复后才能评价"


class NotAnOfficer(ValidationFailed):
    detail = "只能交给本所的民警办理"


class DeadlinePassed(ValidationFailed):
    detail = "答复期限须晚于现在"


async def _load(
    session: AsyncSession, person_id: str, petition_id: str
) -> tuple[Petition, Standing]:
    petition = await PetitionRepository(session).get(petition_id, for_update=True)
    if petition is None:
        raise PetitionNotFound()
    who = await standing(session, person_id, petition)
    if not who.sees:
        raise PetitionNotFound()
    return petition, who


def _open(petition: Petition) -> None:
    if petition.status == PetitionStatus.closed:
        raise PetitionClosed()


async def reply(
    session: AsyncSession, person: Person, petition_id: str, body: MessageIn
) -> PetitionDetail:
    """A reply by the chief or the assigned officer, or a follow-up by the sender."""
    petition, who = await _load(session, person.id, petition_id)
    _open(petition)
    role = who.staff_role or "sender"
    await claim_media(session, person.id, body.media_ids, MEDIA_SUBJECT, petition.id)
    await PetitionRepository(session).add_message(
        PetitionMessage(
            petition_id=petition.id,
            author_id=person.id,
            author_role=role,
            text=body.text,
            media_ids=list(dict.fromkeys(body.media_ids)),
        )
    )
    summary = preview(body.text, body.media_ids)
    if role == "sender":
        await _followed_up(session, petition, person.id, summary)
    else:
        await _answered(session, petition, person.id, role, summary)
    return await views.detail(session, petition, who)


async def _answered(
    session: AsyncSession, petition: Petition, author_id: str, role: str, preview: str
) -> None:
    petition.status = PetitionStatus.answered
    petition.answered_at = petition.answered_at or clock.now()
    await trail.append(session, petition, author_id, "replied", {"by": role, "status": "answered"})
    await notices.tell(session, [petition.sender_id], "petition.replied", petition, preview)


async def _followed_up(
    session: AsyncSession, petition: Petition, sender_id: str, preview: str
) -> None:
    detail = {"by": "sender"}
    if petition.status == PetitionStatus.answered:  # a new question waits for an answer again
        petition.status = PetitionStatus.assigned if petition.assignee_id else PetitionStatus.open
        detail["status"] = petition.status
    await trail.append(session, petition, sender_id, "followed_up", detail)
    chiefs = await PeopleRepository(session).holders_over([Role.chief], petition.area_path)
    recipients = [*chiefs, petition.assignee_id]
    await notices.tell(session, recipients, "petition.followed_up", petition, preview)


async def assign(
    session: AsyncSession, person: Person, petition_id: str, body: AssignIn
) -> PetitionDetail:
    """The chief hands the petition to one officer, with a deadline the sender sees."""
    petition, who = await _load(session, person.id, petition_id)
    if not who.chief:
        raise OnlyTheChief()
    _open(petition)
    if body.deadline_at <= clock.now():
        raise DeadlinePassed(fields={"deadline_at": "须晚于现在"})
    paths = await chief_scope(session, person.id)
    people = PeopleRepository(session)
    if not await people.is_officer_within(body.assignee_id, paths):
        raise NotAnOfficer(fields={"assignee_id": "只能交给本所的民警"})
    petition.assignee_id = body.assignee_id
    petition.deadline_at = body.deadline_at
    petition.status = PetitionStatus.assigned
    names = await people.names([body.assignee_id])
    detail = {
        "by": "chief",
        "assignee_id": body.assignee_id,
        "assignee_name": names.get(body.assignee_id, ""),
        "deadline_at": body.deadline_at.isoformat(),
        "status": "assigned",
    }
    if body.note:
        detail["note"] = body.note
    await trail.append(session, petition, person.id, "assigned", detail)
    await notices.tell(
        session, [body.assignee_id], "petition.assigned", petition, body.note or "所长交办来信"
    )
    await enqueue(
        session,
        DEADLINE_JOB,
        {"petition_id": petition.id, "deadline_at": petition.deadline_at.isoformat()},
        due_at=petition.deadline_at,
        dedupe_key=f"petition-deadline:{petition.id}:{int(petition.deadline_at.timestamp())}",
    )
    return await views.detail(session, petition, await standing(session, person.id, petition))


async def close(
    session: AsyncSession, person: Person, petition_id: str, body: CloseIn
) -> PetitionDetail:
    """Only the chief closes a petition; nobody deletes one."""
    petition, who = await _load(session, person.id, petition_id)
    if not who.chief:
        raise OnlyTheChief()
    _open(petition)
    petition.status = PetitionStatus.closed
    petition.closed_at = clock.now()
    detail = {"by": "chief", "status": "closed"}
    if body.note:
        detail["reason"] = body.note
    await trail.append(session, petition, person.id, "closed", detail)
    await notices.tell(
        session, [petition.sender_id], "petition.closed", petition, body.note or "来信已办结"
    )
    return await views.detail(session, petition, who)


async def rate(
    session: AsyncSession, person: Person, petition_id: str, body: RateIn
) -> PetitionDetail:
    """The sender rates the answer, once."""
    petition, who = await _load(session, person.id, petition_id)
    if not who.sender:
        raise OnlyTheSender()
    if petition.rating is not None:
        raise AlreadyRated()
    if not await PetitionRepository(session).staff_replied(petition.id):
        raise NotAnsweredYet()
    petition.rating = body.rating
    petition.rating_comment = body.comment
    petition.rated_at = clock.now()
    await trail.append(
        session, petition, person.id, "rated", {"by": "sender", "rating": body.rating}
    )
    chiefs = await PeopleRepository(session).holders_over([Role.chief], petition.area_path)
    await notices.tell(
        session,
        [*chiefs, petition.assignee_id],
        "petition.rated",
        petition,
        f"来信人评价：{body.rating} 分",
    )
    return await views.detail(session, petition, who)

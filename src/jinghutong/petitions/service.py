"""所长直通车: writing to the chief, opening a petition (the read receipt), the lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, not_, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.errors import Forbidden, NotFound, ValidationFailed
from jinghutong.core.pagination import BadCursor, decode_keyed_cursor, encode_cursor
from jinghutong.identity.access import within
from jinghutong.media.api import claim_media
from jinghutong.models import Household, Person, Petition, PetitionMessage, Role
from jinghutong.petitions import notices, trail, views
from jinghutong.petitions.auth import Standing, chief_scope, standing
from jinghutong.petitions.repository import (
    NO_DEADLINE,
    PeopleRepository,
    PetitionRepository,
    overdue_condition,
)
from jinghutong.petitions.schemas import PetitionDetail, PetitionIn, PetitionPage, Scope, Sort

MEDIA_SUBJECT = "petition"


class PetitionNotFound(NotFound):
    detail = "没有找到这封来信，或您无权查看"


class NeedHousehold(ValidationFailed):
    detail = "请先扫描户码加入家庭，再给所长写信"


class InboxIsTheChiefs(Forbidden):
    detail = "所长信箱只有所长本人可以查看"


async def visible(session: AsyncSession, person_id: str, petition_id: str) -> Petition:
    petition = await PetitionRepository(session).get(petition_id)
    if petition is None or not (await standing(session, person_id, petition)).sees:
        raise PetitionNotFound()
    return petition


def preview(text: str, media_ids: list[str]) -> str:
    text = " ".join(text.split())
    if text:
        return text if len(text) <= 60 else text[:59] + "…"
    return "[语音/照片]" if media_ids else ""


async def _household_for(session: AsyncSession, person_id: str, wanted: str | None) -> Household:
    households = await PeopleRepository(session).households_of(person_id)
    if wanted is not None:
        households = [h for h in households if h.id == wanted]
        if not households:
            raise NeedHousehold(
                "您不是这一户的成员", fields={"household_id": "请选择您已加入的家庭"}
            )
    if not households:
        raise NeedHousehold(fields={"household_id": "请先扫描户码加入家庭"})
    if len(households) > 1:
        raise NeedHousehold(
            "您加入了多个家庭，请选择以哪一户的名义来信",
            fields={"household_id": "请选择一户"},
        )
    return households[0]


async def create(session: AsyncSession, sender: Person, body: PetitionIn) -> PetitionDetail:
    """A villager writes to the chief over their household's area."""
    household = await _household_for(session, sender.id, body.household_id)
    people = PeopleRepository(session)
    village = await people.village_over(household.area_path)
    subject = body.subject or preview(body.text, []).removesuffix("…")[:20] or "语音来信"
    petition = await PetitionRepository(session).add(
        Petition(
            sender_id=sender.id,
            household_id=household.id,
            village_id=village.id if village else None,
            area_path=household.area_path,
            subject=subject,
        )
    )
    await claim_media(session, sender.id, body.media_ids, MEDIA_SUBJECT, petition.id)
    await PetitionRepository(session).add_message(
        PetitionMessage(
            petition_id=petition.id,
            author_id=sender.id,
            author_role="sender",
            text=body.text,
            media_ids=list(dict.fromkeys(body.media_ids)),
        )
    )
    await trail.append(session, petition, sender.id, "created", {"by": "sender"})
    chiefs = await people.holders_over([Role.chief], petition.area_path)
    await notices.tell(
        session, chiefs, "petition.new", petition, preview(body.text, body.media_ids)
    )
    who = Standing(sender=True, chief=sender.id in chiefs, officer=False)
    return await views.detail(session, petition, who)


async def open_petition(session: AsyncSession, person_id: str, petition_id: str) -> PetitionDetail:
    """The petition with its messages and trail; the chief's first look is the read receipt."""
    petition = await PetitionRepository(session).get(petition_id)
    if petition is None:
        raise PetitionNotFound()
    who = await standing(session, person_id, petition)
    if not who.sees:
        raise PetitionNotFound()
    if who.chief and petition.read_by_chief_at is None:
        await _mark_read(session, petition, person_id)
    return await views.detail(session, petition, who)


async def _mark_read(session: AsyncSession, petition: Petition, chief_id: str) -> None:
    # Conditional: two tabs opening it at once record one receipt (the row lock orders them).
    at = clock.now()
    result = await session.execute(
        update(Petition)
        .where(Petition.id == petition.id, Petition.read_by_chief_at.is_(None))
        .values(read_by_chief_at=at)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(petition)
    if getattr(result, "rowcount", 0) == 1:
        await trail.append(session, petition, chief_id, "read", {"by": "chief"})


# -- lists -------------------------------------------------------------------------------------


def _decode(cursor: str | None, sort: Sort) -> tuple[str, str] | None:
    """(deadline or "", last id): the deadline sort pages by (deadline, id)."""
    if not cursor:
        return None
    key, last_id = decode_keyed_cursor(cursor)
    if sort == "deadline":
        try:
            aware = datetime.fromisoformat(key).tzinfo is not None
        except ValueError:
            aware = False
        if not aware:
            raise BadCursor(fields={"cursor": "格式不正确"})
    return key, last_id


def _encode(petition: Petition, sort: Sort) -> str:
    key = ""
    if sort == "deadline":
        key = (petition.deadline_at or NO_DEADLINE).isoformat()
    return encode_cursor(petition.id, key=key)


async def _scope_condition(
    session: AsyncSession, person_id: str, scope: Scope | None
) -> ColumnElement[bool]:
    paths = await chief_scope(session, person_id)
    scope = scope or ("inbox" if paths else "mine")
    if scope == "inbox":
        if not paths:
            raise InboxIsTheChiefs()
        return within(Petition.area_path, paths)
    if scope == "assigned":
        return Petition.assignee_id == person_id
    return Petition.sender_id == person_id


async def list_petitions(
    session: AsyncSession,
    person_id: str,
    *,
    scope: Scope | None,
    status: str | None,
    village_id: str | None,
    overdue: bool | None,
    sort: Sort,
    cursor: str | None,
    limit: int,
) -> PetitionPage:
    """Mine (sender), assigned to me (officer) or the inbox (chief), with the inbox filters."""
    after = _decode(cursor, sort)
    conditions = [await _scope_condition(session, person_id, scope)]
    if status:
        conditions.append(Petition.status == status)
    if village_id:
        conditions.append(Petition.village_id == village_id)
    if overdue is not None:
        late = overdue_condition(clock.now())
        conditions.append(late if overdue else not_(late))
    rows = await PetitionRepository(session).page(and_(*conditions), sort, after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return PetitionPage(
        items=await views.summaries(session, rows),
        next_cursor=_encode(rows[-1], sort) if more and rows else None,
    )

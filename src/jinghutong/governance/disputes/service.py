"""矛盾纠纷: recording a dispute, the lists, one dispute, a party's audited clear phone. The
workflow after recording (交办, mediation, settlement, failure, 回访) is in actions.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core import clock, crypto
from jinghutong.core.config import Settings
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import decode_cursor, split_page
from jinghutong.governance import numbers, trail
from jinghutong.governance.access import ROLE_LEVEL, roles_over, scope, touches, village_of
from jinghutong.governance.disputes import details, handover, notices, views
from jinghutong.governance.disputes.auth import MEDIA_SUBJECT, Standing, standing
from jinghutong.governance.disputes.errors import (
    AreaNotFound,
    DisputeNotFound,
    MayNotAssign,
    MayNotReadPhone,
    NoPhoneOnRecord,
    NotARecorder,
    PartyHouseholdUnavailable,
    PartyNotFound,
    PlaceUnavailable,
)
from jinghutong.governance.disputes.repository import (
    DisputeRepository,
    members_of,
    overdue_condition,
)
from jinghutong.governance.disputes.schemas import (
    DisputeCandidateOut,
    DisputeDetail,
    DisputeIn,
    DisputePage,
)
from jinghutong.governance.repository import PlacesRepository
from jinghutong.governance.schemas import GovernancePhoneOut
from jinghutong.governance.sources import check_sources, link_sources
from jinghutong.identity.access import path_within, within
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import claim_media
from jinghutong.models import (
    DISPUTE_LEVEL_NAMES,
    ROLE_NAMES,
    AreaLevel,
    Dispute,
    DisputeParty,
    DisputeStatus,
    Person,
    RecordType,
)

# A place named without a household: the village or an area inside it.
PLACE_LEVELS = frozenset({AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid})
READ_PHONE = "read_phone"
Place = tuple[str, str, float | None, float | None]


async def load_visible(
    session: AsyncSession, person_id: str, dispute_id: str, *, for_update: bool = False
) -> tuple[Dispute, Standing]:
    """The dispute and where the caller stands; 404 when they may not even see it."""
    dispute = await DisputeRepository(session).get(dispute_id, for_update=for_update)
    if dispute is None:
        raise DisputeNotFound()
    who = await standing(session, person_id, dispute)
    if not who.sees:
        raise DisputeNotFound()
    return dispute, who


async def _place(session: AsyncSession, body: DisputeIn, paths: list[str]) -> Place:
    """(area id, area path, lat, lng): the area named, or the first party's household."""
    places = PlacesRepository(session)
    if body.area_id is not None:
        area = await places.area(body.area_id)
        if area is None or area.level not in PLACE_LEVELS or not path_within(area.path, paths):
            raise PlaceUnavailable(fields={"area_id": "请选择您辖区内的村、网格或微网格"})
        return area.id, area.path, area.lat, area.lng
    index, party = next((i, p) for i, p in enumerate(body.parties) if p.household_id)
    household = (await places.households([party.household_id])).get(party.household_id or "")
    if household is None or not path_within(household.area_path, paths):
        raise PlaceUnavailable(
            fields={f"parties.{index}.household_id": "找不到这一户，或不在您的辖区"}
        )
    return household.area_id, household.area_path, household.lat, household.lng


async def _check_households(session: AsyncSession, body: DisputeIn, area_path: str) -> None:
    """Every party's household lies in the dispute's village (a quarrel over a boundary may
    cross micro-grids, never villages)."""
    named = [(i, p.household_id) for i, p in enumerate(body.parties) if p.household_id]
    if not named:
        return
    village = await village_of(session, area_path)
    found = await PlacesRepository(session).households(h for _, h in named)
    for index, household_id in named:
        household = found.get(household_id or "")
        if household is None or village is None or not household.area_path.startswith(village.path):
            raise PartyHouseholdUnavailable(
                fields={f"parties.{index}.household_id": "找不到这一户，或不在纠纷所在的村"}
            )


def _parties(dispute_id: str, body: DisputeIn) -> list[DisputeParty]:
    return [
        DisputeParty(
            dispute_id=dispute_id,
            name=p.name,
            phone=p.phone,
            phone_index=crypto.blind_index(p.phone) if p.phone else None,
            side=p.side,
            household_id=p.household_id,
        )
        for p in body.parties
    ]


def _recorded(dispute: Dispute, body: DisputeIn) -> dict[str, Any]:
    """What the trail keeps of the record: never a phone."""
    detail: dict[str, Any] = {
        "category": body.category,
        "summary": body.summary,
        "level": dispute.level,
        "parties": [{"name": p.name, "side": p.side} for p in body.parties],
    }
    if dispute.media_ids:
        detail["media_ids"] = dispute.media_ids
    return detail


async def create(
    session: AsyncSession, storage: Storage, settings: Settings, me: Person, body: DisputeIn
) -> DisputeDetail:
    """A recorder records a dispute in their area; it starts at their rung (ROLE_LEVEL)."""
    paths = await scope(session, me.id)
    if not paths:
        raise NotARecorder()
    area_id, area_path, lat, lng = await _place(session, body, paths)
    await _check_households(session, body, area_path)
    sources = await check_sources(session, me.id, visit_id=body.visit_id, case_id=body.case_id)
    roles = await roles_over(session, me.id, area_path)
    dispute = Dispute(
        id=new_id(),
        number=await numbers.next_number(session, "JF"),
        category=body.category,
        summary=body.summary,
        description=body.description,
        media_ids=list(dict.fromkeys(body.media_ids)),
        area_id=area_id,
        area_path=area_path,
        lat=body.location.lat if body.location else lat,
        lng=body.location.lng if body.location else lng,
        address=body.address,
        reporter_id=me.id,
        status=DisputeStatus.open,
        level=ROLE_LEVEL[roles[0]],
    )
    await claim_media(session, me.id, body.media_ids, MEDIA_SUBJECT, dispute.id)
    await DisputeRepository(session).add(dispute, *_parties(dispute.id, body))
    await trail.append(
        session, RecordType.dispute, dispute.id, me.id, "recorded", _recorded(dispute, body)
    )
    await link_sources(session, sources, (RecordType.dispute, dispute.id), me.id)
    people = await notices.village_people(session, dispute)
    text = f"{me.name}登记了一起纠纷，请了解并调处"
    await notices.tell(session, people, "dispute.recorded", dispute, text, skip=me.id)
    who = await standing(session, me.id, dispute)
    return await details.detail(session, storage, settings, dispute, who, me.id)


# -- reading -----------------------------------------------------------------------------------


async def _area_condition(
    session: AsyncSession, area_id: str, paths: list[str]
) -> ColumnElement[bool]:
    area = await PlacesRepository(session).area(area_id)
    if area is None or not touches(paths, area.path):
        raise AreaNotFound(fields={"area_id": "不在您的辖区"})
    return Dispute.area_path.like(area.path + "%")


async def list_disputes(
    session: AsyncSession,
    person_id: str,
    *,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
) -> DisputePage:
    """Disputes in the caller's area, those they recorded and those handed to them."""
    before = decode_cursor(cursor) if cursor else None
    paths = await scope(session, person_id)
    mine = or_(Dispute.assignee_id == person_id, members_of(person_id))
    conditions: list[ColumnElement[bool]] = [
        or_(within(Dispute.area_path, paths), Dispute.reporter_id == person_id, mine)
    ]
    for name in ("status", "category", "level"):
        if filters.get(name):
            conditions.append(getattr(Dispute, name) == filters[name])
    if filters.get("area_id"):
        conditions.append(await _area_condition(session, filters["area_id"], paths))
    if filters.get("assigned_to_me"):
        conditions.append(mine)
    if filters.get("overdue") is not None:
        late = overdue_condition(clock.now())
        conditions.append(late if filters["overdue"] else not_(late))
    rows = await DisputeRepository(session).page(and_(*conditions), before, limit + 1)
    rows, next_cursor = split_page(rows, limit)
    return DisputePage(items=await views.summaries(session, rows), next_cursor=next_cursor)


async def get_dispute(
    session: AsyncSession, storage: Storage, settings: Settings, person_id: str, dispute_id: str
) -> DisputeDetail:
    dispute, who = await load_visible(session, person_id, dispute_id)
    return await details.detail(session, storage, settings, dispute, who, person_id)


async def assignees(
    session: AsyncSession, person_id: str, dispute_id: str
) -> list[DisputeCandidateOut]:
    """Whom the caller may hand this dispute to by account (the 交办 form's choices)."""
    dispute, who = await load_visible(session, person_id, dispute_id)
    if not who.may_assign:
        raise MayNotAssign()
    found = await handover.candidates(session, dispute, person_id, leader_only=not who.handler)
    return [
        DisputeCandidateOut(
            id=person.id,
            name=person.name,
            role_name=ROLE_NAMES[role],
            level=level,
            level_name=DISPUTE_LEVEL_NAMES[level],
        )
        for person, role, level in found
    ]


async def party_phone(
    session: AsyncSession, person_id: str, dispute_id: str, party_id: str
) -> GovernancePhoneOut:
    """A party's clear phone, for a handler or the assignee about to call them (audited)."""
    dispute, who = await load_visible(session, person_id, dispute_id)
    if not who.may_read_phones:
        raise MayNotReadPhone()
    party = await DisputeRepository(session).party(dispute.id, party_id)
    if party is None:
        raise PartyNotFound()
    if not party.phone:
        raise NoPhoneOnRecord()
    await record(
        session,
        actor_id=person_id,
        action=READ_PHONE,
        subject_type="dispute_party",
        subject_id=party.id,
        detail={"dispute_id": dispute.id},
    )
    return GovernancePhoneOut(name=party.name, phone=party.phone)

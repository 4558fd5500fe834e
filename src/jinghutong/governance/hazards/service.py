"""安全隐患 register: registering a hazard, the lists, one hazard, the audited phone read.
The workflow after registration (notify, rectify, accept, close) is in actions.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.errors import NotFound
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import decode_cursor, split_page
from jinghutong.governance import numbers, trail
from jinghutong.governance.access import scope, touches
from jinghutong.governance.hazards import notices, views
from jinghutong.governance.hazards.auth import MEDIA_SUBJECT, Standing, standing
from jinghutong.governance.hazards.errors import (
    HazardNotFound,
    NoPhoneOnRecord,
    NotAHandler,
    NotARecorder,
    PlaceUnavailable,
)
from jinghutong.governance.hazards.repository import (
    HazardRepository,
    PlacesRepository,
    overdue_condition,
)
from jinghutong.governance.hazards.schemas import (
    HazardDetail,
    HazardIn,
    HazardPage,
)
from jinghutong.governance.schemas import GovernancePhoneOut
from jinghutong.governance.sources import check_sources, link_sources
from jinghutong.identity.access import path_within, within
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import claim_media
from jinghutong.models import (
    AreaLevel,
    Hazard,
    HazardGrade,
    Person,
    RecordType,
    Role,
)

# A place named without a household: the village or an area inside it.
PLACE_LEVELS = frozenset({AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid})


class AreaNotFound(NotFound):
    detail = "没有找到这个区域，或您无权查看"


async def load_visible(
    session: AsyncSession, person_id: str, hazard_id: str, *, for_update: bool = False
) -> tuple[Hazard, Standing]:
    """The hazard and where the caller stands; 404 when they may not even see it."""
    hazard = await HazardRepository(session).get(hazard_id, for_update=for_update)
    if hazard is None:
        raise HazardNotFound()
    who = await standing(session, person_id, hazard)
    if not who.sees:
        raise HazardNotFound()
    return hazard, who


async def _place(
    session: AsyncSession, body: HazardIn, paths: list[str]
) -> tuple[str, str, float | None, float | None]:
    """(area id, area path, lat, lng) of the household or the place, inside the caller's area."""
    places = PlacesRepository(session)
    if body.household_id is not None:
        household = await places.household(body.household_id)
        if household is None or not path_within(household.area_path, paths):
            raise PlaceUnavailable(fields={"household_id": "找不到这一户，或不在您的辖区"})
        return household.area_id, household.area_path, household.lat, household.lng
    area = await places.area(body.area_id or "")
    if area is None or area.level not in PLACE_LEVELS or not path_within(area.path, paths):
        raise PlaceUnavailable(fields={"area_id": "请选择您辖区内的村、网格或微网格"})
    return area.id, area.path, area.lat, area.lng


async def create(
    session: AsyncSession, storage: Storage, settings: Settings, me: Person, body: HazardIn
) -> HazardDetail:
    """A recorder registers a hazard found in their area (from a visit or a report, if named)."""
    paths = await scope(session, me.id)
    if not paths:
        raise NotARecorder()
    area_id, area_path, lat, lng = await _place(session, body, paths)
    sources = await check_sources(session, me.id, visit_id=body.visit_id, case_id=body.case_id)
    hazard_id = new_id()
    await claim_media(session, me.id, body.media_ids, MEDIA_SUBJECT, hazard_id)
    hazard = await HazardRepository(session).add(
        Hazard(
            id=hazard_id,
            number=await numbers.next_number(session, "YH"),
            kind=body.kind,
            grade=body.grade,
            title=body.title,
            description=body.description,
            media_ids=list(dict.fromkeys(body.media_ids)),
            area_id=area_id,
            area_path=area_path,
            household_id=body.household_id,
            place=body.place,
            lat=body.location.lat if body.location else lat,
            lng=body.location.lng if body.location else lng,
            reporter_id=me.id,
            escalation_level=0,
        )
    )
    detail: dict[str, Any] = {"kind": body.kind, "grade": body.grade, "title": body.title}
    if hazard.media_ids:
        detail["media_ids"] = hazard.media_ids
    await trail.append(session, RecordType.hazard, hazard.id, me.id, "reported", detail)
    await link_sources(session, sources, (RecordType.hazard, hazard.id), me.id)
    await _tell_reported(session, hazard, me.id)
    who = await standing(session, me.id, hazard)
    return await views.detail(session, storage, settings, hazard, who, me.id)


async def _tell_reported(session: AsyncSession, hazard: Hazard, actor_id: str) -> None:
    """The village's 村警 always; for 重大, the area officer and the chief at once too."""
    places = PlacesRepository(session)
    roles = [Role.village_police]
    if hazard.grade == HazardGrade.severe:
        roles += [Role.area_officer, Role.chief]
    people = await places.holders_over(roles, hazard.area_path)
    household = await places.household(hazard.household_id) if hazard.household_id else None
    kind = "hazard.severe" if hazard.grade == HazardGrade.severe else "hazard.reported"
    body = f"{views.where(hazard, household)}，请核实并告知整改"
    await notices.tell(session, people, kind, hazard, body, skip=actor_id)


# -- reading -----------------------------------------------------------------------------------


async def _area_condition(
    session: AsyncSession, area_id: str, paths: list[str]
) -> ColumnElement[bool]:
    area = await PlacesRepository(session).area(area_id)
    if area is None or not touches(paths, area.path):
        raise AreaNotFound(fields={"area_id": "不在您的辖区"})
    return Hazard.area_path.like(area.path + "%")


async def list_hazards(
    session: AsyncSession,
    person_id: str,
    *,
    status: str | None,
    grade: str | None,
    kind: str | None,
    area_id: str | None,
    overdue: bool | None,
    cursor: str | None,
    limit: int,
) -> HazardPage:
    """Hazards in the caller's area, the ones they reported and the ones they must rectify."""
    before = decode_cursor(cursor) if cursor else None
    paths = await scope(session, person_id)
    conditions: list[ColumnElement[bool]] = [
        or_(
            within(Hazard.area_path, paths),
            Hazard.reporter_id == person_id,
            Hazard.responsible_person_id == person_id,
        )
    ]
    if status:
        conditions.append(Hazard.status == status)
    if grade:
        conditions.append(Hazard.grade == grade)
    if kind:
        conditions.append(Hazard.kind == kind)
    if area_id:
        conditions.append(await _area_condition(session, area_id, paths))
    if overdue is not None:
        late = overdue_condition(clock.now())
        conditions.append(late if overdue else not_(late))
    rows = await HazardRepository(session).page(and_(*conditions), before, limit + 1)
    rows, next_cursor = split_page(rows, limit)
    return HazardPage(items=await views.summaries(session, rows), next_cursor=next_cursor)


async def get_hazard(
    session: AsyncSession, storage: Storage, settings: Settings, person_id: str, hazard_id: str
) -> HazardDetail:
    hazard, who = await load_visible(session, person_id, hazard_id)
    return await views.detail(session, storage, settings, hazard, who, person_id)


async def responsible_phone(
    session: AsyncSession, person_id: str, hazard_id: str
) -> GovernancePhoneOut:
    """The responsible person's clear phone, for a handler about to call them (audited)."""
    hazard, who = await load_visible(session, person_id, hazard_id)
    if not who.handler:
        raise NotAHandler()
    name, phone = await _phone_on_record(session, hazard)
    if not phone:
        raise NoPhoneOnRecord()
    await record(
        session,
        actor_id=person_id,
        action="read_phone",
        subject_type="hazard",
        subject_id=hazard.id,
        detail={"whose": "responsible"},
    )
    return GovernancePhoneOut(name=name, phone=phone)


async def _phone_on_record(session: AsyncSession, hazard: Hazard) -> tuple[str, str | None]:
    places = PlacesRepository(session)
    if hazard.responsible_person_id:
        person = (await places.persons([hazard.responsible_person_id]))[
            hazard.responsible_person_id
        ]
        return person.name, person.phone
    if hazard.responsible_member_id:
        member = await places.member(hazard.responsible_member_id)
        return (member.name, member.phone) if member else ("", None)
    return hazard.responsible_name or "", hazard.responsible_phone

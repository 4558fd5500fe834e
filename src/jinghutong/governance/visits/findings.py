"""What a visit turns up, in the domains that own it, with one call: a case reported for the
household (through the cases intake: numbered, routed, its people told), or a booking already
made (a home visit the 村警 booked for the villager). The link is kept both ways
(governance.links) and the visit's trail records it. Hazards, disputes and sentiment items are
created by their own POST with `visit_id`."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments.auth import standing as appointment_standing
from jinghutong.cases.intake import service as intake
from jinghutong.cases.intake.schemas import CaseIn
from jinghutong.cases.schemas import LocationIn
from jinghutong.core.config import Settings
from jinghutong.governance import links, trail
from jinghutong.governance.visits import views
from jinghutong.governance.visits.errors import AlreadyLinked, FindingUnavailable, NeedHousehold
from jinghutong.governance.visits.repository import VisitRepository
from jinghutong.governance.visits.schemas import (
    AppointmentFinding,
    CaseFinding,
    CaseFindingIn,
    VisitDetail,
)
from jinghutong.governance.visits.service import load_visible
from jinghutong.integrations.storage import Storage
from jinghutong.models import Appointment, Person, RecordType, Visit

Target = tuple[str, str]


async def add(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    me: Person,
    visit_id: str,
    body: CaseFinding | AppointmentFinding,
) -> VisitDetail:
    """Whoever sees the visit adds what it led to."""
    visit, reach = await load_visible(session, me.id, visit_id, for_update=True)
    if isinstance(body, CaseFinding):
        target = await _report_case(session, settings, me, visit, body.case)
    else:
        target = await _booking(session, me, visit, body.appointment_id)
    await links.link(session, (RecordType.visit, visit.id), target, me.id)
    detail = {"type": target[0], "id": target[1]}
    await trail.append(session, RecordType.visit, visit.id, me.id, "finding_added", detail)
    return await views.detail(session, storage, settings, reach, visit)


async def _case_in(session: AsyncSession, visit: Visit, body: CaseFindingIn) -> CaseIn:
    """The report for the named household, or the visit's only one; for a walk round a place,
    where the visit was made."""
    households = (await VisitRepository(session).households_of([visit.id]))[visit.id]
    if body.household_id is not None:
        if body.household_id not in {h.id for h in households}:
            raise NeedHousehold(
                "这一户不在本次走访中", fields={"case.household_id": "请选择本次走访的户"}
            )
        household_id: str | None = body.household_id
    elif len(households) == 1:
        household_id = households[0].id
    elif households:
        raise NeedHousehold(
            "这次走访了多户，请选择为哪一户上报", fields={"case.household_id": "请选择一户"}
        )
    elif visit.lat is not None and visit.lng is not None:
        household_id = None
    else:
        raise NeedHousehold(
            "这次走访没有走访户，也没有位置，无法确定上报到哪里",
            fields={"case.household_id": "请先在走访中选择户或位置"},
        )
    location = None
    if household_id is None and visit.lat is not None and visit.lng is not None:
        location = LocationIn(lat=visit.lat, lng=visit.lng)
    return CaseIn(
        kind=body.kind,
        text=body.text,
        media_ids=body.media_ids,
        household_id=household_id,
        location=location,
    )


async def _report_case(
    session: AsyncSession, settings: Settings, me: Person, visit: Visit, body: CaseFindingIn
) -> Target:
    created = await intake.create(session, settings.cases, me, await _case_in(session, visit, body))
    return RecordType.case, created.id


async def _booking(session: AsyncSession, me: Person, visit: Visit, appointment_id: str) -> Target:
    appointment = await session.get(Appointment, appointment_id)
    if appointment is None or not (await appointment_standing(session, me.id, appointment)).sees:
        raise FindingUnavailable(fields={"appointment_id": "找不到这条预约，或您无权查看"})
    already = await links.linked(session, RecordType.visit, visit.id)
    if any(x.type == RecordType.appointment and x.id == appointment.id for x in already):
        raise AlreadyLinked()
    return RecordType.appointment, appointment.id

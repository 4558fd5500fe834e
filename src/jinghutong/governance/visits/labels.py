"""The records linked to a visit, each as the phone lists it (type, id, a short label and its
status) so a tap opens it. A record the caller may not see is left out: its own page would
answer 404, and the label alone would tell them it exists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments.auth import standing as appointment_standing
from jinghutong.appointments.views import STATUS_NAMES as APPOINTMENT_STATUS_NAMES
from jinghutong.cases.auth import access_to
from jinghutong.governance.links import Linked, linked
from jinghutong.governance.sentiment.names import STATUS_NAMES as SENTIMENT_STATUS_NAMES
from jinghutong.governance.visits.auth import Reach
from jinghutong.governance.visits.schemas import FindingOut
from jinghutong.models import (
    CASE_KIND_NAMES,
    CASE_STATUS_NAMES,
    DISPUTE_STATUS_NAMES,
    HAZARD_STATUS_NAMES,
    SENTIMENT_CATEGORY_NAMES,
    Appointment,
    AppointmentService,
    Case,
    Dispute,
    Hazard,
    RecordType,
    SentimentItem,
    Visit,
)

Label = tuple[str, str, str]  # (label, status, status name)
Labeller = Callable[[AsyncSession, Reach, str], Awaitable[Label | None]]


def _name(names: Mapping[Any, str], value: str) -> str:
    # The names are keyed by StrEnum members, which hash and compare as their values.
    return names.get(value, "")


def _sees(reach: Reach, area_path: str, *people: str | None) -> bool:
    """A governance record: seen by recorders over its place and by the people it names."""
    return reach.records(area_path) or reach.person_id in people


async def _case(session: AsyncSession, reach: Reach, case_id: str) -> Label | None:
    case = await session.get(Case, case_id)
    if case is None or not (await access_to(session, reach.person_id, case)).can_view:
        return None
    kind = CASE_KIND_NAMES.get(case.kind, case.kind)
    return f"{kind} {case.number}", case.status, _name(CASE_STATUS_NAMES, case.status)


async def _appointment(session: AsyncSession, reach: Reach, appointment_id: str) -> Label | None:
    appointment = await session.get(Appointment, appointment_id)
    if appointment is None:
        return None
    if not (await appointment_standing(session, reach.person_id, appointment)).sees:
        return None
    service = await session.get(AppointmentService, appointment.service_id)
    label = f"预约：{service.name}" if service else "预约"
    return label, appointment.status, _name(APPOINTMENT_STATUS_NAMES, appointment.status)


async def _hazard(session: AsyncSession, reach: Reach, record_id: str) -> Label | None:
    hazard = await session.get(Hazard, record_id)
    if hazard is None or not _sees(reach, hazard.area_path, hazard.reporter_id):
        return None
    label = f"隐患 {hazard.number} {hazard.title}"
    return label, hazard.status, _name(HAZARD_STATUS_NAMES, hazard.status)


async def _dispute(session: AsyncSession, reach: Reach, record_id: str) -> Label | None:
    dispute = await session.get(Dispute, record_id)
    if dispute is None or not _sees(
        reach, dispute.area_path, dispute.reporter_id, dispute.assignee_id
    ):
        return None
    label = f"纠纷 {dispute.number} {dispute.summary}"
    return label, dispute.status, _name(DISPUTE_STATUS_NAMES, dispute.status)


async def _sentiment(session: AsyncSession, reach: Reach, record_id: str) -> Label | None:
    item = await session.get(SentimentItem, record_id)
    if item is None or not _sees(reach, item.area_path, item.recorder_id):
        return None
    category = _name(SENTIMENT_CATEGORY_NAMES, item.category)
    return f"社情民意：{category}", item.status, _name(SENTIMENT_STATUS_NAMES, item.status)


async def _visit(session: AsyncSession, reach: Reach, record_id: str) -> Label | None:
    visit = await session.get(Visit, record_id)
    if visit is None or not _sees(reach, visit.area_path, visit.visitor_id):
        return None
    return "走访", "recorded", "已登记"


LABELLERS: dict[str, Labeller] = {
    RecordType.case: _case,
    RecordType.appointment: _appointment,
    RecordType.hazard: _hazard,
    RecordType.dispute: _dispute,
    RecordType.sentiment: _sentiment,
    RecordType.visit: _visit,
}


async def describe(session: AsyncSession, reach: Reach, link: Linked) -> FindingOut | None:
    labeller = LABELLERS.get(link.type)
    found = await labeller(session, reach, link.id) if labeller else None
    if found is None:
        return None
    label, status, status_name = found
    return FindingOut(
        type=link.type,
        id=link.id,
        direction=link.direction,
        label=label,
        status=status,
        status_name=status_name or None,
    )


async def findings(session: AsyncSession, reach: Reach, visit_id: str) -> list[FindingOut]:
    """Every record linked to the visit that the caller may see, oldest link first."""
    out = []
    for link in await linked(session, RecordType.visit, visit_id):
        described = await describe(session, reach, link)
        if described is not None:
            out.append(described)
    return out

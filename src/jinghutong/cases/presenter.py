"""Cases on the wire: masking a clue's reporter, auditing the reads that reveal a person,
and a withheld text shown only to its reporter and reviewers (cases/withheld.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.cases.auth import CaseAccess
from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.schemas import (
    CaseDetail,
    CaseOut,
    EventOut,
    LocationOut,
    PersonRef,
    ReporterOut,
)
from jinghutong.cases.withheld import PLACEHOLDER, shown_payload, text_withheld
from jinghutong.core.masking import mask_phone
from jinghutong.models import CASE_KIND_NAMES, CASE_STATUS_NAMES, Area, Case, CaseEvent, Person

EVENT_NAMES = {
    "created": "提交",
    "dispatched": "值班室派警",
    "assigned": "分派",
    "alarm_notified": "报警已通知",
    "accepted": "接单",
    "arrived": "到场",
    "feedback": "现场反馈",
    "answered": "答复",
    "comment": "留言",
    "escalated": "上报",
    "redispatched": "改派",
    "resolved": "办结",
    "revisited": "回访",
    "rated": "评价",
    "reopened": "重新办理",
    "closed": "关闭",
    "content_flagged": "内容待人工审核",
    "content_passed": "内容检查通过",
    "content_reviewed": "内容人工审核",
}


def case_out(
    case: Case,
    access: CaseAccess | None,
    persons: dict[str, Person],
    area: Area | None,
    *,
    hide_text: bool = False,
) -> CaseOut:
    """`access=None`: a list row, where a clue's reporter is never shown."""
    return CaseOut(**case_fields(case, access, persons, area, hide_text=hide_text))


def case_fields(
    case: Case,
    access: CaseAccess | None,
    persons: dict[str, Person],
    area: Area | None,
    *,
    assignee_name: str | None = None,
    hide_text: bool = False,
) -> dict[str, Any]:
    """The fields of `CaseOut`, for it and the answers that extend it (built and validated
    once). The assignee's name comes from `persons`, or from `assignee_name` when the caller
    already has it. `hide_text`: the text is withheld from this caller."""
    show = access is not None and access.sees_reporter
    reporter = persons.get(case.reporter_id)
    assignee = None
    if case.assignee_id is not None:
        person = persons.get(case.assignee_id)
        name = person.name if person is not None else assignee_name
        assignee = PersonRef(id=case.assignee_id, name=name) if name is not None else None
    location = None
    if case.lat is not None and case.lng is not None:
        location = LocationOut(lat=case.lat, lng=case.lng, address=case.address)
    return dict(
        id=case.id,
        number=case.number,
        kind=case.kind,
        kind_name=CASE_KIND_NAMES.get(case.kind, case.kind),
        origin=case.origin,
        text=PLACEHOLDER if hide_text else case.text,
        media_ids=list(case.media_ids or []),
        location=location,
        area_id=case.area_id,
        area_name=area.name if area else None,
        status=case.status,
        status_name=CASE_STATUS_NAMES.get(case.status, case.status),
        assignee=assignee,
        assigned_role=case.assigned_role,
        escalation_level=case.escalation_level,
        due_at=case.due_at,
        acknowledged_at=case.acknowledged_at,
        resolved_at=case.resolved_at,
        closed_at=case.closed_at,
        rating=case.rating,
        review_status=case.review_status,
        reporter=_reporter(case, reporter, access) if show and reporter else None,
        reporter_hidden=not show,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def _reporter(case: Case, person: Person, access: CaseAccess | None) -> ReporterOut:
    clear = access is not None and access.is_officer
    return ReporterOut(
        id=person.id,
        name=person.name,
        phone=person.phone if clear else mask_phone(person.phone),
        household_id=case.household_id,
    )


def event_out(
    event: CaseEvent,
    case: Case,
    access: CaseAccess,
    persons: dict[str, Person],
    *,
    hide_text: bool = False,
) -> EventOut:
    hidden = event.actor_id == case.reporter_id and not access.sees_reporter
    actor = None if hidden else persons.get(event.actor_id or "")
    return EventOut(
        seq=event.seq,
        type=event.type,
        type_name=EVENT_NAMES.get(event.type, event.type),
        actor=PersonRef(id=actor.id, name=actor.name) if actor else None,
        actor_kind=event.actor_kind,
        actor_hidden=hidden,
        payload=_visible_payload(event, access, hide_text),
        created_at=event.created_at,
        hash=event.hash,
    )


def _visible_payload(event: CaseEvent, access: CaseAccess, hide_text: bool) -> dict[str, object]:
    payload = dict(event.payload)
    if not access.sees_reporter:
        payload.pop("household_id", None)
    if event.type == "content_reviewed" and not access.may_review:
        payload.pop("note", None)  # the reviewer's words are for reviewers
    return shown_payload(event, payload) if hide_text else payload


async def detail_out(session: AsyncSession, case: Case, access: CaseAccess) -> CaseDetail:
    repo = CaseRepository(session)
    events = await repo.events(case.id)
    persons = await repo.persons(
        [case.reporter_id, case.assignee_id or "", *(e.actor_id or "" for e in events)]
    )
    hide_text = not access.sees_withheld_text and text_withheld(events)
    base = case_fields(case, access, persons, await repo.area(case.area_id), hide_text=hide_text)
    if base["reporter"] is not None and access.is_officer and not access.is_reporter:
        action = "read_clue_reporter" if case.kind == "clue" else "read_reporter_phone"
        await record(
            session,
            actor_id=access.person_id,
            action=action,
            subject_type="case",
            subject_id=case.id,
            detail={"reporter_id": case.reporter_id, "number": case.number},
        )
    timeline = [event_out(e, case, access, persons, hide_text=hide_text) for e in events]
    return CaseDetail(**base, timeline=timeline)

"""Intake (issue 4 item 3): a report becomes a case with a number, is routed to the first rung
for its kind, and everyone concerned is told — an alarm reaches the duty room, the area officer
and the 联户长 at once. The text check runs as a job: a WeChat outage never delays an alarm,
and a risky verdict flags the case for review instead of dropping it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.auth import CaseAccess
from jinghutong.cases.intake.gates import media_claimer
from jinghutong.cases.intake.schemas import CaseIn
from jinghutong.cases.numbers import allocate_number
from jinghutong.cases.presenter import case_fields
from jinghutong.cases.repository import RoutingRepository
from jinghutong.cases.review import flag_media
from jinghutong.cases.routing import ALARM_ROLES, assign_from, first_level, target_for
from jinghutong.cases.schemas import CaseCreated
from jinghutong.cases.trail.service import Link, new_links, write_links
from jinghutong.core.bulk import insert_pending
from jinghutong.core.config import CaseSettings
from jinghutong.core.errors import ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.jobs import enqueue
from jinghutong.models import Case, CaseKind, Person, ReviewStatus

CHECK_TEXT_JOB = "cases.check_text"
CALL_110 = "如有人身危险或违法犯罪正在发生，请立即拨打110！报警信息已同时通知值班室、民警和联户长。"
RECEIVED = "已收到您的{kind}，编号 {number}，我们会尽快处理。"


class NothingToReport(ValidationFailed):
    detail = "请说明情况：文字、照片或语音至少提供一样"


async def create(
    session: AsyncSession, settings: CaseSettings, reporter: Person, body: CaseIn
) -> CaseCreated:
    if not body.text and not body.media_ids:
        raise NothingToReport(fields={"text": "不能为空"})
    location = (body.location.lat, body.location.lng) if body.location else None
    level = first_level(settings, body.kind)
    first_role = settings.ladder_for(body.kind)[level]
    target = await target_for(session, reporter, body.household_id, location, holders_of=first_role)
    text_check = _review_status(reporter, body.text)
    case = Case(
        id=new_id(),
        kind=body.kind,
        origin="report",
        text=body.text,
        media_ids=[],
        lat=location[0] if location else None,
        lng=location[1] if location else None,
        address=body.location.address if body.location else None,
        household_id=target.household.id if target.household else None,
        reporter_id=reporter.id,
        area_id=target.area.id,
        area_path=target.area.path,
        review_status=text_check,
        escalation_level=0,
        trail_seq=0,
    )
    # Built whole in memory and written in one flush (no INSERT-then-UPDATE): every statement
    # inside the write transaction costs throughput (SQLite has one writer; PostgreSQL locks the
    # day's counter row from the number's allocation to the commit).
    with session.no_autoflush:
        session.add(case)
        case.media_ids, flagged = await media_claimer()(
            session, reporter.id, body.media_ids, case.id
        )
        holders = await assign_from(session, settings, case, level, target.known_holders)
        alarmed = (
            await _alarm_recipients(session, case.area_path) if case.kind == CaseKind.alarm else []
        )
        # Every check is done: a number is taken only by a report that will be written.
        case.number = await allocate_number(session)
        links = new_links(case, _first_links(case, alarmed))
        await _tell(session, case, holders, alarmed)
        for media in flagged:  # judged risky or doubtful before it was attached
            await flag_media(session, case, media, media.check_status, media.check_label)
        if text_check == ReviewStatus.pending:
            await enqueue(session, CHECK_TEXT_JOB, {"case_id": case.id})
        # The case (and a flagged photo's trail links, jobs): one INSERT per table.
        await insert_pending(session)
        await write_links(session, links)
    await session.flush()  # the claimed media
    return _created_out(case, reporter, holders)


def _review_status(reporter: Person, text: str) -> str:
    # msgSecCheck needs the writer's openid: staff logged in by password are not checked.
    return ReviewStatus.pending if text and reporter.openid else ReviewStatus.not_required


def _created_payload(case: Case) -> dict[str, object]:
    payload: dict[str, object] = {"kind": case.kind, "text": case.text, "media_ids": case.media_ids}
    if case.lat is not None:
        payload["location"] = {"lat": case.lat, "lng": case.lng, "address": case.address}
    if case.household_id:
        payload["household_id"] = case.household_id
    return payload


def _first_links(case: Case, alarmed: list[str]) -> list[Link]:
    links = [
        Link("created", _created_payload(case), case.reporter_id),
        Link("assigned", assignment_payload(case), None),
    ]
    if case.kind == CaseKind.alarm:
        links.append(Link("alarm_notified", {"count": len(alarmed)}, None))
    return links


async def _tell(
    session: AsyncSession, case: Case, holders: dict[str, str], alarmed: list[str]
) -> None:
    """Everyone concerned told (an alarm: the duty room, the area officer and the 联户长 as
    well as the assignee)."""
    if case.kind == CaseKind.alarm:
        await notices.tell(
            session, case, [*holders, *alarmed], "case.alarm", "紧急报警，请立即处置"
        )
    else:
        title = f"新的{notices.kind_name(case)}待处理"
        await notices.tell(session, case, holders, "case.assigned", title, skip=case.reporter_id)


async def _alarm_recipients(session: AsyncSession, path: str) -> list[str]:
    repo = RoutingRepository(session)
    people: list[str] = []
    for role in ALARM_ROLES:
        people += await repo.holders(role, path)
    return list(dict.fromkeys(people))


def assignment_payload(case: Case) -> dict[str, object]:
    return {
        "role": case.assigned_role,
        "assignee_id": case.assignee_id,
        "level": case.escalation_level,
        "due_at": case.due_at.isoformat() if case.due_at else None,
    }


def _created_out(case: Case, reporter: Person, holders: dict[str, str]) -> CaseCreated:
    access = CaseAccess(reporter.id, True, case.assignee_id == reporter.id, frozenset(), case.kind)
    assignee_name = holders.get(case.assignee_id or "")
    fields = case_fields(case, access, {reporter.id: reporter}, None, assignee_name=assignee_name)
    alarm = case.kind == CaseKind.alarm
    notice = (
        CALL_110 if alarm else RECEIVED.format(kind=notices.kind_name(case), number=case.number)
    )
    return CaseCreated(**fields, call_110=alarm, notice=notice)

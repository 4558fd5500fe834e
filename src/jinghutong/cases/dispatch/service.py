"""Dispatch (issue 4 item 6). We hold no micro-grid polygons: "the micro-grid that contains the
place" is the one whose centroid (the mean of its households) is nearest. The case goes to that
micro-grid's 联户长 with a short deadline, the area officer over the village is told at once,
and a 联户长 who does not acknowledge in time hands over to the next nearest one; after
`dispatch_max_leaders` tries the case climbs the ordinary ladder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.dispatch.schemas import DispatchIn
from jinghutong.cases.numbers import allocate_number
from jinghutong.cases.repository import CaseRepository, RoutingRepository
from jinghutong.cases.trail.service import append
from jinghutong.core import clock
from jinghutong.core.config import CaseSettings
from jinghutong.core.errors import Forbidden, ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.identity.access import has_role_over
from jinghutong.models import Area, Case, CaseStatus, Person, ReviewStatus, Role

DISPATCH_ROLES = (Role.duty_room, Role.chief)


class NotDutyRoom(Forbidden):
    detail = "只有值班室可以派警"


class NoLeaderNearby(ValidationFailed):
    detail = "附近没有找到联户长，请直接派民警处置"


async def create_dispatch(
    session: AsyncSession, settings: CaseSettings, person: Person, body: DispatchIn
) -> Case:
    loc = body.location
    routing = RoutingRepository(session)
    nearest = await routing.nearest_micro_grids(loc.lat, loc.lng, with_leader=True, limit=1)
    if not nearest:
        raise NoLeaderNearby()
    area = nearest[0]
    if not await has_role_over(session, person.id, DISPATCH_ROLES, area.path):
        raise NotDutyRoom()
    case = Case(
        id=new_id(),
        kind=body.kind,
        origin="dispatch",
        text=body.summary,
        media_ids=[],
        lat=loc.lat,
        lng=loc.lng,
        address=loc.address,
        reporter_id=person.id,
        area_id=area.id,
        area_path=area.path,
        review_status=ReviewStatus.not_required,
        escalation_level=0,
        trail_seq=0,
        dispatch_tried=[],
    )
    case.number = await allocate_number(session)
    await CaseRepository(session).add(case)
    payload = {"kind": case.kind, "text": case.text, "location": loc.model_dump()}
    await append(session, case, "dispatched", payload, actor_id=person.id)
    await _give_to_leader(session, settings, case, area)
    officers = await routing.holders(Role.area_officer, area.path)
    await notices.tell(session, case, officers, "case.dispatch", "值班室派警（已通知联户长）")
    await session.flush()
    return case


async def _give_to_leader(
    session: AsyncSession, settings: CaseSettings, case: Case, area: Area
) -> None:
    leaders = await RoutingRepository(session).holders(Role.group_leader, area.path)
    case.dispatch_tried = [*(case.dispatch_tried or []), area.id]
    case.assignee_id, case.assigned_role = leaders[0], Role.group_leader
    case.status, case.escalation_level = CaseStatus.assigned, 0
    case.due_at = clock.now() + timedelta(minutes=settings.dispatch_accept_minutes)
    payload = {
        "role": Role.group_leader.value,
        "assignee_id": case.assignee_id,
        "micro_grid_id": area.id,
        "attempt": len(case.dispatch_tried),
        "due_at": case.due_at.isoformat(),
    }
    await append(session, case, "assigned", payload, actor_id=None)
    await notices.tell(session, case, leaders, "case.dispatch", "值班室派警，请立即前往")


async def redispatch(session: AsyncSession, settings: CaseSettings, case: Case) -> bool:
    """On a missed deadline: the next nearest 联户长, if tries remain. False → climb the ladder."""
    tried = list(case.dispatch_tried or [])
    if case.assigned_role != Role.group_leader or len(tried) >= settings.dispatch_max_leaders:
        return False
    if case.lat is None or case.lng is None:
        return False
    routing = RoutingRepository(session)
    nearest = await routing.nearest_micro_grids(
        case.lat, case.lng, with_leader=True, limit=1, exclude=tried
    )
    if not nearest:
        return False
    previous = case.assignee_id
    await append(
        session,
        case,
        "redispatched",
        {"from_assignee_id": previous, "to_micro_grid_id": nearest[0].id, "reason": "timeout"},
        actor_id=None,
    )
    await _give_to_leader(session, settings, case, nearest[0])
    return True

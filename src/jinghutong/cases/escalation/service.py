"""Moving a case up the ladder (issue 4 item 5). The same step serves the sweep (a missed
deadline: a system event) and a handler passing a case up (a person's event). A duty-room
dispatch first goes to the next nearest 联户长 (dispatch/service.py) before it climbs."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.routing import assign_from
from jinghutong.cases.trail.service import append
from jinghutong.core.config import CaseSettings
from jinghutong.models import Case, CaseStatus


async def escalate_case(
    session: AsyncSession,
    settings: CaseSettings,
    case: Case,
    *,
    reason: str,
    actor_id: str | None,
) -> bool:
    """Give the case to the next rung that has someone; False when there is none above."""
    ladder = settings.ladder_for(case.kind)
    before = (case.assigned_role, case.assignee_id, case.escalation_level, case.status)
    next_level = case.escalation_level + 1
    if next_level >= len(ladder):
        return False
    holders = await assign_from(session, settings, case, next_level)
    if not holders:
        case.assigned_role, case.assignee_id, case.escalation_level, case.status = before
        return False
    case.acknowledged_at = None if case.status == CaseStatus.assigned else case.acknowledged_at
    payload = {
        "from_role": before[0],
        "to_role": case.assigned_role,
        "assignee_id": case.assignee_id,
        "level": case.escalation_level,
        "reason": reason,
        "due_at": case.due_at.isoformat() if case.due_at else None,
    }
    await append(session, case, "escalated", payload, actor_id=actor_id)
    why = "超时未接单" if actor_id is None else "处理人上报"
    title = f"{notices.kind_name(case)}上报（{why}）"
    await notices.tell(session, case, holders, "case.escalated", title, skip=actor_id)
    await notices.tell(
        session, case, [case.reporter_id], "case.escalated", "您的事项已转交上级处理", skip=actor_id
    )
    return True

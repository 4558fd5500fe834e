"""Work done later for disputes: a 交办 deadline passing unsettled, and the 回访 falling due.

Both jobs are enqueued in the unit of work of the action that sets their time (assign,
settle), take ids, reload the dispute under its row lock and re-check that what they were for
still stands — a dispute settled, given up or re-assigned with another deadline meanwhile, or
already followed up, is left quietly alone (a re-assignment's own job comes at its own time)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance import trail
from jinghutong.governance.disputes import notices
from jinghutong.governance.disputes.actions import FOLLOW_UP_JOB, OVERDUE_JOB
from jinghutong.governance.disputes.auth import assignee_account
from jinghutong.governance.disputes.repository import UNDER_DEADLINE
from jinghutong.governance.notices import shanghai
from jinghutong.jobs import JobContext, job_handler
from jinghutong.models import Dispute, DisputeStatus, RecordType


async def _last_actor(session: AsyncSession, dispute: Dispute, action: str) -> str | None:
    for event in reversed(await trail.events(session, RecordType.dispute, dispute.id)):
        if event.action == action:
            return event.actor_id
    return None


def _who(ids: list[str | None]) -> list[str]:
    return [p for p in dict.fromkeys(ids) if p]


@job_handler(OVERDUE_JOB)
async def deadline_passed(session: AsyncSession, payload: dict[str, Any], _ctx: JobContext) -> None:
    """Tell the assignee and the village's 村警 and area officer that the 交办 is overdue."""
    dispute = await session.get(Dispute, payload["dispute_id"], with_for_update=True)
    if dispute is None or dispute.status not in UNDER_DEADLINE or dispute.deadline_at is None:
        return
    if dispute.deadline_at != datetime.fromisoformat(payload["deadline_at"]):
        return  # handed over again with another deadline; its own job will come
    dispute.due_at = None
    people = await notices.village_people(session, dispute)
    assigner = await _last_actor(session, dispute, "assigned") or dispute.reporter_id
    text = f"交办期限（{shanghai(dispute.deadline_at)}）已过，纠纷尚未化解，请尽快调处"
    await notices.tell_assignee(session, dispute, "dispute.overdue", text, assigner, others=people)
    told = _who([await assignee_account(session, dispute), *people])
    detail = {"deadline_at": dispute.deadline_at.isoformat(), "told": told}
    await trail.append(session, RecordType.dispute, dispute.id, None, "overdue", detail)


@job_handler(FOLLOW_UP_JOB)
async def follow_up_due(session: AsyncSession, payload: dict[str, Any], _ctx: JobContext) -> None:
    """Remind whoever settled it and the assignee that the 回访 is due."""
    dispute = await session.get(Dispute, payload["dispute_id"], with_for_update=True)
    if dispute is None or dispute.status != DisputeStatus.settled or dispute.followed_up_at:
        return
    settler = await _last_actor(session, dispute, "settled")
    settled = shanghai(dispute.settled_at or dispute.created_at)
    text = f"纠纷已于{settled}调解，回访时间到了：请回访当事人，了解协议履行情况"
    await notices.tell_assignee(
        session,
        dispute,
        "dispute.follow_up_due",
        text,
        settler or dispute.reporter_id,
        others=[settler],
    )
    detail = {"told": _who([await assignee_account(session, dispute), settler])}
    await trail.append(session, RecordType.dispute, dispute.id, None, "follow_up_due", detail)

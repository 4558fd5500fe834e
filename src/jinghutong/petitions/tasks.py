"""Work done later for petitions: the deadline the chief set passes without an answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.jobs import JobContext, job_handler
from jinghutong.models import Petition, Role
from jinghutong.petitions import notices, trail
from jinghutong.petitions.handling import DEADLINE_JOB
from jinghutong.petitions.repository import WAITING, PeopleRepository


@job_handler(DEADLINE_JOB)
async def deadline_passed(session: AsyncSession, payload: dict[str, Any], _ctx: JobContext) -> None:
    """Tell the chief and the officer; quietly nothing when it was answered, closed or moved."""
    petition = await session.get(Petition, payload["petition_id"], with_for_update=True)
    if petition is None or petition.status not in WAITING or petition.deadline_at is None:
        return
    if petition.deadline_at != datetime.fromisoformat(payload["deadline_at"]):
        return  # the chief set another deadline; its own job will come
    await trail.append(session, petition, None, "overdue", {"by": "system"})
    chiefs = await PeopleRepository(session).holders_over([Role.chief], petition.area_path)
    await notices.tell(
        session,
        [*chiefs, petition.assignee_id],
        "petition.overdue",
        petition,
        "已超过答复期限，请尽快答复来信人",
    )

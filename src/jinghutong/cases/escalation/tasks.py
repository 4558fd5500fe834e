"""The deadline sweep: every 30 s one worker (the periodic job row is claimed by one worker at
a time) takes the cases past due — locked with SKIP LOCKED, so a case a person is acting on
right now is left for the next sweep — and moves each up. Deadlines live in `cases.due_at`,
so a restart loses none; the row lock and the re-check make a double firing impossible."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.dispatch.service import redispatch
from jinghutong.cases.escalation.service import escalate_case
from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.trail.service import append
from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext, periodic_job

SWEEP_JOB = "cases.escalate_due"
BATCH = 200


@periodic_job(SWEEP_JOB, every=timedelta(seconds=30))
async def escalate_due_cases(
    session: AsyncSession, _payload: dict[str, Any], ctx: JobContext
) -> None:
    settings: Settings = ctx["settings"]
    for case in await CaseRepository(session).due(clock.now(), BATCH):
        if case.origin == "dispatch" and await redispatch(session, settings.cases, case):
            continue
        if not await escalate_case(session, settings.cases, case, reason="timeout", actor_id=None):
            case.due_at = None  # nobody above: stop the clock, the case stays in the lists
            await append(
                session, case, "escalation_ended", {"level": case.escalation_level}, actor_id=None
            )

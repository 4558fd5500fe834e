"""Overdue rectifications move up, as cases do (cases/escalation/tasks.py).

Every minute one worker (the periodic job row is claimed by one worker at a time) takes the
hazards under rectification whose `due_at` passed — locked with SKIP LOCKED, so a hazard a
person is acting on, or another sweep holds, is left alone — raises `escalation_level`
(1: the area officers of the village; 2: the chief; it stays at the top), tells them, writes
an "overdue" event and moves `due_at` on by `hazard_reescalate_hours`, all in the job's one
unit of work. A second sweep, a retry after a crash or another worker finds `due_at` in the
future (or the row locked) and does nothing: one deadline passing escalates once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import GovernanceSettings, Settings
from jinghutong.governance import trail
from jinghutong.governance.hazards import notices
from jinghutong.governance.hazards.repository import HazardRepository, PlacesRepository
from jinghutong.governance.hazards.responsible import tell_responsible
from jinghutong.governance.notices import shanghai
from jinghutong.jobs import JobContext, periodic_job
from jinghutong.models import Hazard, RecordType, Role

SWEEP_JOB = "governance.hazards.escalate_due"
BATCH = 200
# The rungs above the 村警 who notified: level 1, level 2 (the top).
LADDER = ((Role.area_officer,), (Role.chief,))
TOP = len(LADDER)


async def _climb(session: AsyncSession, hazard: Hazard) -> tuple[int, list[str]]:
    """The next level and who holds it; a rung nobody holds is passed over to the one above."""
    places = PlacesRepository(session)
    level = min(hazard.escalation_level + 1, TOP)
    while True:
        people = await places.holders_over(LADDER[level - 1], hazard.area_path)
        if people or level == TOP:
            return level, people
        level += 1


async def escalate(session: AsyncSession, hazard: Hazard, settings: GovernanceSettings) -> None:
    now = clock.now()
    level, people = await _climb(session, hazard)
    passed = hazard.due_at
    hazard.escalation_level = level
    hazard.due_at = now + timedelta(hours=settings.hazard_reescalate_hours)
    detail = {
        "level": level,
        "deadline_at": hazard.deadline_at.isoformat() if hazard.deadline_at else None,
        "passed_at": passed.isoformat() if passed else None,
        "next_due_at": hazard.due_at.isoformat(),
        "told": people,
    }
    await trail.append(session, RecordType.hazard, hazard.id, None, "overdue", detail)
    late = f"整改期限已过（{shanghai(hazard.deadline_at or now)}），请督促整改"
    await notices.tell(session, people, "hazard.overdue", hazard, late)
    # Whoever must act hears of it too: in the app, or — a village cadre without WeChat — by
    # a phone call owed, like the notice that set the deadline.
    await tell_responsible(session, hazard, None, "hazard.overdue", "整改已超期，请尽快整改")


async def escalate_due(
    session: AsyncSession, settings: GovernanceSettings, now: datetime, limit: int = BATCH
) -> int:
    """One sweep: escalate up to `limit` overdue hazards; returns how many moved."""
    due = await HazardRepository(session).due(now, limit)
    for hazard in due:
        await escalate(session, hazard, settings)
    return len(due)


@periodic_job(SWEEP_JOB, every=timedelta(seconds=60))
async def escalate_due_hazards(
    session: AsyncSession, _payload: dict[str, Any], ctx: JobContext
) -> None:
    settings: Settings = ctx["settings"]
    await escalate_due(session, settings.governance, clock.now())

"""The award sweep and other work done later for points (see each job). Periodic jobs run on
one worker at a time (their row is claimed by one worker); the sweep is safe even if two run
at once (points.ledger.sweep)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.jobs import JobContext, periodic_job
from jinghutong.points.ledger.bulletin_reads import CHECK_EVERY, award_bulletin_reads
from jinghutong.points.ledger.sweep import sweep

AWARD_SWEEP = "points.award_sweep"
BULLETIN_READS = "points.bulletin_reads"


@periodic_job(AWARD_SWEEP, every=timedelta(seconds=30))
async def award_recorded_events(
    session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext
) -> None:
    """Awards for what was recorded since the last sweep (cases, governance, visits)."""
    await sweep(session)


@periodic_job(BULLETIN_READS, every=CHECK_EVERY)
async def award_bulletins_read(
    session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext
) -> None:
    """Awards to 联户长 whose households all read an important bulletin."""
    await award_bulletin_reads(session)

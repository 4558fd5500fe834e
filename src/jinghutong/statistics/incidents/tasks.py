"""Work done later for statistics: mirroring cases into incidents (and with them the rollup).
A periodic job runs on one worker at a time (its row is claimed by one worker); the mirror is
safe even if two run at once (mirror.py: the cursor row is locked for the sweep)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.jobs import JobContext, periodic_job
from jinghutong.statistics.incidents.mirror import mirror_cases

MIRROR_CASES = "statistics.mirror_cases"


@periodic_job(MIRROR_CASES, every=timedelta(seconds=30))
async def mirror_recorded_cases(
    session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext
) -> None:
    """Cases reported, dispatched or changed since the last sweep become or update 警情."""
    await mirror_cases(session)

"""Work done later for evaluations (see each job).

The work engine runs periodic jobs at an interval, not at a time of day, so "on the 1st" is
an hourly look: once the month has turned (Asia/Shanghai), the first look computes the month
before for every station where some 村警 has no sheet for it yet; later looks find every 村警
with a sheet and do nothing (a 村警 appointed meanwhile gets theirs at the next look). Drafts
are recomputed by the chief when records arrive late; confirmed sheets are never touched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.logging import get_logger
from jinghutong.jobs import JobContext, periodic_job
from jinghutong.points.evaluation.appeals import finalise_closed_windows
from jinghutong.points.evaluation.compute import compute_under, previous_month, window_of
from jinghutong.points.evaluation.repository import SheetRepository

MONTHLY_SHEETS = "evaluation.monthly_sheets"
CLOSE_WINDOWS = "evaluation.close_appeal_windows"

log = get_logger("jinghutong.points.evaluation")


async def compute_last_month(session: AsyncSession) -> int:
    """Sheets for the month before this one, for every station that lacks some. Returns how
    many 村警 were computed."""
    month = previous_month(clock.now())
    repo = SheetRepository(session)
    done = 0
    for station in await repo.stations():
        if await repo.police_without_sheet(station.path, month):
            results = await compute_under(session, [station.path], window_of(month))
            done += sum(1 for r in results if r.outcome != "skipped")
    if done:
        log.info("evaluation sheets computed", month=month, police=done)
    return done


@periodic_job(MONTHLY_SHEETS, every=timedelta(hours=1))
async def monthly_sheets(session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext) -> None:
    """Last month's draft sheets, once the month has turned."""
    await compute_last_month(session)


@periodic_job(CLOSE_WINDOWS, every=timedelta(minutes=10))
async def close_appeal_windows(
    session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext
) -> None:
    """Confirmed sheets whose 3 working days passed without an appeal become final."""
    await finalise_closed_windows(session)

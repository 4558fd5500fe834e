"""Idempotency records are kept for a day: long enough for any retry from a phone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.idempotency.service import purge_before
from jinghutong.jobs import JobContext, periodic_job


@periodic_job("idempotency.purge", every=timedelta(hours=6))
async def purge_old_records(
    session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext
) -> None:
    await purge_before(session, clock.now() - timedelta(hours=24))

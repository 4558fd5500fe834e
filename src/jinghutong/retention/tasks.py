"""The retention sweep as a periodic job of the work engine (one worker runs it at a time:
the job's row is claimed by one)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.integrations.storage import Storage
from jinghutong.jobs import JobContext, periodic_job
from jinghutong.retention.service import sweep

RETENTION_SWEEP = "retention.sweep"


@periodic_job(RETENTION_SWEEP, every=timedelta(hours=1))
async def retention_sweep(session: AsyncSession, _payload: dict[str, Any], ctx: JobContext) -> None:
    settings: Settings = ctx["settings"]
    storage = ctx.services.get("storage") or Storage.from_url(settings.resolved_storage_url)
    await sweep(session, storage, settings.retention, clock.now())

"""Uploads nobody attached: a photo taken for a report that was never sent stays in storage and
the database until this sweep deletes it, once it is older than `media.orphan_max_age_hours`.

One worker runs the sweep at a time (the periodic job row is claimed by one worker), and the
media rows are locked with SKIP LOCKED besides: a request attaching one of them right now keeps
it, and a second sweep never deletes a row twice. Small batches keep the locks short; a backlog
drains over a few runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.integrations.storage import Storage
from jinghutong.jobs import JobContext, periodic_job
from jinghutong.media.service import sweep_orphans

SWEEP_ORPHANS = "media.sweep_orphans"
BATCH = 50


@periodic_job(SWEEP_ORPHANS, every=timedelta(minutes=5))
async def delete_orphaned_uploads(
    session: AsyncSession, _payload: dict[str, Any], ctx: JobContext
) -> None:
    settings: Settings = ctx["settings"]
    storage = ctx.services.get("storage") or Storage.from_url(settings.resolved_storage_url)
    cutoff = clock.now() - timedelta(hours=settings.media.orphan_max_age_hours)
    await sweep_orphans(session, storage, cutoff, BATCH)

"""One retention sweep: what is past its period goes, in bounded batches (a backlog, as on
the day retention is first switched on, drains over a few runs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record as audit
from jinghutong.core.config import RetentionSettings
from jinghutong.core.logging import get_logger
from jinghutong.integrations.storage import Storage, StorageError
from jinghutong.models import CheckStatus, JobState, Media
from jinghutong.retention import repository as repo

log = get_logger("jinghutong.retention")

MEDIA_BATCH = 200
ROW_BATCH = 5000
PURGE_ACTION = "retention_purge"


@dataclass
class Swept:
    media: int = 0
    done_jobs: int = 0
    failed_jobs: int = 0
    notifications: int = 0


async def _purge(session: AsyncSession, storage: Storage, rows: list[Media], days: int) -> int:
    """Delete each file, then mark its row; a file the store will not delete keeps its row as
    it was, for the next sweep. If the commit fails after the files went, the next sweep finds
    the rows again and deleting a missing file is harmless."""
    purged = 0
    for media in rows:
        try:
            await storage.delete(media.storage_key)
        except StorageError as exc:
            log.warning("retention_delete_failed", media_id=media.id, error=str(exc))
            continue
        media.check_status = CheckStatus.purged
        await audit(
            session,
            actor_id=None,
            action=PURGE_ACTION,
            subject_type="media",
            subject_id=media.id,
            detail={
                "attached_to_type": media.attached_to_type,
                "attached_to_id": media.attached_to_id,
                "retention_days": days,
            },
        )
        purged += 1
    return purged


async def sweep(
    session: AsyncSession, storage: Storage, rules: RetentionSettings, now: datetime
) -> Swept:
    swept = Swept()
    if rules.media_days:
        before = now - timedelta(days=rules.media_days)
        for query in (repo.expired_case_media, repo.expired_petition_media):
            rows = await query(session, before, MEDIA_BATCH)
            swept.media += await _purge(session, storage, rows, rules.media_days)
    if rules.done_jobs_days:
        before = now - timedelta(days=rules.done_jobs_days)
        swept.done_jobs = await repo.delete_jobs(session, JobState.done, before, ROW_BATCH)
    if rules.failed_jobs_days:
        before = now - timedelta(days=rules.failed_jobs_days)
        swept.failed_jobs = await repo.delete_jobs(session, JobState.failed, before, ROW_BATCH)
    if rules.notifications_days:
        before = now - timedelta(days=rules.notifications_days)
        swept.notifications = await repo.delete_notifications(session, before, ROW_BATCH)
    if any(vars(swept).values()):
        log.info("retention_swept", **vars(swept))
    return swept

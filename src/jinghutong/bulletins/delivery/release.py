"""Releasing a bulletin: at its time, the audience becomes delivery rows in one INSERT … SELECT
(feed rows for everyone, pending WeChat rows for those with quota), and the delivery loops
take over. Runs as the `bulletins.release` job: the job row is the schedule, so a bulletin set
for 08:00 goes at 08:00 even if every process restarted in between."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.audience import resolve
from jinghutong.bulletins.audience.spec import AudienceSpec, check
from jinghutong.bulletins.authoring.service import RELEASE_JOB
from jinghutong.bulletins.delivery import repository as rows_repo
from jinghutong.bulletins.repository import BulletinRepository
from jinghutong.core import clock
from jinghutong.core.errors import AppError
from jinghutong.jobs import JobContext, job_handler
from jinghutong.models import Bulletin, BulletinStatus
from jinghutong.notifications.templates import BULLETIN_TEMPLATE


async def release(session: AsyncSession, bulletin: Bulletin) -> int:
    """Create the delivery rows (once) and start sending. Returns how many rows were made."""
    repo = BulletinRepository(session)
    if await repo.has_deliveries(bulletin.id):
        return 0
    now = clock.now()
    try:
        checked = await check(
            session, bulletin.author_id, AudienceSpec.model_validate(bulletin.audience)
        )
    except AppError as exc:  # the author lost their grants, an area was removed …
        bulletin.status, bulletin.finished_at = BulletinStatus.cancelled, now
        bulletin.note = f"发布时推送范围无效：{exc.message}"[:200]
        return 0
    made = await resolve.create_deliveries(session, checked, bulletin.id, BULLETIN_TEMPLATE, now)
    await rows_repo.refresh_statistics(session, made)
    bulletin.status = BulletinStatus.sending
    if made == 0:
        bulletin.status, bulletin.finished_at = BulletinStatus.cancelled, now
        bulletin.note = "发布时推送范围内已没有可接收的人员"
    await session.flush()
    await repo.finish_done(now, [bulletin.id])  # feed-only audiences are done at once
    return made


@job_handler(RELEASE_JOB)
async def release_job(session: AsyncSession, payload: dict[str, Any], ctx: JobContext) -> None:
    bulletin = await BulletinRepository(session).get(payload["bulletin_id"])
    if bulletin is None or bulletin.status not in (
        BulletinStatus.scheduled,
        BulletinStatus.sending,
    ):
        return  # cancelled meanwhile, or already released
    await release(session, bulletin)

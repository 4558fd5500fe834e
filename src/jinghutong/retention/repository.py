"""The retention job's queries: small batches, rows locked with SKIP LOCKED where a file goes
with them (a second worker, or a request touching the row, is never waited for)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import (
    Case,
    CaseStatus,
    CheckStatus,
    Job,
    JobState,
    Media,
    Notification,
    Petition,
    PetitionStatus,
)

# Not purged: already purged, or a content check or a person has still to decide on it.
UNTOUCHED = (CheckStatus.purged, CheckStatus.pending, CheckStatus.review, CheckStatus.risky)
CASE, PETITION = "case", "petition"


async def expired_case_media(session: AsyncSession, before: datetime, limit: int) -> list[Media]:
    """Media of cases closed before `before`."""
    query = (
        select(Media)
        .join(Case, and_(Media.attached_to_type == CASE, Media.attached_to_id == Case.id))
        .where(Case.status == CaseStatus.closed, Case.closed_at < before)
        .where(Media.check_status.not_in(UNTOUCHED))
        .order_by(Media.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Media)
    )
    return list((await session.scalars(query)).all())


async def expired_petition_media(
    session: AsyncSession, before: datetime, limit: int
) -> list[Media]:
    """Media of letters closed — or answered and left so — before `before`."""
    ended = func.coalesce(Petition.closed_at, Petition.answered_at)
    query = (
        select(Media)
        .join(
            Petition, and_(Media.attached_to_type == PETITION, Media.attached_to_id == Petition.id)
        )
        .where(Petition.status.in_((PetitionStatus.closed, PetitionStatus.answered)))
        .where(ended < before)
        .where(Media.check_status.not_in(UNTOUCHED))
        .order_by(Media.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Media)
    )
    return list((await session.scalars(query)).all())


async def delete_jobs(session: AsyncSession, state: JobState, before: datetime, limit: int) -> int:
    """Finished (done or failed) engine rows that ended before `before`; periodic jobs are
    always pending and never match."""
    ids = select(Job.id).where(Job.state == state, Job.finished_at < before).limit(limit)
    result = await session.execute(
        delete(Job)
        .where(Job.id.in_(ids.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def delete_notifications(session: AsyncSession, before: datetime, limit: int) -> int:
    ids = select(Notification.id).where(Notification.created_at < before).limit(limit)
    result = await session.execute(
        delete(Notification)
        .where(Notification.id.in_(ids.scalar_subquery()))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

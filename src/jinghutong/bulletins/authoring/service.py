"""Drafts → (approval) → scheduled or sending → sent, or cancelled.

Publishing checks the audience again (it may have changed since the draft), refuses an empty
one, and hands the bulletin to the `bulletins.release` job at its time: that job resolves the
audience into delivery rows. The job row is the schedule, so a restart loses nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.audience import resolve
from jinghutong.bulletins.audience.spec import AudienceSpec, CheckedAudience, check
from jinghutong.bulletins.authoring import auth
from jinghutong.bulletins.errors import (
    AlreadyPublished,
    CannotCancel,
    EmptyAudience,
    NotEditable,
    NotPendingApproval,
    PublishInPast,
)
from jinghutong.bulletins.repository import BulletinRepository
from jinghutong.bulletins.schemas import (
    BulletinIn,
    BulletinOut,
    BulletinPage,
    BulletinPatch,
    PreviewOut,
)
from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.identity.access import scope_paths
from jinghutong.jobs import enqueue
from jinghutong.media.api import MediaKind, claim_media
from jinghutong.models import STAFF_ROLES, Bulletin, BulletinStatus, Person
from jinghutong.notifications.templates import BULLETIN_TEMPLATE

RELEASE_JOB = "bulletins.release"
# A publish time this far in the past is taken as "now" (the officer's clock, the network).
PAST_TOLERANCE = timedelta(minutes=1)
CANCELLABLE = frozenset(
    {
        BulletinStatus.draft,
        BulletinStatus.pending_approval,
        BulletinStatus.scheduled,
        BulletinStatus.sending,
    }
)


def out(bulletin: Bulletin) -> BulletinOut:
    return BulletinOut.model_validate(bulletin)


async def load(session: AsyncSession, me: Person, bulletin_id: str) -> Bulletin:
    bulletin = await BulletinRepository(session).get(bulletin_id)
    return await auth.require_visible(session, me, bulletin)


async def create(session: AsyncSession, me: Person, body: BulletinIn) -> BulletinOut:
    await auth.require_author(session, me)
    checked = await check(session, me.id, body.audience)
    bulletin_id = new_id()
    values = body.model_dump(exclude={"audience"})
    await _claim_media(session, me, bulletin_id, values)
    bulletin = Bulletin(
        **values,
        id=bulletin_id,
        audience=body.audience.model_dump(),
        reach_path=checked.reach_path,
        status=BulletinStatus.draft,
        author_id=me.id,
    )
    session.add(bulletin)
    await session.flush()
    return out(bulletin)


_MEDIA_FIELDS = {"cover_media_id": MediaKind.image, "voice_media_id": MediaKind.voice}


async def _claim_media(
    session: AsyncSession, me: Person, bulletin_id: str, values: dict[str, Any]
) -> None:
    """The cover (a photo) and the voice version are the author's own uploads; attaching them
    lets the audience fetch them (media access rule "bulletin" in bulletins/authoring/auth.py).
    Checked before the bulletin row is written: an id that is unknown, someone else's or of
    the wrong kind is a 422 naming its field, not a foreign-key failure at commit."""
    for field, kind in _MEDIA_FIELDS.items():
        media_id = values.get(field)
        if media_id is not None:
            await claim_media(
                session, me.id, [media_id], "bulletin", bulletin_id, field=field, kind=kind
            )


async def update(
    session: AsyncSession, me: Person, bulletin_id: str, patch: BulletinPatch
) -> BulletinOut:
    bulletin = await load(session, me, bulletin_id)
    await auth.require_manager(session, me, bulletin)
    if bulletin.status != BulletinStatus.draft:
        raise NotEditable()
    changes = patch.model_dump(exclude_unset=True, exclude={"audience"})
    # Only a newly named cover or voice is claimed: the one already there may be another
    # manager's upload (a chief editing an officer's draft).
    named = {k: v for k, v in changes.items() if k in _MEDIA_FIELDS and v != getattr(bulletin, k)}
    await _claim_media(session, me, bulletin.id, named)
    for name, value in changes.items():
        setattr(bulletin, name, value)
    if patch.audience is not None:
        checked = await check(session, me.id, patch.audience)
        bulletin.audience = patch.audience.model_dump()
        bulletin.reach_path = checked.reach_path
    await session.flush()
    return out(bulletin)


async def page(
    session: AsyncSession, me: Person, status: str | None, cursor: str | None, limit: int
) -> BulletinPage:
    scope = await scope_paths(session, me.id, STAFF_ROLES)
    rows = await BulletinRepository(session).page(me.id, scope, status, cursor, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return BulletinPage(items=[out(b) for b in rows], next_cursor=rows[-1].id if more else None)


async def checked_audience(
    session: AsyncSession, person_id: str, bulletin: Bulletin
) -> CheckedAudience:
    return await check(session, person_id, AudienceSpec.model_validate(bulletin.audience))


async def preview(session: AsyncSession, me: Person, bulletin_id: str) -> PreviewOut:
    bulletin = await load(session, me, bulletin_id)
    checked = await checked_audience(session, bulletin.author_id, bulletin)
    counts = await resolve.preview(session, checked, BULLETIN_TEMPLATE)
    approver = await auth.is_approver(session, me, bulletin)
    return PreviewOut(
        households=counts.households,
        persons=counts.persons,
        wechat_reachable=counts.wechat_reachable,
        needs_approval=not (checked.own or approver),
    )


async def _go(session: AsyncSession, bulletin: Bulletin) -> None:
    """Hand the bulletin to the release job at its time (now when none or already past)."""
    now = clock.now()
    at = bulletin.scheduled_at if bulletin.scheduled_at and bulletin.scheduled_at > now else now
    bulletin.status = BulletinStatus.scheduled if at > now else BulletinStatus.sending
    bulletin.published_at = at
    await enqueue(
        session,
        RELEASE_JOB,
        {"bulletin_id": bulletin.id},
        due_at=at,
        dedupe_key=f"{RELEASE_JOB}:{bulletin.id}",
    )


async def publish(
    session: AsyncSession, me: Person, bulletin_id: str, at: datetime | None
) -> BulletinOut:
    bulletin = await load(session, me, bulletin_id)
    await auth.require_manager(session, me, bulletin)
    if bulletin.status != BulletinStatus.draft:
        raise AlreadyPublished()
    if at is not None and at < clock.now() - PAST_TOLERANCE:
        raise PublishInPast(fields={"at": "不能早于现在"})
    checked = await checked_audience(session, bulletin.author_id, bulletin)
    counts = await resolve.preview(session, checked, BULLETIN_TEMPLATE)
    if counts.persons == 0:
        raise EmptyAudience()
    bulletin.reach_path = checked.reach_path
    bulletin.scheduled_at = at
    if checked.own or await auth.is_approver(session, me, bulletin):
        if bulletin.author_id != me.id:
            bulletin.approver_id = me.id
        await _go(session, bulletin)
    else:
        bulletin.status = BulletinStatus.pending_approval
    await session.flush()
    return out(bulletin)


async def approve(session: AsyncSession, me: Person, bulletin_id: str) -> BulletinOut:
    bulletin = await load(session, me, bulletin_id)
    await auth.require_approver(session, me, bulletin)
    if bulletin.status != BulletinStatus.pending_approval:
        raise NotPendingApproval()
    bulletin.approver_id = me.id
    await _go(session, bulletin)
    await session.flush()
    return out(bulletin)


async def reject(session: AsyncSession, me: Person, bulletin_id: str, reason: str) -> BulletinOut:
    bulletin = await load(session, me, bulletin_id)
    await auth.require_approver(session, me, bulletin)
    if bulletin.status != BulletinStatus.pending_approval:
        raise NotPendingApproval()
    bulletin.status = BulletinStatus.draft
    bulletin.scheduled_at = None
    bulletin.note = f"所长退回：{reason}"[:200]
    await session.flush()
    return out(bulletin)


async def cancel(session: AsyncSession, me: Person, bulletin_id: str) -> BulletinOut:
    """Withdraw: what has not gone stops (pending deliveries cancelled); what went stays."""
    bulletin = await load(session, me, bulletin_id)
    await auth.require_manager(session, me, bulletin)
    if bulletin.status not in CANCELLABLE:
        raise CannotCancel()
    bulletin.status = BulletinStatus.cancelled
    bulletin.finished_at = clock.now()
    await BulletinRepository(session).cancel_pending(bulletin.id)
    await session.flush()
    return out(bulletin)

"""Claims for work nothing recorded (夜里送邻居去医院): a villager or 联户长 claims, with photos,
and the village's 村警 or an officer over their area approves (1–50 points, the book's caps
apply: award key `claim:<id>`) or rejects with a reason. Decided once (409 after)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.identity.access import within
from jinghutong.media.api import MediaKind, claim_media
from jinghutong.models import DecisionStatus, PointsClaim, PointsEvent, Role
from jinghutong.notifications.service import notify
from jinghutong.points.claims import errors as e
from jinghutong.points.claims.auth import MEDIA_TYPE, may_review, may_see, review_scope
from jinghutong.points.claims.schemas import ApproveIn, ClaimIn, ClaimOut, ClaimPage, RejectIn
from jinghutong.points.ledger import reasons
from jinghutong.points.ledger.awards import Award, award
from jinghutong.points.people import holders_over, is_staff, standing

OLDEST = timedelta(days=366)
TOLD = (Role.village_police, Role.area_officer)


def out(claim: PointsClaim) -> ClaimOut:
    return ClaimOut.model_validate(claim, from_attributes=True)


async def submit(session: AsyncSession, person_id: str, body: ClaimIn) -> ClaimOut:
    if await is_staff(session, person_id):
        raise e.StaffDoNotClaim()
    today = clock.now().astimezone(clock.SHANGHAI).date()
    if body.happened_on > today or body.happened_on < today - OLDEST:
        raise e.BadDay(fields={"happened_on": "日期不对"})
    where = await standing(session, person_id)
    if not where.area_path:
        raise e.NoHome()
    claim = PointsClaim(
        id=new_id(),
        person_id=person_id,
        household_id=where.household_id,
        area_path=where.area_path,
        text=body.text,
        media_ids=list(dict.fromkeys(body.media_ids)),
        happened_on=body.happened_on,
        status=DecisionStatus.pending,
    )
    await claim_media(
        session, person_id, claim.media_ids, MEDIA_TYPE, claim.id, kind=MediaKind.image
    )
    session.add(claim)
    await session.flush()
    reviewers = await holders_over(session, TOLD, where.area_path)
    await notify(session, reviewers, "points.claim", "有一条积分申报待审核", body.text[:100])
    return out(claim)


async def list_claims(
    session: AsyncSession,
    person_id: str,
    scope: str,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> ClaimPage:
    if scope == "review":
        condition = within(PointsClaim.area_path, await review_scope(session, person_id))
    else:
        condition = PointsClaim.person_id == person_id
    query = select(PointsClaim).where(condition)
    if status is not None:
        query = query.where(PointsClaim.status == status)
    if cursor is not None:
        query = query.where(PointsClaim.id < decode_cursor(cursor))
    rows = list(
        (await session.scalars(query.order_by(PointsClaim.id.desc()).limit(limit + 1))).all()
    )
    more = len(rows) > limit
    return ClaimPage(
        items=[out(c) for c in rows[:limit]],
        next_cursor=encode_cursor(rows[limit - 1].id) if more else None,
    )


async def read(session: AsyncSession, person_id: str, claim_id: str) -> ClaimOut:
    claim = await session.get(PointsClaim, claim_id)
    if claim is None or not await may_see(session, person_id, claim):
        raise e.ClaimNotFound()
    return out(claim)


async def _for_decision(session: AsyncSession, person_id: str, claim_id: str) -> PointsClaim:
    claim = await session.scalar(
        select(PointsClaim).where(PointsClaim.id == claim_id).with_for_update()
    )
    if claim is None or not await may_see(session, person_id, claim):
        raise e.ClaimNotFound()
    if claim.person_id == person_id:
        raise e.OwnClaim()
    if not await may_review(session, person_id, claim):
        raise e.NotAReviewer()
    if claim.status != DecisionStatus.pending:
        raise e.ClaimDecided()
    return claim


async def approve(
    session: AsyncSession, person_id: str, claim_id: str, body: ApproveIn
) -> ClaimOut:
    claim = await _for_decision(session, person_id, claim_id)
    entry = await award(
        session,
        Award(
            person_id=claim.person_id,
            event_kind=PointsEvent.claim,
            award_key=f"claim:{claim.id}",
            source_type="claim",
            source_id=claim.id,
            reason=reasons.claim(clock.now(), claim.text),
            points=body.points,
            approved_by=person_id,
        ),
    )
    if entry is None:
        raise e.ClaimsNotAwarded()
    claim.status, claim.points, claim.entry_id = DecisionStatus.approved, entry.points, entry.id
    claim.decided_by, claim.decided_at = person_id, clock.now()
    claim.decision_reason = body.note or None
    await session.flush()
    await notify(
        session,
        [claim.person_id],
        "points.claim",
        f"积分申报已通过，记{entry.points}分",
        entry.reason,
    )
    return out(claim)


async def reject(session: AsyncSession, person_id: str, claim_id: str, body: RejectIn) -> ClaimOut:
    claim = await _for_decision(session, person_id, claim_id)
    claim.status, claim.decided_by, claim.decided_at = (
        DecisionStatus.rejected,
        person_id,
        clock.now(),
    )
    claim.decision_reason = body.reason
    await session.flush()
    await notify(session, [claim.person_id], "points.claim", "积分申报未通过", body.reason)
    return out(claim)

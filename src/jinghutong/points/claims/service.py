"""Claims for work nothing recorded (夜里送邻居去医院): a villager or 联户长 claims — in words, by
voice or with photos, any of them, since many speak rather than type — and the village's 村警 or
an officer over their area approves (1–50 points, the book's caps apply: award key
`claim:<id>`) or rejects with a reason. Decided once (409 after)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import decode_cursor, split_page
from jinghutong.identity.access import within
from jinghutong.media.api import claim_media
from jinghutong.models import DecisionStatus, PointsClaim, PointsEvent, Role
from jinghutong.notifications.service import notify
from jinghutong.points.claims import errors as e
from jinghutong.points.claims.auth import MEDIA_TYPE, may_review, may_see, review_scope
from jinghutong.points.claims.repository import ClaimRepository
from jinghutong.points.claims.schemas import ApproveIn, ClaimIn, ClaimOut, ClaimPage, RejectIn
from jinghutong.points.claims.views import MediaContext, claim_out, claims_out, summary
from jinghutong.points.ledger import reasons
from jinghutong.points.ledger.awards import Award, award
from jinghutong.points.people import holders_over, is_staff, standing

OLDEST = timedelta(days=366)
TOLD = (Role.village_police, Role.area_officer)


async def submit(
    session: AsyncSession, media: MediaContext, person_id: str, body: ClaimIn
) -> ClaimOut:
    if await is_staff(session, person_id):
        raise e.StaffDoNotClaim()
    if not body.text and not body.media_ids:
        raise e.NothingClaimed(fields={"text": "请写几句话，或附上语音、照片"})
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
    # Voice and photos alike (media checks each item's kind on upload).
    await claim_media(session, person_id, claim.media_ids, MEDIA_TYPE, claim.id)
    session.add(claim)
    await session.flush()
    reviewers = await holders_over(session, TOLD, where.area_path)
    what = (await summary(session, claim))[:100]
    await notify(session, reviewers, "points.claim", "有一条积分申报待审核", what)
    return await claim_out(session, media, claim)


async def list_claims(
    session: AsyncSession,
    media: MediaContext,
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
    before = decode_cursor(cursor) if cursor is not None else None
    rows = await ClaimRepository(session).page(condition, status, before, limit + 1)
    shown, next_cursor = split_page(rows, limit)
    return ClaimPage(items=await claims_out(session, media, shown), next_cursor=next_cursor)


async def read(
    session: AsyncSession, media: MediaContext, person_id: str, claim_id: str
) -> ClaimOut:
    claim = await ClaimRepository(session).get(claim_id)
    if claim is None or not await may_see(session, person_id, claim):
        raise e.ClaimNotFound()
    return await claim_out(session, media, claim)


async def _for_decision(session: AsyncSession, person_id: str, claim_id: str) -> PointsClaim:
    claim = await ClaimRepository(session).get(claim_id, for_update=True)
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
    session: AsyncSession, media: MediaContext, person_id: str, claim_id: str, body: ApproveIn
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
            reason=reasons.claim(clock.now(), await summary(session, claim)),
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
    return await claim_out(session, media, claim)


async def reject(
    session: AsyncSession, media: MediaContext, person_id: str, claim_id: str, body: RejectIn
) -> ClaimOut:
    claim = await _for_decision(session, person_id, claim_id)
    claim.status, claim.decided_by, claim.decided_at = (
        DecisionStatus.rejected,
        person_id,
        clock.now(),
    )
    claim.decision_reason = body.reason
    await session.flush()
    await notify(session, [claim.person_id], "points.claim", "积分申报未通过", body.reason)
    return await claim_out(session, media, claim)

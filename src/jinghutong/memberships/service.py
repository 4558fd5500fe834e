"""Joining a household by scanning its code, deciding on applications, leaving and removal.

Only failed scans count towards the rate limits (per person and per client address), so a
family scanning their own door plate is never locked out by their own success."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.errors import AppError, Conflict, Forbidden, NotFound
from jinghutong.core.ratelimit import RateLimiter
from jinghutong.households.codes.service import household_for_scene
from jinghutong.identity.access import scope_paths
from jinghutong.memberships import auth
from jinghutong.memberships.repository import MembershipRepository, Row
from jinghutong.memberships.schemas import (
    HouseholdRef,
    MembershipDetail,
    MembershipOut,
    MembershipPage,
    PersonRef,
)
from jinghutong.models import Household, Membership, MembershipStatus, Person
from jinghutong.notifications.service import notify

PERSON_FAILED_SCANS = "10/15minute"
ADDRESS_FAILED_SCANS = "30/15minute"  # a whole family may share one address
TOO_MANY_SCANS = "扫码失败次数太多，请稍后再试，或请联户长帮忙"
OPEN = (MembershipStatus.pending, MembershipStatus.active)
APPROVALS_PAGE = "pages/leader/leader"
HOUSEHOLD_PAGE = "pages/join/join"


class MembershipNotFound(NotFound):
    detail = "没有找到这条家庭成员记录，或您无权查看"


class NotYourDecision(Forbidden):
    detail = "只有这户的家庭成员或联户长、村警可以审核"


class AlreadyDecided(Conflict):
    detail = "这条申请已经处理过了，请刷新后查看"


class AlreadyEnded(Conflict):
    detail = "该成员已不在这个家庭中"


def out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.id,
        household_id=m.household_id,
        status=m.status,
        relation=m.relation,
        created_at=m.created_at,
        decided_at=m.decided_at,
    )


def detail(m: Membership, h: Household, p: Person) -> MembershipDetail:
    return MembershipDetail(
        **out(m).model_dump(),
        person=PersonRef(id=p.id, name=p.name),
        household=HouseholdRef(id=h.id, address=h.address),
    )


# -- joining -----------------------------------------------------------------------------------


async def bind(
    session: AsyncSession,
    limiter: RateLimiter,
    person: Person,
    scene: str,
    relation: str | None,
    client: str,
) -> tuple[MembershipOut, bool]:
    """Ask to join the household whose code was scanned → (membership, created)."""
    keys = (f"bind:person:{person.id}", f"bind:address:{client}")
    await limiter.check(PERSON_FAILED_SCANS, keys[0], detail=TOO_MANY_SCANS)
    await limiter.check(ADDRESS_FAILED_SCANS, keys[1], detail=TOO_MANY_SCANS)
    try:
        household = await household_for_scene(session, scene)
    except AppError:
        await limiter.hit(PERSON_FAILED_SCANS, keys[0])
        await limiter.hit(ADDRESS_FAILED_SCANS, keys[1])
        raise
    membership, created = await _apply(session, person.id, household, relation)
    if created:
        await _tell_approvers(session, person, household)
    return out(membership), created


async def _apply(
    session: AsyncSession, person_id: str, household: Household, relation: str | None
) -> tuple[Membership, bool]:
    repo = MembershipRepository(session)
    existing = await repo.get_for(person_id, household.id)
    if existing is not None and existing.status in OPEN:
        return existing, False  # a replayed scan: the same application
    if existing is not None:  # left, removed or rejected before: apply again
        existing.status = MembershipStatus.pending
        existing.decided_at, existing.decided_by_id = None, None
        existing.relation = relation or existing.relation
        await session.flush()
        return existing, True
    try:
        async with session.begin_nested():
            row = Membership(
                person_id=person_id, household_id=household.id, status=MembershipStatus.pending
            )
            row.relation = relation or "家庭成员"
            return await repo.add(row), True
    except IntegrityError:  # the same scan sent twice at once: the other one won
        again = await repo.get_for(person_id, household.id)
        if again is None:
            raise
        return again, False


async def _tell_approvers(session: AsyncSession, applicant: Person, household: Household) -> None:
    approvers = await MembershipRepository(session).approver_ids(household)
    who = applicant.name or "一位村民"
    await notify(
        session,
        [pid for pid in approvers if pid != applicant.id],
        "membership.requested",
        "新的家庭成员申请",
        f"{who}申请加入{household.address}",
        f"{APPROVALS_PAGE}?household_id={household.id}",
    )


# -- lists ---------------------------------------------------------------------------------------


async def list_memberships(
    session: AsyncSession,
    person_id: str,
    status: str | None,
    mine: bool,
    cursor: str | None,
    limit: int,
) -> MembershipPage:
    repo = MembershipRepository(session)
    if mine:
        condition = Membership.person_id == person_id
    else:
        paths = await scope_paths(session, person_id, auth.APPROVER_ROLES)
        condition = repo.decidable_by(person_id, paths)
    rows: list[Row] = await repo.page(condition, status, cursor, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return MembershipPage(
        items=[detail(*row) for row in rows], next_cursor=rows[-1][0].id if more else None
    )


# -- deciding, leaving, removing -------------------------------------------------------------


async def _load(
    session: AsyncSession, person_id: str, membership_id: str
) -> tuple[Membership, Household, bool]:
    """(membership, household, may_decide); 404 for those who may not even see it."""
    found = await MembershipRepository(session).get(membership_id)
    if found is None:
        raise MembershipNotFound()
    membership, household = found
    allowed = await auth.may_decide(session, person_id, membership, household)
    if not allowed and membership.person_id != person_id:
        raise MembershipNotFound()
    return membership, household, allowed


async def decide(
    session: AsyncSession, person_id: str, membership_id: str, approve: bool
) -> MembershipOut:
    membership, household, allowed = await _load(session, person_id, membership_id)
    if not allowed:
        raise NotYourDecision()
    new = MembershipStatus.active if approve else MembershipStatus.rejected
    repo = MembershipRepository(session)
    if membership.status != MembershipStatus.pending or not await repo.move(
        membership.id, MembershipStatus.pending, new, person_id, clock.now()
    ):
        raise AlreadyDecided()
    await session.refresh(membership)
    if approve:
        title, body = "家庭成员申请已通过", f"您已加入{household.address}"
    else:
        title, body = "家庭成员申请未通过", f"加入{household.address}的申请未通过，可联系联户长"
    kind = "membership.approved" if approve else "membership.rejected"
    await notify(session, [membership.person_id], kind, title, body, HOUSEHOLD_PAGE)
    return out(membership)


async def end(session: AsyncSession, person_id: str, membership_id: str) -> MembershipOut:
    """The member leaves (left), or an approver removes them (removed)."""
    membership, household, _ = await _load(session, person_id, membership_id)
    leaving = membership.person_id == person_id
    new = MembershipStatus.left if leaving else MembershipStatus.removed
    if membership.status not in OPEN or not await MembershipRepository(session).move(
        membership.id, membership.status, new, person_id, clock.now()
    ):
        raise AlreadyEnded()
    await session.refresh(membership)
    if not leaving:
        await notify(
            session,
            [membership.person_id],
            "membership.removed",
            "您已被移出家庭",
            f"您已不再是{household.address}的家庭成员，如有疑问请联系联户长",
            HOUSEHOLD_PAGE,
        )
    return out(membership)

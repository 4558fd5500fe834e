"""At the 警务室: staff hand the goods over against the villager's code (核销), or a held
redemption is cancelled (the points and the stock go back).

Both fulfilling routes need the code — scanned from the villager's phone or typed as they read
it out — so goods are handed over only to whoever holds it; staff never see codes. Wrong codes
count like failed logins (per staff member and per address): a few mistypes are nothing, a
guesser is stopped. A code of another station is wrong here too (404, counted), as is any
redemption outside the caller's stations."""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock, crypto
from jinghutong.core.ratelimit import RateLimiter
from jinghutong.models import Person, PointsEvent, Redemption, RedemptionStatus
from jinghutong.points.ledger.api import append_entry
from jinghutong.points.rewards import auth, codes, views
from jinghutong.points.rewards.errors import (
    AlreadyCancelled,
    AlreadyFulfilled,
    NotStaff,
    OwnRedemption,
    RedemptionNotFound,
    WrongCode,
)
from jinghutong.points.rewards.redeem import SOURCE_TYPE, hold_key, refund_key
from jinghutong.points.rewards.repository import (
    PlacesRepository,
    PoolRepository,
    RedemptionRepository,
    RewardRepository,
)
from jinghutong.points.rewards.schemas import RedemptionOut

PERSON_FAILED_CODES = "10/15minute"
ADDRESS_FAILED_CODES = "30/15minute"  # one 警务室 counter, several staff
TOO_MANY_CODES = "兑换码输错次数太多，请稍后再试"


class _Failures:
    """Wrong codes, counted only when wrong (core.ratelimit: check before, hit after)."""

    def __init__(self, limiter: RateLimiter, person_id: str, client: str) -> None:
        self.limiter = limiter
        self.keys = (f"redeem-code:person:{person_id}", f"redeem-code:address:{client}")

    async def check(self) -> None:
        await self.limiter.check(PERSON_FAILED_CODES, self.keys[0], detail=TOO_MANY_CODES)
        await self.limiter.check(ADDRESS_FAILED_CODES, self.keys[1], detail=TOO_MANY_CODES)

    async def wrong(self) -> NoReturn:
        await self.limiter.hit(PERSON_FAILED_CODES, self.keys[0])
        await self.limiter.hit(ADDRESS_FAILED_CODES, self.keys[1])
        raise WrongCode()


async def fulfil_by_code(
    session: AsyncSession, limiter: RateLimiter, me: Person, code: str, client: str
) -> RedemptionOut:
    """The code scanned or typed at the counter, without opening the redemption first."""
    if not await auth.staff_stations(session, me.id):
        raise NotStaff()
    failures = _Failures(limiter, me.id, client)
    await failures.check()
    found = await RedemptionRepository(session).by_code_hash(codes.code_hash(codes.normalise(code)))
    if found is None or not await auth.serves(session, me.id, found.station_id):
        await failures.wrong()
    return await _fulfil(session, me, found)


async def fulfil_by_id(
    session: AsyncSession,
    limiter: RateLimiter,
    me: Person,
    redemption_id: str,
    code: str,
    client: str,
) -> RedemptionOut:
    """A redemption opened from the station's list, confirmed with the villager's code."""
    found = await RedemptionRepository(session).get(redemption_id)
    if found is None or not await auth.serves(session, me.id, found.station_id):
        raise RedemptionNotFound()
    failures = _Failures(limiter, me.id, client)
    await failures.check()
    if not crypto.same_secret(codes.code_for(found.id), codes.normalise(code)):
        await failures.wrong()
    return await _fulfil(session, me, found)


async def _fulfil(session: AsyncSession, me: Person, redemption: Redemption) -> RedemptionOut:
    if redemption.person_id == me.id:
        raise OwnRedemption()
    repository = RedemptionRepository(session)
    if not await repository.mark_fulfilled(redemption.id, me.id, clock.now()):
        await _not_held(session, redemption.id, "不能再次核销")
    fresh = await repository.get(redemption.id)
    assert fresh is not None
    return await views.redemption(session, fresh)


async def _not_held(session: AsyncSession, redemption_id: str, then: str) -> NoReturn:
    """Why a redemption is no longer held: when and by whom it was handed over, or cancelled."""
    row = await RedemptionRepository(session).get(redemption_id)
    assert row is not None
    if row.status == RedemptionStatus.fulfilled and row.fulfilled_at is not None:
        names = await PlacesRepository(session).names([row.fulfilled_by])
        at = row.fulfilled_at.astimezone(clock.SHANGHAI).strftime("%Y年%m月%d日 %H:%M")
        by = names.get(row.fulfilled_by or "", "工作人员")
        raise AlreadyFulfilled(f"这个兑换码已于{at}由{by}核销，物品已领取，{then}")
    raise AlreadyCancelled()


async def cancel(session: AsyncSession, me: Person, redemption_id: str) -> RedemptionOut:
    """The owner (changed their mind) or staff (goods gone bad) cancel a held redemption."""
    repository = RedemptionRepository(session)
    found = await repository.get(redemption_id)
    if found is None or not await auth.sees_redemption(session, me.id, found):
        raise RedemptionNotFound()
    if not await repository.mark_cancelled(found.id, clock.now()):
        await _not_held(session, found.id, "不能取消")
    await RewardRepository(session).put_back(found.reward_id)
    await _refund(session, me, found)
    fresh = await repository.get(found.id)
    assert fresh is not None
    return await views.redemption(session, fresh)


async def _refund(session: AsyncSession, me: Person, redemption: Redemption) -> None:
    """The held points back, stamped where the hold was (the same pool gets them back); staff
    cancelling on the owner's behalf are named as the entry's approver."""
    hold = await PoolRepository(session).entry(redemption.person_id, hold_key(redemption.id))
    assert hold is not None, "a held redemption always has its hold entry"
    rewards = await RewardRepository(session).many([redemption.reward_id])
    await append_entry(
        session,
        person_id=redemption.person_id,
        household_id=hold.household_id,
        area_path=hold.area_path,
        event_kind=PointsEvent.refund,
        points=redemption.points,
        source_type=SOURCE_TYPE,
        source_id=redemption.id,
        reason=f"取消兑换{rewards[redemption.reward_id].name}，积分退回",
        award_key=refund_key(redemption.id),
        approved_by=me.id if me.id != redemption.person_id else None,
    )

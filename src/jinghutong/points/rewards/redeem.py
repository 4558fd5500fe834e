"""Redeeming a reward, in one unit of work: the pool is locked and checked, one comes off the
stock, the redemption is written and its points are held by a negative ledger entry.

Concurrency: two redemptions from one pool queue on that pool's row lock (pools.lock) before
either reads the balance, so both cannot pass the check; two redemptions of the last item are
ordered by the stock UPDATE's row lock, and the second finds `stock > 0` false (409). On SQLite
the one writer does the same. Whatever fails after the stock was taken (the hold's entry, the
commit) rolls the stock back with it."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.ids import new_id
from jinghutong.models import Person, PointsEvent, Redemption, RedemptionStatus, Reward
from jinghutong.points.ledger.api import append_entry
from jinghutong.points.rewards import auth, codes, pools, views
from jinghutong.points.rewards.errors import NotEnoughPoints, OutOfStock, RewardNotFound
from jinghutong.points.rewards.repository import (
    PlacesRepository,
    RedemptionRepository,
    RewardRepository,
)
from jinghutong.points.rewards.schemas import RedeemIn, RedemptionOut

SOURCE_TYPE = "redemption"
# A code is 10 digits, unique over the whole deployment: a new id (so a new code) on the rare
# clash with one issued before.
CODE_ATTEMPTS = 3


def hold_key(redemption_id: str) -> str:
    return f"redemption:{redemption_id}"


def refund_key(redemption_id: str) -> str:
    return f"refund:{redemption_id}"


async def redeem(session: AsyncSession, me: Person, body: RedeemIn) -> RedemptionOut:
    """Hold the points and one of the stock; the answer carries no code (the endpoint adds it)."""
    rewards = RewardRepository(session)
    reward = await rewards.get(body.reward_id)
    if reward is None or not await auth.sees_station(session, me.id, reward.station_id):
        raise RewardNotFound()
    station = await PlacesRepository(session).area(reward.station_id)
    assert station is not None
    source = await pools.source_for(session, me, station, body.pool, body.household_id)
    await pools.lock(session, source)
    source, covered = pools.paying(await pools.places(session, source), reward.points)
    if covered < reward.points:
        whose = "全家" if source.pool == "household" else "您"
        raise NotEnoughPoints(
            f"积分不够：兑换{reward.name}要 {reward.points} 分，{whose}现在可用 {covered} 分"
        )
    if not await rewards.take_one(reward.id):
        raise OutOfStock()
    redemption = await _write(session, reward, source)
    await append_entry(
        session,
        person_id=me.id,
        household_id=source.household_id,
        area_path=source.area_path,
        event_kind=PointsEvent.redemption,
        points=-reward.points,
        source_type=SOURCE_TYPE,
        source_id=redemption.id,
        reason=f"兑换{reward.name}",
        award_key=hold_key(redemption.id),
    )
    out = await views.redemption(session, redemption)
    return out.model_copy(update={"balance_after": covered - reward.points})


async def _write(session: AsyncSession, reward: Reward, source: pools.Source) -> Redemption:
    repository = RedemptionRepository(session)
    for attempt in range(CODE_ATTEMPTS):
        redemption_id = new_id()
        row = Redemption(
            id=redemption_id,
            reward_id=reward.id,
            station_id=reward.station_id,
            person_id=source.person_id,
            household_id=source.household_id if source.pool == "household" else None,
            points=reward.points,
            code_hash=codes.code_hash(codes.code_for(redemption_id)),
            status=RedemptionStatus.held,
        )
        try:
            async with session.begin_nested():
                return await repository.add(row)
        except IntegrityError:  # the savepoint's rollback takes the row out of the session
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")

"""Whose points pay for a redemption: the household pooling rule.

- `mine`: a villager or 联户长 spends their own points — their entries stamped with the
  household they stand in now (points.people.standing). Those points are part of the
  household's pool too (the ledger: a household's balance is the sum of the entries carrying
  it), so the pool must still cover the spend: the head may have spent them already. Points a
  person earned while in no household (a 联户长 before they scanned their own door plate) are
  theirs alone and belong to no pool; a redemption is paid from one place — the household part
  if it covers the cost, else the unpooled part if that does.
- `household`: the household's head — an active member whose membership relation is 户主, as
  the village register and the approved application state it — spends the pool: every entry
  carrying the household, whoever of the family earned it. The seed's households (one 户主
  each) redeem together this way; other members spend only their own.
- Points earned in a household one has since left stay with it (ledger.api): they are not one's
  own to spend in the new one, nor can they be spent twice (by the old head and the mover).
- The hold is one negative entry of the redeemer's, stamped with the place the points came from;
  the refund is stamped the same, so it goes back where it was taken from."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, Household, Person
from jinghutong.points.ledger.api import household_balance
from jinghutong.points.people import standing
from jinghutong.points.rewards import auth
from jinghutong.points.rewards.errors import ChooseHousehold, NotARedeemer, NotHouseholdHead
from jinghutong.points.rewards.repository import PlacesRepository, PoolRepository
from jinghutong.points.rewards.schemas import Available, Pool


@dataclass(frozen=True)
class Source:
    """Where a redemption's points come from, and where its entries are stamped."""

    pool: Pool
    person_id: str
    household_id: str | None
    area_path: str


async def _headed(
    session: AsyncSession, me: Person, station: Area, household_id: str | None
) -> Household:
    households = await PlacesRepository(session).headed_households(me.id, station.path)
    if household_id is not None:
        households = [h for h in households if h.id == household_id]
    if not households:
        raise NotHouseholdHead()
    if len(households) > 1:
        raise ChooseHousehold(fields={"household_id": "请选择一户"})
    return households[0]


async def source_for(
    session: AsyncSession, me: Person, station: Area, pool: Pool, household_id: str | None
) -> Source:
    """The pool the caller may spend from at this station (403 when they may not)."""
    if not any(s.id == station.id for s in await auth.home_stations(session, me.id)):
        raise NotARedeemer()
    if pool == "household":
        household = await _headed(session, me, station, household_id)
        return Source("household", me.id, household.id, household.area_path)
    where = await standing(session, me.id)
    return Source("mine", me.id, where.household_id, where.area_path)


async def lock(session: AsyncSession, source: Source) -> None:
    """Take the pool's row locks before reading it (rewards.repository.PoolRepository.lock)."""
    person = source.person_id if source.pool == "mine" else None
    await PoolRepository(session).lock(source.household_id, person)


async def places(session: AsyncSession, source: Source) -> list[tuple[Source, int]]:
    """Each place the source may pay from, with what it covers now (call after `lock` to rely
    on it until commit): the household pool; or one's own points in the household, then one's
    unpooled ones."""
    if source.pool == "household":
        assert source.household_id is not None
        return [(source, await household_balance(session, source.household_id))]
    pools = PoolRepository(session)
    unpooled = await pools.person_points_in(source.person_id, None)
    if source.household_id is None:
        return [(source, unpooled)]
    own = await pools.person_points_in(source.person_id, source.household_id)
    in_household = min(own, await household_balance(session, source.household_id))
    return [(source, in_household), (replace(source, household_id=None), unpooled)]


def paying(candidates: list[tuple[Source, int]], cost: int) -> tuple[Source, int]:
    """The first place that covers `cost`, else the one that covers most (too little)."""
    for place in candidates:
        if place[1] >= cost:
            return place
    return max(candidates, key=lambda place: place[1])


async def available(session: AsyncSession, me: Person, station: Area) -> Available | None:
    """What the caller could spend on one redemption here now (None: they do not redeem here)."""
    try:
        mine = await source_for(session, me, station, "mine", None)
    except NotARedeemer:
        return None
    households = await PlacesRepository(session).headed_households(me.id, station.path)
    pooled = await household_balance(session, households[0].id) if households else None
    most = max(covered for _, covered in await places(session, mine))
    return Available(mine=most, household=pooled)

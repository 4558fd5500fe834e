"""Every query of rewards and redemptions, and of the places and pools they are checked against.
Ledger entries are only read here; they are written through points.ledger.api.append_entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import (
    Area,
    AreaLevel,
    Household,
    Membership,
    MembershipStatus,
    Person,
    PointsEntry,
    Redemption,
    RedemptionStatus,
    Reward,
    Role,
    RoleGrant,
    at_or_above,
)

HEAD_RELATION = "户主"  # memberships.relation of the household head (the register's word)


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class PlacesRepository:
    """Stations, households and people around a reward."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _stations(self, condition: ColumnElement[bool]) -> list[Area]:
        query = select(Area).where(Area.level == AreaLevel.station, condition).order_by(Area.id)
        return list((await self.session.scalars(query)).all())

    async def stations_over(self, paths: Iterable[str]) -> list[Area]:
        """The stations at or above any of `paths`."""
        over = [at_or_above(Area.id, Area.path, p) for p in sorted(set(paths)) if p]
        return await self._stations(or_(*over)) if over else []

    async def stations_touching(self, paths: list[str]) -> list[Area]:
        """The stations at or above any of `paths`, or inside one of them (a county's staff)."""
        if not paths:
            return []
        over = [at_or_above(Area.id, Area.path, p) for p in paths]
        return await self._stations(or_(*over, within(Area.path, paths)))

    async def home_stations(self, person_id: str) -> list[Area]:
        homes = select(Household.area_path).join(
            Membership, Membership.household_id == Household.id
        )
        homes = homes.where(
            Membership.person_id == person_id, Membership.status == MembershipStatus.active
        )
        leads = select(Area.path).join(RoleGrant, RoleGrant.area_id == Area.id)
        leads = leads.where(
            RoleGrant.person_id == person_id, RoleGrant.role == str(Role.group_leader)
        )
        paths = [*(await self.session.scalars(homes)).all()]
        paths += (await self.session.scalars(leads)).all()
        return await self.stations_over(paths)

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def headed_households(self, person_id: str, station_path: str) -> list[Household]:
        """Households under the station whose active member of relation 户主 the person is."""
        query = (
            select(Household)
            .join(Membership, Membership.household_id == Household.id)
            .where(
                Membership.person_id == person_id,
                Membership.status == MembershipStatus.active,
                Membership.relation == HEAD_RELATION,
                Household.area_path.like(station_path + "%"),
            )
            .order_by(Household.id)
        )
        return list((await self.session.scalars(query)).all())

    async def names(self, person_ids: Iterable[str | None]) -> dict[str, str]:
        ids = sorted({i for i in person_ids if i})
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}

    async def addresses(self, household_ids: Iterable[str | None]) -> dict[str, str]:
        ids = sorted({i for i in household_ids if i})
        if not ids:
            return {}
        query = select(Household.id, Household.address).where(Household.id.in_(ids))
        return {hid: address for hid, address in (await self.session.execute(query)).all()}


class PoolRepository:
    """The points a redemption is paid from, and the row lock that orders spends from one pool."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, household_id: str | None, person_id: str | None) -> None:
        """Serialise spends from one pool (PostgreSQL row locks until commit; SQLite has one
        writer and ignores FOR UPDATE): the household's row for its pool — its head's pooled
        spends and its members' own spends both take it — then the person's row for their
        unpooled points. Always in that order, so two spends never wait on each other.

        FOR NO KEY UPDATE, not FOR UPDATE: every insert that names the person (the request's
        idempotency record, the ledger entry, the redemption) takes a KEY SHARE lock on their
        row, which FOR UPDATE waits for — two redemptions would each hold one and wait for the
        other's (a deadlock). NO KEY UPDATE conflicts only with itself: what is needed here."""
        if household_id is not None:
            query = select(Household.id).where(Household.id == household_id)
            await self.session.execute(query.with_for_update(key_share=True))
        if person_id is not None:
            query = select(Person.id).where(Person.id == person_id)
            await self.session.execute(query.with_for_update(key_share=True))

    async def person_points_in(self, person_id: str, household_id: str | None) -> int:
        """The person's own points stamped with this household (None: with none)."""
        stamped = (
            PointsEntry.household_id.is_(None)
            if household_id is None
            else PointsEntry.household_id == household_id
        )
        total = await self.session.scalar(
            select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
                PointsEntry.person_id == person_id, stamped
            )
        )
        return int(total or 0)

    async def entry(self, person_id: str, award_key: str) -> PointsEntry | None:
        return await self.session.scalar(
            select(PointsEntry).where(
                PointsEntry.person_id == person_id, PointsEntry.award_key == award_key
            )
        )


class RewardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, reward_id: str) -> Reward | None:
        query = (
            select(Reward).where(Reward.id == reward_id).execution_options(populate_existing=True)
        )
        return await self.session.scalar(query)

    async def add(self, reward: Reward) -> Reward:
        self.session.add(reward)
        await self.session.flush()
        return reward

    async def page(
        self, station_id: str, *, active_only: bool, after: str | None, limit: int
    ) -> list[Reward]:
        query = select(Reward).where(Reward.station_id == station_id)
        if active_only:
            query = query.where(Reward.active.is_(True))
        if after:
            query = query.where(Reward.id > after)
        return list((await self.session.scalars(query.order_by(Reward.id).limit(limit))).all())

    async def take_one(self, reward_id: str) -> bool:
        """One off the stock, only if there is one and the reward is on offer: the row lock of
        the UPDATE orders concurrent takers, the condition is re-checked on the row each sees,
        and the CHECK (stock >= 0) stands behind it."""
        result = await self.session.execute(
            update(Reward)
            .where(Reward.id == reward_id, Reward.stock > 0, Reward.active.is_(True))
            .values(stock=Reward.stock - 1)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def put_back(self, reward_id: str) -> None:
        await self.session.execute(
            update(Reward)
            .where(Reward.id == reward_id)
            .values(stock=Reward.stock + 1)
            .execution_options(synchronize_session=False)
        )

    async def adjust_stock(self, reward_id: str, delta: int) -> bool:
        """Goods arrived (+) or were found missing (−); never below zero, whatever redemptions
        take meanwhile (conditional on the row as it is when the UPDATE reaches it)."""
        result = await self.session.execute(
            update(Reward)
            .where(Reward.id == reward_id, Reward.stock + delta >= 0)
            .values(stock=Reward.stock + delta)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def many(self, reward_ids: Iterable[str]) -> dict[str, Reward]:
        ids = sorted(set(reward_ids))
        if not ids:
            return {}
        return {
            r.id: r for r in await self.session.scalars(select(Reward).where(Reward.id.in_(ids)))
        }


class RedemptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, redemption_id: str) -> Redemption | None:
        query = select(Redemption).where(Redemption.id == redemption_id)
        return await self.session.scalar(query.execution_options(populate_existing=True))

    async def by_code_hash(self, code_hash: str) -> Redemption | None:
        query = select(Redemption).where(Redemption.code_hash == code_hash)
        return await self.session.scalar(query.execution_options(populate_existing=True))

    async def add(self, redemption: Redemption) -> Redemption:
        self.session.add(redemption)
        await self.session.flush()
        return redemption

    async def _leave_held(self, redemption_id: str, **values: object) -> bool:
        """held → something else, once: of two staff (or a staff and the owner) acting at the
        same moment, one changes the row and the other finds it no longer held."""
        result = await self.session.execute(
            update(Redemption)
            .where(Redemption.id == redemption_id, Redemption.status == RedemptionStatus.held)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def mark_fulfilled(self, redemption_id: str, by: str, at: datetime) -> bool:
        return await self._leave_held(
            redemption_id, status=RedemptionStatus.fulfilled, fulfilled_by=by, fulfilled_at=at
        )

    async def mark_cancelled(self, redemption_id: str, at: datetime) -> bool:
        return await self._leave_held(
            redemption_id, status=RedemptionStatus.cancelled, cancelled_at=at
        )

    async def page(
        self,
        *,
        person_id: str | None,
        station_ids: list[str] | None,
        status: str | None,
        before: str | None,
        limit: int,
    ) -> list[Redemption]:
        """Newest first: one person's (`person_id`) or the stations' (`station_ids`)."""
        query = select(Redemption)
        if person_id is not None:
            query = query.where(Redemption.person_id == person_id)
        if station_ids is not None:
            scope = Redemption.station_id.in_(station_ids) if station_ids else false()
            query = query.where(scope)
        if status:
            query = query.where(Redemption.status == status)
        if before:
            query = query.where(Redemption.id < before)
        query = query.order_by(Redemption.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

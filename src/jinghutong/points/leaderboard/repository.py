"""The 光荣榜's queries: points earned in a period under an area, grouped by where they were
earned, and the places and people around them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
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
    PointsEvent,
    Role,
    RoleGrant,
    at_or_above,
)

# Redemptions spend points and refunds give spent points back: neither is earned. Everything
# else is — awards by rule, approved claims, manual entries (a commendation adds; a deduction
# for a false report takes off what the person earned, so it counts against their rank too).
NOT_EARNED = (str(PointsEvent.redemption), str(PointsEvent.refund))


class LeaderboardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def earned(
        self, path: str, starts_at: datetime, ends_at: datetime
    ) -> list[tuple[str, str, int]]:
        """(person, area path at award time, points) earned under `path` in [starts, ends)."""
        query = (
            select(PointsEntry.person_id, PointsEntry.area_path, func.sum(PointsEntry.points))
            .where(
                PointsEntry.area_path.like(path + "%"),
                PointsEntry.created_at >= starts_at,
                PointsEntry.created_at < ends_at,
                PointsEntry.event_kind.not_in(NOT_EARNED),
            )
            .group_by(PointsEntry.person_id, PointsEntry.area_path)
        )
        rows = await self.session.execute(query)
        return [(person, area, int(total or 0)) for person, area, total in rows.all()]

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def areas_under(self, path: str, level: AreaLevel) -> list[Area]:
        """The areas of `level` at or under `path`."""
        query = select(Area).where(Area.level == level, within(Area.path, [path]))
        return list((await self.session.scalars(query.order_by(Area.path))).all())

    async def above(self, path: str, level: AreaLevel) -> Area | None:
        """The area of `level` at or above the area at `path`."""
        query = select(Area).where(Area.level == level, at_or_above(Area.id, Area.path, path))
        return await self.session.scalar(query.limit(1))

    async def home_villages(self, person_id: str) -> list[Area]:
        """The villages over the person's households and the micro-grids they lead."""
        homes = (
            select(Household.area_path)
            .join(Membership, Membership.household_id == Household.id)
            .where(Membership.person_id == person_id, Membership.status == MembershipStatus.active)
        )
        leads = (
            select(Area.path)
            .join(RoleGrant, RoleGrant.area_id == Area.id)
            .where(RoleGrant.person_id == person_id, RoleGrant.role == str(Role.group_leader))
        )
        paths = sorted(
            {*(await self.session.scalars(homes)).all()}
            | {*(await self.session.scalars(leads)).all()}
        )
        if not paths:
            return []
        over = or_(*(at_or_above(Area.id, Area.path, p) for p in sorted(paths)))
        query = select(Area).where(Area.level == AreaLevel.village, over).order_by(Area.path)
        return list((await self.session.scalars(query)).all())

    async def names(self, person_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}

"""Every membership query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jinghutong.identity.access import within
from jinghutong.models import (
    Area,
    Household,
    Membership,
    MembershipStatus,
    Person,
    Role,
    RoleGrant,
    at_or_above,
)

Row = tuple[Membership, Household, Person]


class MembershipRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, membership_id: str) -> tuple[Membership, Household] | None:
        row = (
            await self.session.execute(
                select(Membership, Household)
                .join(Household, Household.id == Membership.household_id)
                .where(Membership.id == membership_id)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def get_for(self, person_id: str, household_id: str) -> Membership | None:
        return await self.session.scalar(
            select(Membership).where(
                Membership.person_id == person_id, Membership.household_id == household_id
            )
        )

    async def add(self, membership: Membership) -> Membership:
        self.session.add(membership)
        await self.session.flush()
        return membership

    async def is_active_member(self, person_id: str, household_id: str) -> bool:
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.person_id == person_id,
                Membership.household_id == household_id,
                Membership.status == MembershipStatus.active,
            )
        )
        return found is not None

    async def move(
        self, membership_id: str, old: str, new: str, by: str | None, at: datetime
    ) -> bool:
        """Change status only if it is still `old` (two approvers at once: one wins, one 409)."""
        result = await self.session.execute(
            update(Membership)
            .where(Membership.id == membership_id, Membership.status == old)
            .values(status=new, decided_by_id=by, decided_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def page(
        self, condition: ColumnElement[bool], status: str | None, after: str | None, limit: int
    ) -> list[Row]:
        query = (
            select(Membership, Household, Person)
            .join(Household, Household.id == Membership.household_id)
            .join(Person, Person.id == Membership.person_id)
            .where(condition)
        )
        if status:
            query = query.where(Membership.status == status)
        if after:
            query = query.where(Membership.id > after)
        rows = await self.session.execute(query.order_by(Membership.id).limit(limit))
        return [(m, h, p) for m, h, p in rows.all()]

    def decidable_by(self, person_id: str, paths: list[str]) -> ColumnElement[bool]:
        """Memberships of households the person is an active member of or oversees."""
        mine = aliased(Membership)
        households = select(mine.household_id).where(
            mine.person_id == person_id, mine.status == MembershipStatus.active
        )
        return or_(Membership.household_id.in_(households), within(Household.area_path, paths)) & (
            Membership.person_id != person_id
        )

    async def approver_ids(self, household: Household) -> list[str]:
        """Active members and the micro-grid's 联户长 (the 村警 when it has none)."""
        members = await self.session.scalars(
            select(Membership.person_id).where(
                Membership.household_id == household.id,
                Membership.status == MembershipStatus.active,
            )
        )
        leaders = list(await self._holders(Role.group_leader, household.area_path))
        if not leaders:
            leaders = list(await self._holders(Role.village_police, household.area_path))
        return list(dict.fromkeys([*members.all(), *leaders]))

    async def _holders(self, role: Role, path: str) -> list[str]:
        rows = await self.session.scalars(
            select(RoleGrant.person_id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.role == role, at_or_above(Area.id, Area.path, path))
        )
        return list(rows.all())

"""Queries for the staff directory."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import Area, Person, RoleGrant


class StaffRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    @staticmethod
    def grants(roles: Sequence[str], paths: list[str]) -> ColumnElement[bool]:
        """Grants of one of `roles` on an area under one of `paths` (join Area first)."""
        return and_(RoleGrant.role.in_(list(roles)), within(Area.path, paths))

    async def person_page(
        self, condition: ColumnElement[bool], after: str | None, limit: int
    ) -> list[Person]:
        """Active people holding a matching grant, by id, after `after`."""
        holders = (
            select(RoleGrant.person_id).join(Area, Area.id == RoleGrant.area_id).where(condition)
        )
        query = select(Person).where(Person.id.in_(holders), Person.is_active.is_(True))
        if after is not None:
            query = query.where(Person.id > after)
        return list(await self.session.scalars(query.order_by(Person.id).limit(limit)))

    async def grants_of(
        self, person_ids: list[str], condition: ColumnElement[bool]
    ) -> list[tuple[str, str, str, str, str]]:
        """(person_id, role, area_id, area_name, area_level) of these people's matching grants."""
        if not person_ids:
            return []
        rows = await self.session.execute(
            select(RoleGrant.person_id, RoleGrant.role, Area.id, Area.name, Area.level)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.person_id.in_(person_ids), condition)
            .order_by(Area.path)
        )
        return [(p, r, a, n, str(lv)) for p, r, a, n, lv in rows.all()]

"""Every query the printed matter needs: a few set-based reads per document, never one per
household."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import (
    Area,
    AreaLevel,
    Household,
    HouseholdCodeImage,
    Person,
    Role,
    RoleGrant,
)


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    code_version: int
    address: str
    head_name: str
    micro_grid_id: str
    micro_grid_name: str


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None


class PrintingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def village_of(self, area: Area) -> Area | None:
        """The village at or above `area` (its path lists every ancestor's id)."""
        ids = [part for part in area.path.split("/") if part]
        query = select(Area).where(Area.id.in_(ids), Area.level == AreaLevel.village)
        return (await self.session.scalars(query)).first()

    async def households_under(self, path: str) -> list[HouseholdRow]:
        """The households under `path` with their micro-grid's name (one query)."""
        query = (
            select(
                Household.id,
                Household.code_version,
                Household.address,
                Household.head_name,
                Household.area_id,
                Area.name,
            )
            .join(Area, Area.id == Household.area_id)
            .where(Household.area_path.like(path + "%"))
        )
        rows = (await self.session.execute(query)).all()
        return [HouseholdRow(*row) for row in rows]

    async def code_images_under(self, path: str) -> dict[str, bytes]:
        """The cached WeChat code of each household under `path`, current version only."""
        query = (
            select(HouseholdCodeImage.household_id, HouseholdCodeImage.png)
            .join(Household, Household.id == HouseholdCodeImage.household_id)
            .where(
                Household.area_path.like(path + "%"),
                HouseholdCodeImage.version == Household.code_version,
            )
        )
        return {hid: png for hid, png in (await self.session.execute(query)).all()}

    async def uncached_under(self, path: str) -> tuple[int, list[tuple[str, int]]]:
        """How many households are under `path`, and (id, version) of those whose current
        code is not cached."""
        cached = (
            select(HouseholdCodeImage.household_id)
            .where(
                HouseholdCodeImage.household_id == Household.id,
                HouseholdCodeImage.version == Household.code_version,
            )
            .exists()
        )
        under = Household.area_path.like(path + "%")
        total = await self.session.scalar(select(func.count()).select_from(Household).where(under))
        query = select(Household.id, Household.code_version).where(under, ~cached)
        rows = (await self.session.execute(query.order_by(Household.id))).all()
        return int(total or 0), [(hid, version) for hid, version in rows]

    async def household_counts(self, path: str) -> dict[str, int]:
        """Households per micro-grid under `path`."""
        query = (
            select(Household.area_id, func.count())
            .where(Household.area_path.like(path + "%"))
            .group_by(Household.area_id)
        )
        return {area_id: count for area_id, count in (await self.session.execute(query)).all()}

    async def areas_under(self, path: str, level: AreaLevel) -> list[Area]:
        query = select(Area).where(Area.path.like(path + "%"), Area.level == level)
        return list((await self.session.scalars(query)).all())

    async def group_leaders_under(self, path: str) -> dict[str, list[Contact]]:
        """The 联户长 of each micro-grid under `path` (micro-grid id → contacts)."""
        query = (
            select(RoleGrant.area_id, Person)
            .join(Person, Person.id == RoleGrant.person_id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(
                RoleGrant.role == Role.group_leader,
                Area.path.like(path + "%"),
                Person.is_active.is_(True),
            )
            .order_by(Person.name)
        )
        leaders: dict[str, list[Contact]] = defaultdict(list)
        for area_id, person in (await self.session.execute(query)).all():
            leaders[area_id].append(Contact(person.name, person.phone))
        return leaders

    async def village_officers(self, village_id: str) -> dict[Role, list[Contact]]:
        """防区民警, 辅警 and 村警 granted on the village."""
        roles = (Role.area_officer, Role.auxiliary_officer, Role.village_police)
        query = (
            select(RoleGrant.role, Person)
            .join(Person, Person.id == RoleGrant.person_id)
            .where(
                RoleGrant.area_id == village_id,
                RoleGrant.role.in_([str(r) for r in roles]),
                Person.is_active.is_(True),
            )
            .order_by(Person.name)
        )
        officers: dict[Role, list[Contact]] = {role: [] for role in roles}
        for role, person in (await self.session.execute(query)).all():
            officers[Role(role)].append(Contact(person.name, person.phone))
        return officers

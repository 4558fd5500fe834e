"""Who may see and edit which household.

Seeing follows the role grants (联户长 their micro-grid, 村警 their village, area and auxiliary
officers their villages, duty room / chief / admin the station), and a villager sees the
households they are an active member of. Editing the register is for 村警, 防区民警 and admin."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import Forbidden, NotFound
from jinghutong.identity.access import has_role_over, path_within, scope_paths, within
from jinghutong.models import Household, Membership, MembershipStatus, Person, Role

VIEW_ROLES = tuple(Role)
EDIT_ROLES = (Role.village_police, Role.area_officer, Role.admin)


class NoRegisterRights(Forbidden):
    detail = "只有村警、防区民警或管理员可以修改这里的户籍登记"


@dataclass(frozen=True)
class HouseholdScope:
    """What one caller may see: area paths from their roles plus their own households."""

    person_id: str
    paths: list[str]
    # Micro-grid paths of the caller's own households: they see those areas and their ancestors.
    own_paths: list[str] = field(default_factory=list)

    def households(self) -> ColumnElement[bool]:
        """SQL condition on `Household`: visible to this caller."""
        own = select(Membership.household_id).where(
            Membership.person_id == self.person_id,
            Membership.status == MembershipStatus.active,
        )
        return or_(within(Household.area_path, self.paths), Household.id.in_(own))

    def covers_path(self, path: str) -> bool:
        """The area at `path` lies within the caller's role scope."""
        return path_within(path, self.paths)

    def sees_area(self, path: str) -> bool:
        """Within scope, or above something in scope (shown so the tree can be navigated)."""
        return self.covers_path(path) or any(
            p.startswith(path) for p in (*self.paths, *self.own_paths)
        )

    def roots(self) -> list[str]:
        """Where the caller's tree starts: their scope areas, else their households' areas."""
        extra = [p for p in self.own_paths if not self.covers_path(p)]
        return [*self.paths, *sorted(set(extra))]


async def scope_for(session: AsyncSession, person: Person) -> HouseholdScope:
    paths = await scope_paths(session, person.id, VIEW_ROLES)
    own = await session.scalars(
        select(Household.area_path)
        .join(Membership, Membership.household_id == Household.id)
        .where(Membership.person_id == person.id, Membership.status == MembershipStatus.active)
        .distinct()
    )
    return HouseholdScope(person.id, paths, list(own))


async def can_edit(session: AsyncSession, person: Person, area_path: str) -> bool:
    return await has_role_over(session, person.id, EDIT_ROLES, area_path)


async def require_edit(
    session: AsyncSession, person: Person, scope: HouseholdScope, area_path: str
) -> None:
    """403 when the caller sees the area but may not edit it; 404 when they do not see it."""
    if await can_edit(session, person, area_path):
        return
    if scope.covers_path(area_path):
        raise NoRegisterRights()
    raise NotFound()
